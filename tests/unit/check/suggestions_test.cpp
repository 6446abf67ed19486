// Every suggestion the checker makes must be a value that passes the check: each case is a stack
// with one mistake; the suggestion is read from the diagnostics, written in place of the mistake,
// and the stack checked again, which must then compile without a single error.
#include <regex>

#include "tests/unit/check/check_fixture.h"

namespace berth::testing {
namespace {

// A stack that compiles, to which each case adds its one mistake.
// A module the stack instantiates, for arguments and outputs.
constexpr char kModule[] = R"(variable "name" { type = string }
output "upper" { value = upper(var.name) }
)";

constexpr char kBase[] = R"(import "./modules/tiny"

tiny "one" {
  name = "x"
}

stack "s" {
  region  = "ap-northeast-1"
  account = "123456789012"
}

variable "env" {
  type    = string
  default = "prod"
}

let vpc = "vpc-1"

cluster "main" {}

role "exec" {
  managed = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
}

log_group "api" {
  retention = 30d
}

target_group "api" {
  port = 8080
  vpc  = vpc
}

load_balancer "public" {
  subnets = ["subnet-a", "subnet-b"]
  listener "http" {
    port     = 80
    protocol = HTTP
    forward {
      target_group = target_group.api
    }
  }
}

task "api" {
  cpu            = 256
  memory         = 512MiB
  execution_role = role.exec
  volume "data" {}
  container "app" {
    image = "nginx:1.27"
    port  = 8080
    mount {
      volume = "data"
      path   = "/data"
    }
    health {
      command = ["CMD", "true"]
    }
  }
}

service "api" {
  cluster = cluster.main
  task    = task.api
  network {
    subnets = ["subnet-a", "subnet-b"]
  }
  load_balancer {
    target_group = target_group.api
    container    = "app"
    port         = 8080
  }
}
)";

struct Case {
  const char* name;
  std::string extra;  // appended to kBase
  std::string from;   // the mistake, replaced in kBase + extra (its first occurrence)...
  std::string to;     // ... by this, to make the stack wrong
  std::string wrong;  // the text the suggestion replaces, first found where `to` was written
};

// Every suggestion of every diagnostic: in notes and messages, `x` or "x" after "did you mean",
// the value after "e.g." (unit hints), after "the nearest allowed value is", after "write"
// (schedule spellings) and after "set name =".
std::vector<std::string> Suggestions(const Diagnostics& diags) {
  static const std::regex kPatterns[] = {
      std::regex(R"(did you mean `([^`]+)`\?)"),
      std::regex(R"(did you mean ("[^"]+")\?)"),
      std::regex(R"(e\.g\. ([^ ,]+))"),
      std::regex(R"(the nearest allowed value is ([^ ,;]+))"),
      std::regex(R"(: write (rate\([^)]*\)))"),
      std::regex(R"(set name = ("[^"]+"))"),
  };
  std::vector<std::string> out;
  auto scan = [&](const std::string& text) {
    for (const std::regex& pattern : kPatterns) {
      for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
        out.push_back((*it)[1]);
      }
    }
  };
  for (const Diagnostic& d : diags.all()) {
    scan(d.message);
    for (const DiagnosticNote& note : d.notes) scan(note.message);
  }
  return out;
}

// `text` with the first occurrence of `from` at or after `start` replaced by `to`; `at` receives
// where.
std::string Replace(std::string text, const std::string& from, const std::string& to,
                    size_t start = 0, size_t* at = nullptr) {
  size_t found = text.find(from, start);
  EXPECT_NE(found, std::string::npos) << "no `" << from << "` in the stack";
  if (found != std::string::npos) text.replace(found, from.size(), to);
  if (at) *at = found;
  return text;
}

class SuggestionsTest : public CheckTest {
 protected:
  void ExpectSuggestionsPass(const Case& c) {
    SCOPED_TRACE(c.name);
    size_t mistake = 0;
    std::string wrong = Replace(std::string(kBase) + c.extra, c.from, c.to, 0, &mistake);
    Write("app/modules/tiny/main.berth", kModule);
    Write("app/main.berth", wrong);
    diags_ = Diagnostics();
    ASSERT_FALSE(Run()) << "the mistake was accepted";
    std::vector<std::string> suggestions = Suggestions(diags_);
    ASSERT_FALSE(suggestions.empty()) << "no suggestion in:\n" << Errors();
    for (const std::string& suggestion : suggestions) {
      SCOPED_TRACE("suggestion " + suggestion + " for:\n" + Errors());
      EXPECT_NE(suggestion, c.wrong) << "the suggestion is what was written";
      Write("app/main.berth", Replace(wrong, c.wrong, suggestion, mistake));
      diags_ = Diagnostics();
      Run();
      EXPECT_EQ(Errors(), "") << "the suggestion does not pass";
    }
  }
};

