// capture.sh: the POSIX sh script that reads what is live for a stack's resources with the AWS
// CLI, one `describe-*` output per file, into the directory `berth plan --live DIR` reads
// (live_snapshot.h). Written next to apply.sh, so that applying and then checking the result is
// `sh apply.sh && sh capture.sh live && berth plan --live live`. Outputs that do not name their
// owner get it added with `--query`, as the snapshot reader wants.
#include <fmt/format.h>

#include <cctype>
#include <sstream>

#include "backends/aws/emit_files.h"
#include "backends/aws/ir_access.h"

namespace berth::aws {

namespace {

// A JMESPath raw string literal ('text') inside a double-quoted shell word: AWS names never hold
// a quote, but a stray one must not end either quoting.
std::string JmesLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    if (c == '"' || c == '$' || c == '`') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string NameOf(const ir::Resource& resource, const char* key = "name") {
  const Value* name = Field(resource.attributes, key);
  return name && name->is(ValueKind::kString) ? name->str() : resource.name;
}

// clang-format off
constexpr const char* kCapturePrologue = R"sh(set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
aws_cli=${AWS_CLI:-aws}
out=${1:-$here/live}
mkdir -p "$out"
err="$out/.capture-errors"

# capture FILE ARGS...: the output of `aws ARGS` into $out/FILE.json. False, writing no file,
# when what it reads does not exist (yet): the plan then shows it as to be created. Any other
# failure stops the script.
capture() {
  file=$1
  shift
  if $aws_cli "$@" --output json >"$out/$file.json.tmp" 2>"$err"; then
    mv "$out/$file.json.tmp" "$out/$file.json"
    echo "capture.sh: $file.json" >&2
    rm -f "$err"
    return 0
  fi
  rm -f "$out/$file.json.tmp"
  if grep -Eq 'NotFound|NoSuchEntity|does not exist|not found|Unable to describe task definition|ResourceNotFoundException' "$err"; then
    echo "capture.sh: $file: not there" >&2
    rm -f "$err"
    return 1
  fi
  cat "$err" >&2
  rm -f "$err"
  echo "capture.sh: aws $1 $2 failed" >&2
  exit 1
}

# value ARGS...: what `aws ARGS --output text` prints, empty for nothing (or for a failure, which
# the capture before it reported).
value() {
  v=$($aws_cli "$@" --output text 2>/dev/null) || v=
  [ "$v" = None ] && v=
  printf '%s' "$v"
}
)sh";
// clang-format on

// The script's text, appended to a string: a resource's lines go to the stream in one write
// (70,000 resources at 10,000 services: the stream's per-insertion work was most of the script's
// cost).
class Text {
 public:
  Text& operator<<(std::string_view text) {
    text_.append(text);
    return *this;
  }
  Text& operator<<(char c) {
    text_ += c;
    return *this;
  }
  void FlushTo(std::ostream& out) {
    out.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }

 private:
  std::string text_;
};

class Writer {
 public:
  Writer(const ir::Program& program, std::ostream& out)
      : program_(program), context_(program), stream_(out) {}

  void Script() {
    out_ << "#!/bin/sh\n"
         << "# Written by berth for stack " << ShellQuote(program_.stack.name)
         << ": reads what is live for its resources with the AWS CLI,\n"
            "# one describe output per file, into DIR (default: live/ next to this script), "
            "for\n"
            "# `berth plan --live DIR`. Usage: sh capture.sh [DIR]. Environment: AWS_CLI "
            "(default: aws).\n"
            "# See docs/aws.md, \"Live snapshots\".\n";
    out_ << kCapturePrologue;
    for (const ir::Resource& r : program_.resources) {
      Resource(r);
      out_.FlushTo(stream_);
    }
    out_ << "\necho \"capture.sh: done; berth plan --live $out\" >&2\n";
    out_.FlushTo(stream_);
  }

