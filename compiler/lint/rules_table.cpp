// The rule table: IDs are stable (a retired rule keeps its number, unused), so suppressions and
// CI filters written today keep meaning the same thing.
#include "compiler/lint/lint.h"

namespace berth::lint {

const char* LevelName(Level level) {
  switch (level) {
    case Level::kError:
      return "error";
    case Level::kWarning:
      return "warning";
    case Level::kNotice:
      return "notice";
  }
  return "warning";
}

const std::vector<RuleInfo>& Rules() {
  static const std::vector<RuleInfo> rules = {
      {"BRT001", "image-tag-unpinned", Level::kWarning,
       "container image tagged `latest` or untagged: pin a version or a digest"},
      {"BRT002", "plaintext-secret", Level::kError,
       "secret-looking environment variable in plain text: use `secrets` with secret(\"arn:...\")"},
      {"BRT003", "container-without-logs", Level::kWarning,
       "container without a logs block: its output is lost"},
      {"BRT004", "circuit-breaker-off", Level::kWarning,
       "deployment circuit breaker off: a failing deployment retries forever"},
      {"BRT005", "single-subnet", Level::kWarning,
       "service in a single subnet: one availability zone failure stops it"},
      {"BRT006", "min-healthy-zero", Level::kWarning,
       "min_healthy_percent 0 on a load-balanced service: deployments take it down"},
      {"BRT007", "health-check-missing", Level::kWarning,
       "essential container of a long-running service without a health check"},
      {"BRT008", "health-start-period-short", Level::kWarning,
       "health check start_period shorter than the service's health_check_grace"},
      {"BRT009", "privileged-container", Level::kError,
       "privileged container: it has root access to the host"},
      {"BRT010", "writable-root-filesystem", Level::kNotice,
       "container root file system writable: set read_only_root = true"},
      {"BRT011", "root-user", Level::kWarning,
       "container runs as root: set `user` to an unprivileged user"},
      {"BRT012", "no-memory-limit", Level::kWarning,
       "container without a hard memory limit, in a task without one"},
      {"BRT013", "public-ip-assigned", Level::kWarning,
       "tasks of a service get public IP addresses"},
      {"BRT014", "task-role-is-execution-role", Level::kWarning,
       "task role equal to the execution role: the application gets the agent's permissions"},
      {"BRT015", "iam-wildcard", Level::kWarning,
       "IAM statement allowing `*` actions or resources"},
      {"BRT016", "old-fargate-platform", Level::kWarning,
       "Fargate platform version pinned to one older than 1.4.0"},
      {"BRT017", "container-insights-off", Level::kNotice,
       "cluster with container insights off: no per-task metrics"},
  };
  return rules;
}

const RuleInfo* FindRule(std::string_view id) {
  for (const RuleInfo& rule : Rules()) {
    if (id == rule.id) return &rule;
  }
  return nullptr;
}

}  // namespace berth::lint
