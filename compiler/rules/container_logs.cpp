// Log configuration ECS needs to deliver: awslogs needs its group and region (and a stream
// prefix on Fargate); awsfirelens needs exactly one FireLens router container in the task.
#include "compiler/rules/families.h"
#include "compiler/rules/ir_view.h"

namespace berth::rules {

namespace {

bool HasOption(const Value& logs, std::string_view option) {
  const Value* options = Block(logs, "options");
  return options && Attr(*options, option);
}

void CheckTaskLogs(const ir::Resource& task, Diagnostics& diags) {
  std::vector<const Value*> routers;
  for (const Value* c : Blocks(task.attributes, "containers")) {
    if (Block(*c, "firelens")) routers.push_back(c);
  }
  if (routers.size() > 1) {
    Diagnostic& d = diags.Error(RangeOf(Block(*routers[1], "firelens"), task.range),
                                task.address + " has a second FireLens log router, container " +
                                    Quote(StrAttr(*routers[1], "name")) + "; a task takes one");
    d.notes.push_back({"container " + Quote(StrAttr(*routers[0], "name")) + " is the first",
                       RangeOf(routers[0], task.range)});
  }
  for (const Value* c : Blocks(task.attributes, "containers")) {
    const Value* logs = Block(*c, "logs");
    if (!logs) continue;
    std::string subject = "container " + Quote(StrAttr(*c, "name")) + " of " + task.address;
    SourceRange at = RangeOf(logs, RangeOf(c, task.range));
    std::string_view driver = StrAttr(*logs, "driver");
    if (driver == "awslogs") {
      for (const char* option : {"awslogs-group", "awslogs-region"}) {
        if (!HasOption(*logs, option)) {
          diags.Error(at, subject + " logs with awslogs, which needs options " + Quote(option));
        }
      }
      if (RequiresFargate(task) && !HasOption(*logs, "awslogs-stream-prefix")) {
        diags.Error(at, subject +
                            " logs with awslogs on Fargate, which needs options "
                            "\"awslogs-stream-prefix\"");
      }
    } else if (driver == "awsfirelens" && routers.empty()) {
      diags.Error(RangeOf(Attr(*logs, "driver"), at),
                  subject +
                      " logs through awsfirelens, but the task has no FireLens log "
                      "router: a container with a firelens block");
    }
  }
}

}  // namespace

void CheckContainerLogs(const ir::Program& program, Diagnostics& diags) {
  for (const ir::Resource& r : program.resources) {
    if (r.kind == "task") CheckTaskLogs(r, diags);
  }
}

}  // namespace berth::rules
