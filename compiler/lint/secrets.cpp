// BRT002: secrets in plain `env` values end up in the task definition, readable by anyone who
// can describe it, and in every plan and log. They belong in `secrets` (Secrets Manager or SSM),
// injected at run time. A flagged value is also masked like a declared secret
// (MaskPlaintextSecrets), so berth itself never prints it.
#include <array>
#include <cctype>
#include <regex>

#include "compiler/lint/rule_context.h"
#include "compiler/rules/ir_view.h"

namespace berth::lint {

namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Names that say "this is a secret" (DB_PASSWORD, STRIPE_API_KEY, GITHUB_TOKEN), unless a suffix
// says the value only points at one (DB_PASSWORD_ARN, TOKEN_URL, SECRET_NAME).
bool NameLooksSecret(std::string_view name) {
  std::string upper = Upper(name);
  static constexpr std::array<std::string_view, 12> kWords = {
      "PASSWORD",    "PASSWD",     "SECRET",     "TOKEN",    "API_KEY",       "APIKEY",
      "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL", "AUTH_KEY", "CLIENT_SECRET", "PASSPHRASE"};
  static constexpr std::array<std::string_view, 8> kPointers = {
      "_ARN", "_URL", "_URI", "_PATH", "_FILE", "_NAME", "_ID", "_ENDPOINT"};
  for (std::string_view p : kPointers) {
    if (upper.ends_with(p)) return false;
  }
  for (std::string_view w : kWords) {
    if (upper.find(w) != std::string::npos) return true;
  }
  return false;
}

// Values whose shape gives them away whatever the variable is called. Every env value of every
// task passes here on each compile: plain substring tests rule out almost all of them before
// the (much slower) regular expression runs.
bool ValueLooksSecret(const std::string& value) {
  static constexpr std::array<std::string_view, 8> kHints = {
      "AKIA", "ASIA", "PRIVATE KEY", "gh", "github_pat_", "xox", "sk_live_", "://"};
  bool hinted = false;
  for (std::string_view hint : kHints) hinted |= value.find(hint) != std::string::npos;
  if (!hinted) return false;
  static const std::regex kPatterns(
      R"((^|[^A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}([^A-Z0-9]|$))"  // AWS access key id
      R"(|-----BEGIN [A-Z ]*PRIVATE KEY-----)"                // PEM private key
      R"(|gh[pousr]_[A-Za-z0-9]{30,})"                        // GitHub tokens
      R"(|github_pat_[A-Za-z0-9_]{30,})"
      R"(|xox[abposr]-[A-Za-z0-9-]{10,})"  // Slack tokens
      R"(|sk_live_[A-Za-z0-9]{16,})"       // Stripe secret keys
      R"(|://[^/\s:@]+:[^/\s@]+@)");       // credentials in a URL
  return std::regex_search(value, kPatterns);
}

// Whether the env entry `name = value` is a plaintext secret; `why` says which test fired.
bool IsPlaintextSecret(std::string_view name, const Value& value, std::string& why) {
  // A secret() source is injected at run time; a reference is produced by another resource;
  // numbers and booleans are settings. A sensitive variable's value is judged like any text:
  // in `env` it still lands in the task definition in plain text.
  if (!value.is(ValueKind::kString) || value.str().empty()) return false;
  if (ValueLooksSecret(value.str())) {
    why = "its value has the shape of a credential";
    return true;
  }
  if (NameLooksSecret(name) && !value.str().starts_with("arn:")) {
    why = "its name says it holds a secret";
    return true;
  }
  return false;
}

template <typename Visit>
void ForEachEnvEntry(const ir::Program& program, Visit visit) {
  for (const ir::Resource& task : program.resources) {
    if (task.kind != "task") continue;
    for (const Value* c : rules::Blocks(task.attributes, "containers")) {
      const Value* env = rules::Attr(*c, "env");
      if (!env || !env->is(ValueKind::kMap)) continue;
      for (const auto& [name, value] : env->map()) visit(task, *c, name, value);
    }
  }
}

}  // namespace

void CheckPlaintextSecrets(const ir::Program& program, Sink& sink) {
  ForEachEnvEntry(program, [&](const ir::Resource& task, const Value& container,
                               const std::string& name, const Value& value) {
    std::string why;
    if (!IsPlaintextSecret(name, value, why)) return;
    // The message names the variable, never its value.
    sink.Add("BRT002", task, rules::RangeOf(&value, rules::RangeOf(&container, task.range)),
             ContainerSubject(task, container) + " sets environment variable " + name +
                 " in plain text, and " + why + ": move it to `secrets` with secret(\"arn:...\")");
  });
}

void MaskPlaintextSecrets(ir::Program& program) {
  for (ir::Resource& task : program.resources) {
    if (task.kind != "task") continue;
    Value* containers = nullptr;
    for (auto& [key, value] : task.attributes.mutable_map()) {
      if (key == "containers" && value.is(ValueKind::kList)) containers = &value;
    }
    if (!containers) continue;
    for (Value& c : containers->mutable_list()) {
      if (!c.is(ValueKind::kMap)) continue;
      for (auto& [key, env] : c.mutable_map()) {
        if (key != "env" || !env.is(ValueKind::kMap)) continue;
        for (auto& [name, value] : env.mutable_map()) {
          std::string why;
          if (IsPlaintextSecret(name, value, why)) value.MarkSensitive();
        }
      }
    }
  }
}

}  // namespace berth::lint
