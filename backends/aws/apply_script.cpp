// apply.sh: the POSIX sh script of an emission. It never edits the request files: each request
// is copied into a private work directory, placeholders are substituted there with sed, and the
// copy is removed once its call ran.
#include <fmt/format.h>

#include <cctype>
#include <set>
#include <sstream>

#include "backends/aws/emit_files.h"
#include "backends/aws/json_text.h"

namespace berth::aws {

namespace {

void AppendShellQuoted(std::string& out, std::string_view text) {
  out += '\'';
  for (size_t quote; (quote = text.find('\'')) != std::string_view::npos;) {
    out.append(text.substr(0, quote));
    out += "'\\''";
    text.remove_prefix(quote + 1);
  }
  out.append(text);
  out += '\'';
}

}  // namespace

std::string ShellQuote(std::string_view text) {
  std::string quoted;
  AppendShellQuoted(quoted, text);
  return quoted;
}

namespace {

// How `{{berth:NAME}}` appears in a request file (JSON-escaped, as the file has it), as a sed
// basic regular expression.
std::string PlaceholderPattern(const std::string& name) {
  std::string in_file;
  AppendJsonString(in_file, "{{berth:" + name + "}}");
  std::string pattern;
  for (char c : std::string_view(in_file).substr(1, in_file.size() - 2)) {
    if (std::string_view(".[]*^$\\|").find(c) != std::string_view::npos) pattern += '\\';
    pattern += c;
  }
  return pattern;
}

// The work directory, the helpers and the checks that run before any call.
// clang-format off
constexpr const char* kApplyPrologue = R"sh(set -eu
umask 077
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
aws_cli=${AWS_CLI:-aws}
identity_check=yes
for argument in "$@"; do
  case $argument in
    --no-identity-check) identity_check=no ;;
    *) echo "apply.sh: unknown argument $argument (the only one is --no-identity-check)" >&2; exit 2 ;;
  esac
done
start=${BERTH_START:-1}
work=${BERTH_WORK:-}
if [ -z "$work" ]; then work=$(mktemp -d "${TMPDIR:-/tmp}/berth-apply.XXXXXX"); fi
mkdir -p "$work/values" "$work/requests"
# Filled-in requests may hold sensitive values: they never outlive the run.
trap 'rm -rf "$work/requests"' EXIT
newline='
'

fail() {
  echo "apply.sh: $*" >&2
  exit 1
}

# require_env VARIABLE NAME: a sensitive value, given in the environment.
require_env() {
  eval "is_set=\${$1+set}"
  [ -n "$is_set" ] || fail "set $1 to the value of {{berth:$2}} (sensitive values are never written into these files)"
}

# step N SERVICE OPERATION ADDRESS: true when call N is to run (BERTH_START resumes a run).
step() {
  if [ "$1" -lt "$start" ]; then
    echo "berth: [$1/$total] skipped $2 $3 ($4)" >&2
    return 1
  fi
  echo "berth: [$1/$total] $2 $3 ($4)" >&2
}

# prepare FILE: a private copy of a request, to substitute into.
prepare() {
  cp "$here/$1" "$work/requests/$1"
  echo "$work/requests/$1"
}

# captured FILE NAME: the value of {{berth:NAME}} an earlier call captured into values/FILE
# (this run or a resumed one).
captured() {
  [ -s "$work/values/$1" ] || fail "no value for {{berth:$2}}: no earlier call captured it (run the whole script, or keep BERTH_WORK when resuming with BERTH_START)"
  cat "$work/values/$1"
}

# substitute FILE PATTERN VALUE: VALUE into every placeholder PATTERN matches, escaped for the
# JSON string it lands in and for sed.
substitute() {
  case $3 in *"$newline"*) fail "a value for $1 spans lines; JSON request values cannot" ;; esac
  escaped=$(printf '%s' "$3" | sed -e 's/[\\"]/\\&/g' -e 's/[\\&|]/\\&/g')
  sed "s|$2|$escaped|g" "$1" >"$1.filled"
  mv "$1.filled" "$1"
}