TEST_F(SuggestionsTest, NamesOfAttributesBlocksAndKinds) {
  ExpectSuggestionsPass(
      {"unknown attribute", "", "memory         = 512MiB", "memroy         = 512MiB", "memroy"});
  ExpectSuggestionsPass({"unknown block", "", "health {", "helth {", "helth"});
  ExpectSuggestionsPass(
      {"unknown block type", "", "cluster \"main\" {}", "clustr \"main\" {}", "clustr"});
  ExpectSuggestionsPass({"unknown attribute of stack", "", "region  =", "regoin  =", "regoin"});
  ExpectSuggestionsPass(
      {"unknown variable type", "", "type    = string", "type    = strng", "strng"});
}

TEST_F(SuggestionsTest, ValuesOfEnumsAndNamesInScope) {
  ExpectSuggestionsPass({"enum value", "", "protocol = HTTP", "protocol = HTPP", "HTPP"});
  ExpectSuggestionsPass({"name in scope", "", "vpc  = vpc", "vpc  = vcp", "vcp"});
  ExpectSuggestionsPass(
      {"function", "output \"n\" { value = length([1]) }\n", "length(", "lenght(", "lenght"});
  ExpectSuggestionsPass({"map key", "let m = { key = 1 }\noutput \"k\" { value = m[\"key\"] }\n",
                         "m[\"key\"]", "m[\"kye\"]", "kye"});
}

TEST_F(SuggestionsTest, References) {
  ExpectSuggestionsPass(
      {"variable", "output \"e\" { value = var.env }\n", "var.env }", "var.evn }", "var.evn"});
  ExpectSuggestionsPass({"resource", "", "task    = task.api", "task    = task.aip", "task.aip"});
  ExpectSuggestionsPass({"computed attribute", "output \"a\" { value = log_group.api.arn }\n",
                         "api.arn }", "api.arnn }", "arnn"});
  ExpectSuggestionsPass({"module argument", "", "name = \"x\"", "nmae = \"x\"", "nmae"});
  ExpectSuggestionsPass({"module output", "output \"u\" { value = module.one.upper }\n",
                         "one.upper }", "one.uper }", "uper"});
  // A nested block is read under its IR key: `listener` blocks as `listeners`.
  ExpectSuggestionsPass({"nested block",
                         "output \"l\" { value = load_balancer.public.listeners }\n",
                         "public.listeners }", "public.listener }", "listener"});
}

TEST_F(SuggestionsTest, UnitsThatPassTheAttributesConstraints) {
  // CloudWatch keeps events for whole days of a fixed set: 30 means 30d, not 30s.
  ExpectSuggestionsPass({"log retention", "", "retention = 30d", "retention = 30", "30"});
  ExpectSuggestionsPass(
      {"log retention off the set", "", "retention = 30d", "retention = 45", "45"});
  ExpectSuggestionsPass({"log retention in days", "", "retention = 30d", "retention = 10d", "10d"});
  // Health check intervals are 5s to 300s: 1 cannot be seconds.
  ExpectSuggestionsPass({"health interval", "", "command = [\"CMD\", \"true\"]",
                         "command = [\"CMD\", \"true\"]\n      interval = 1", "1"});
  ExpectSuggestionsPass(
      {"role session", "", "role \"exec\" {", "role \"exec\" {\n  max_session = 2", "2"});
  ExpectSuggestionsPass({"memory", "", "memory         = 512MiB", "memory         = 512", "512"});
}

TEST_F(SuggestionsTest, EcsRules) {
  ExpectSuggestionsPass(
      {"load balancer container", "", "container    = \"app\"", "container    = \"ap\"", "\"ap\""});
  ExpectSuggestionsPass({"mounted volume", "", "volume = \"data\"", "volume = \"dta\"", "\"dta\""});
  ExpectSuggestionsPass(
      {"listener of a listener rule",
       "target_group \"admin\" {\n  port = 8080\n  vpc  = vpc\n}\n"
       "listener_rule \"admin\" {\n  load_balancer = load_balancer.public\n"
       "  listener      = \"http\"\n  priority      = 10\n  path          = [\"/admin/*\"]\n"
       "  forward {\n    target_group = target_group.admin\n  }\n}\n",
       "listener      = \"http\"", "listener      = \"htp\"", "\"htp\""});
  ExpectSuggestionsPass(
      {"load balancer name", "", "subnets = [\"subnet-a\", \"subnet-b\"]\n  listener",
       "name    = \"my_lb\"\n  subnets = [\"subnet-a\", \"subnet-b\"]\n  listener", "\"my_lb\""});
  ExpectSuggestionsPass(
      {"rate unit",
       "role \"events\" {\n  trust = [\"events.amazonaws.com\"]\n}\n"
       "schedule \"nightly\" {\n  expression = \"rate(1 day)\"\n  cluster    = cluster.main\n"
       "  task       = task.api\n  role       = role.events\n"
       "  network {\n    subnets = [\"subnet-a\"]\n  }\n}\n",
       "rate(1 day)", "rate(1 days)", "rate(1 days)"});
}

}  // namespace
}  // namespace berth::testing