 private:
  void Resource(const ir::Resource& r) {
    ++index_;
    prefix_ = fmt::format("{:03}-{}-", index_, FileSafe(r.kind));
    label_ = FileSafe(r.address.starts_with(r.kind + ".") ? r.address.substr(r.kind.size() + 1)
                                                          : r.address);
    out_ << "\n# " << r.address << "\n";
    if (r.kind == "cluster") return Cluster(r);
    if (r.kind == "task") return Task(r);
    if (r.kind == "service") return Service(r);
    if (r.kind == "load_balancer") return LoadBalancer(r);
    if (r.kind == "target_group") return TargetGroup(r);
    if (r.kind == "role") return Role(r);
    if (r.kind == "log_group") return LogGroup(r);
    if (r.kind == "security_group") return SecurityGroup(r);
    if (r.kind == "schedule") return Schedule(r);
    out_ << "# not read: a " << r.kind
         << " is read with what declares it (docs/aws.md, \"Live snapshots\")\n";
  }

  std::string File(std::string_view what) const {
    return prefix_ + label_ + "-" + std::string(what);
  }

  void Line(std::string_view what, const std::string& args, bool condition = false) {
    out_ << (condition ? "if " : "") << "capture " << File(what) << " " << args
         << (condition ? "; then\n" : " || :\n");
  }

  void Cluster(const ir::Resource& r) {
    Line("clusters", "ecs describe-clusters --clusters " + ShellQuote(NameOf(r)) +
                         " --include SETTINGS CONFIGURATIONS TAGS");
  }

  void Task(const ir::Resource& r) {
    Line("task-definition", "ecs describe-task-definition --task-definition " +
                                ShellQuote(NameOf(r, "family")) + " --include TAGS");
  }

  void Service(const ir::Resource& r) {
    std::string cluster = "default";
    if (const Value* ref = Field(r.attributes, "cluster"); ref && ref->is(ValueKind::kRef)) {
      Json resolved = context_.Resolve(ref->ref());
      if (resolved.is_string()) cluster = resolved.get<std::string>();
    } else if (ref && ref->is(ValueKind::kString)) {
      cluster = ref->str();
    }
    if (cluster.starts_with("arn:")) cluster = cluster.substr(cluster.rfind('/') + 1);
    std::string name = NameOf(r);
    Line("services", "ecs describe-services --cluster " + ShellQuote(cluster) + " --services " +
                         ShellQuote(name) + " --include TAGS");
    if (Field(r.attributes, "autoscaling")) {
      std::string id = ShellQuote("service/" + cluster + "/" + name);
      Line("scalable-targets",
           "application-autoscaling describe-scalable-targets --service-namespace ecs "
           "--resource-ids " +
               id);
      Line("scaling-policies",
           "application-autoscaling describe-scaling-policies --service-namespace ecs "
           "--resource-id " +
               id);
      Line("scheduled-actions",
           "application-autoscaling describe-scheduled-actions --service-namespace ecs "
           "--resource-id " +
               id);
      // Step scaling policies keep their metric and threshold in CloudWatch alarms, which berth
      // names CLUSTER-SERVICE-LABEL (autoscaling_service.cpp).
      Line("alarms", "cloudwatch describe-alarms --alarm-name-prefix " +
                         ShellQuote(cluster + "-" + name + "-"));
    }
    if (Field(r.attributes, "service_discovery")) {
      // The Cloud Map service ECS registers the tasks in: its id ends the registry ARN.
      out_ << "registry=$(value ecs describe-services --cluster " << ShellQuote(cluster)
           << " --services " << ShellQuote(name)
           << " --query 'services[0].serviceRegistries[0].registryArn')\n"
           << "if [ -n \"$registry\" ]; then\n"
           << "  capture " << File("discovery-service")
           << " servicediscovery get-service --id \"${registry##*/}\" || :\n"
           << "fi\n";
    }
  }

  void ElbTagsAndAttributes(const char* kind_flag, const char* owner, const char* attributes_op) {
    out_ << "  capture " << File("attributes") << " elbv2 " << attributes_op << " " << kind_flag
         << " \"$arn\" --query \"{" << owner << ": '$arn', Attributes: Attributes}\" || :\n"
         << "  capture " << File("tags") << " elbv2 describe-tags --resource-arns \"$arn\" || :\n";
  }