# check_identity ACCOUNT REGION: the AWS CLI's credentials are for ACCOUNT and its region is
# REGION (the manifest's), or the script stops before its first call: requests planned for one
# account and region must not land in whatever the CLI happens to be configured for.
# --no-identity-check skips this; an empty ACCOUNT or REGION is not checked.
check_identity() {
  if [ "$identity_check" = no ]; then
    echo "berth: not checking the AWS account and region (--no-identity-check)" >&2
    return 0
  fi
  if [ -n "$1" ]; then
    account=$($aws_cli sts get-caller-identity --query Account --output text) ||
      fail "aws sts get-caller-identity failed, so the account these requests would change is unknown; nothing was run (--no-identity-check skips this check)"
    [ "$account" = "$1" ] ||
      fail "the AWS CLI's credentials are for account $account, but these requests are for account $1; nothing was run (use the stack's credentials, or --no-identity-check to run anyway)"
  fi
  if [ -n "$2" ]; then
    # A --region in AWS_CLI wins over the configuration, as it does for every call.
    case " $aws_cli " in
      *" --region "*) region=${aws_cli##*--region }; region=${region%% *} ;;
      *) region=$($aws_cli configure list | awk '$1 == "region" { print $2 }') ;;
    esac
    case $region in
      "" | "<not"*) fail "the AWS CLI has no region configured, but these requests are for $2; nothing was run (set AWS_DEFAULT_REGION=$2)" ;;
    esac
    [ "$region" = "$2" ] ||
      fail "the AWS CLI is configured for region $region, but these requests are for $2; nothing was run (set AWS_DEFAULT_REGION=$2, or --no-identity-check to run anyway)"
  fi
}

# keep FILE NAME N [FROM]: checks what call N printed for {{berth:NAME}} into values/FILE; with
# FROM, keeps only the text from the first FROM on (an ARN's suffix: "app/NAME/ID" of a load
# balancer ARN).
keep() {
  value=$(cat "$work/values/$1")
  if [ -z "$value" ] || [ "$value" = None ]; then
    rm -f "$work/values/$1"
    fail "call $3 returned no value for {{berth:$2}}"
  fi
  if [ -n "${4-}" ]; then
    case $value in
      *"$4"*) printf '%s' "${value#"${value%%"$4"*}"}" >"$work/values/$1" ;;
      *) rm -f "$work/values/$1"; fail "call $3 returned $value for {{berth:$2}}, without \"$4\"" ;;
    esac
  fi
}
)sh";
// clang-format on

// The file under `$work/values/` holding a captured value. Capture names carry `for_each` keys
// (`module.a["blue"].target_group.main.arn`), whose quotes and brackets would end the script's
// quoting: anything but letters, digits, `.`, `_` and `-` is written %XX, which keeps names of
// different captures different.
void AppendCaptureFile(std::string& out, std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '.' || c == '_' || c == '-') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
}

// `keep`'s arguments for `capture` of call `index`: FILE NAME N [FROM] (FROM for a capture
// that keeps only an ARN's suffix).
void AppendKeep(std::string& out, const Capture& capture, size_t index) {
  out += "  keep '";
  AppendCaptureFile(out, capture.name);  // quoting needs no escape: no ' in a capture file
  out += "' ";
  AppendShellQuoted(out, capture.name);
  out += ' ';
  out += std::to_string(index + 1);
  if (!capture.keep_from.empty()) {
    out += ' ';
    AppendShellQuoted(out, capture.keep_from);
  }
  out += '\n';
}

// One call's lines, appended to `out` (110,000 calls at 10,000 services: made in one string per
// call rather than by many stream insertions).
void AppendCall(std::string& out, size_t index, const CallEntry& call) {
  out += "\n# ";
  out += call.file;
  out += "\nif step ";
  out += std::to_string(index + 1);
  out += ' ';
  out += call.service;
  out += ' ';
  out += call.operation;
  out += ' ';
  AppendShellQuoted(out, call.address);
  out += "; then\n  request=$(prepare ";
  AppendShellQuoted(out, call.file);
  out += ")\n";
  for (const std::string& name : call.placeholders) {
    if (IsSensitivePlaceholder(name)) {
      out += "  value=${";
      out += SensitiveVariable(name);
      out += "}\n";
    } else {
      out += "  value=$(captured '";
      AppendCaptureFile(out, name);
      out += "' ";
      AppendShellQuoted(out, name);
      out += ")\n";
    }
    out += "  substitute \"$request\" ";
    AppendShellQuoted(out, PlaceholderPattern(name));
    out += " \"$value\"\n";
  }
  out += "  $aws_cli ";
  out += call.service;
  out += ' ';
  out += call.operation;
  out += " --cli-input-json \"file://$request\"";
  if (call.captures.empty()) {
    out += " >/dev/null\n";
  } else if (call.captures.size() == 1) {
    const Capture& capture = call.captures[0];
    out += " --query ";
    AppendShellQuoted(out, capture.query);
    out += " --output text >\"$work/values/";
    AppendCaptureFile(out, capture.name);
    out += "\"\n";
    AppendKeep(out, capture, index);
  } else {
    // One call, several values: a multi-select query prints them tab-separated on one line.
    std::string query = "[";
    for (size_t i = 0; i < call.captures.size(); ++i)
      query += (i ? ", " : "") + call.captures[i].query;
    query += "]";
    out += " --query ";
    AppendShellQuoted(out, query);
    out += " --output text >\"$work/values.line\"\n";
    for (size_t i = 0; i < call.captures.size(); ++i) {
      out += "  cut -f ";
      out += std::to_string(i + 1);
      out += " \"$work/values.line\" >\"$work/values/";
      AppendCaptureFile(out, call.captures[i].name);
      out += "\"\n";
      AppendKeep(out, call.captures[i], index);
    }
  }
  out += "  rm -f \"$request\"\nfi\n";
}

}  // namespace

std::string ApplyScript(const ir::Stack& stack, const Emission& emission) {
  std::ostringstream out;
  WriteApplyScript(stack, emission, out);
  return out.str();
}

void WriteApplyScript(const ir::Stack& stack, const CallEntries& calls, std::ostream& out) {
  out << "#!/bin/sh\n"
      << "# Written by berth for stack " << ShellQuote(stack.name)
      << ": runs the requests of this directory in order with the AWS CLI.\n"
         "# Environment: AWS_CLI (default: aws; e.g. \"aws --profile prod\"), BERTH_WORK (where\n"
         "# captured values are kept; default: a new temporary directory), BERTH_START (resume at\n"
         "# call N, with the BERTH_WORK of the run that stopped). Before the first call it checks\n"
         "# that the CLI's account and region are the stack's; --no-identity-check skips that.\n"
         "# See docs/aws.md.\n";
  out << kApplyPrologue;
  out << "total=" << calls.size() << "\n";
  std::set<std::string> required;
  for (const CallEntry& call : calls) {
    for (const std::string& name : call.placeholders) {
      if (IsSensitivePlaceholder(name) && required.insert(name).second)
        out << "require_env " << SensitiveVariable(name) << " " << ShellQuote(name) << "\n";
    }
  }
  // After the sensitive values (no call needed to find one missing), before the first call.
  out << "check_identity " << ShellQuote(stack.account) << " " << ShellQuote(stack.region) << "\n";
  std::string text;
  for (size_t i = 0; i < calls.size(); ++i) {
    text.clear();
    AppendCall(text, i, calls[i]);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  out << "\necho \"berth: done; captured values are in $work/values\" >&2\n";
}

}  // namespace berth::aws