  void LoadBalancer(const ir::Resource& r) {
    std::string name = ShellQuote(NameOf(r));
    Line("load-balancers", "elbv2 describe-load-balancers --names " + name, true);
    out_ << "  arn=$(value elbv2 describe-load-balancers --names " << name
         << " --query 'LoadBalancers[0].LoadBalancerArn')\n";
    ElbTagsAndAttributes("--load-balancer-arn", "LoadBalancerArn",
                         "describe-load-balancer-attributes");
    out_ << "  capture " << File("listeners")
         << " elbv2 describe-listeners --load-balancer-arn \"$arn\" || :\n"
         << "  n=0\n"
         << "  for listener in $(value elbv2 describe-listeners --load-balancer-arn \"$arn\" "
            "--query 'Listeners[].ListenerArn'); do\n"
         << "    n=$((n + 1))\n"
         << "    capture " << File("rules")
         << "-$n elbv2 describe-rules --listener-arn \"$listener\" || :\n"
         << "  done\n"
         << "fi\n";
  }

  void TargetGroup(const ir::Resource& r) {
    std::string name = ShellQuote(NameOf(r));
    Line("target-groups", "elbv2 describe-target-groups --names " + name, true);
    out_ << "  arn=$(value elbv2 describe-target-groups --names " << name
         << " --query 'TargetGroups[0].TargetGroupArn')\n";
    ElbTagsAndAttributes("--target-group-arn", "TargetGroupArn",
                         "describe-target-group-attributes");
    out_ << "fi\n";
  }

  void Role(const ir::Resource& r) {
    std::string raw = NameOf(r);
    std::string name = ShellQuote(raw);
    Line("role", "iam get-role --role-name " + name, true);
    out_ << "  capture " << File("attached-policies")
         << " iam list-attached-role-policies --role-name " << name
         << " --query \"{RoleName: " << JmesLiteral(raw)
         << ", AttachedPolicies: AttachedPolicies}\" || :\n"
         << "  capture " << File("role-policies") << " iam list-role-policies --role-name " << name
         << " || :\n"
         << "  if [ -n \"$(value iam list-role-policies --role-name " << name
         << " --query \"PolicyNames[?@=='berth-inline'] | [0]\")\" ]; then\n"
         << "    capture " << File("inline-policy") << " iam get-role-policy --role-name " << name
         << " --policy-name berth-inline || :\n"
         << "  fi\n"
         << "fi\n";
  }

  void LogGroup(const ir::Resource& r) {
    std::string raw = NameOf(r);
    std::string name = ShellQuote(raw);
    Line("log-groups",
         "logs describe-log-groups --log-group-name-prefix " + name +
             " --query \"{logGroups: " + "logGroups[?logGroupName==" + JmesLiteral(raw) + "]}\"");
    Line("tags", "logs list-tags-log-group --log-group-name " + name +
                     " --query \"{logGroupName: " + JmesLiteral(raw) + ", tags: tags}\"");
  }

  void SecurityGroup(const ir::Resource& r) {
    std::string filters = "Name=group-name,Values=" + NameOf(r);
    if (const Value* vpc = Field(r.attributes, "vpc"); vpc && vpc->is(ValueKind::kString))
      filters += " Name=vpc-id,Values=" + vpc->str();
    std::string args = "ec2 describe-security-groups --filters";
    std::istringstream words(filters);
    for (std::string word; words >> word;) args += " " + ShellQuote(word);
    Line("security-groups", args);
  }

  void Schedule(const ir::Resource& r) {
    std::string raw = NameOf(r);
    std::string name = ShellQuote(raw);
    Line("rule", "events describe-rule --name " + name, true);
    out_ << "  capture " << File("targets") << " events list-targets-by-rule --rule " << name
         << " --query \"{Rule: " << JmesLiteral(raw) << ", Targets: Targets}\" || :\n"
         << "  arn=$(value events describe-rule --name " << name << " --query Arn)\n"
         << "  capture " << File("tags")
         << " events list-tags-for-resource --resource-arn \"$arn\" --query \"{ResourceARN: "
            "'$arn', Tags: Tags}\" || :\n"
         << "fi\n";
  }

  const ir::Program& program_;
  EmitContext context_;
  std::ostream& stream_;
  Text out_;
  int index_ = 0;
  std::string prefix_, label_;
};

}  // namespace

std::string CaptureScript(const ir::Program& program) {
  std::ostringstream out;
  Writer(program, out).Script();
  return out.str();
}

void WriteCaptureScript(const ir::Program& program, std::ostream& out) {
  Writer(program, out).Script();
}

}  // namespace berth::aws
