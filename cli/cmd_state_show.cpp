// berth state show ADDRESS [PATH]: one resource as the state records it, laid out like the plan
// so the two read alike (the plan's value renderer), sensitive values masked.
#include <fmt/format.h>

#include <algorithm>

#include "cli/compile_stack.h"
#include "cli/state_commands.h"
#include "planner/render_value.h"

namespace berth::cli {

namespace {

void ShowAttributes(const Value& map, CommandIo& io) {
  if (!map.is(ValueKind::kMap)) return;
  size_t width = 0;
  for (const auto& [k, v] : map.map()) width = std::max(width, k.size());
  for (const auto& [k, v] : map.map()) {
    io.out << fmt::format("    {:<{}} = {}\n", k, width, planner::RenderValue(v, 4));
  }
}

}  // namespace

int StateShowCommand(const std::vector<std::string>& args, CommandIo& io) {
  const std::string usage = "berth state show ADDRESS [PATH] [--state FILE]";
  std::vector<FlagSpec> flags = StateFlags();
  auto parsed = ParseCommandArgs("state show", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: " << usage << "\n\n" << FlagsHelp(flags);
    return 0;
  }
  auto operands = ParseStateOperands("state show", *parsed, 1, false, usage, io);
  if (!operands) return 1;
  auto state = LoadStateOrReport(operands->state_path, io);
  if (!state) return 1;
  const state::Resource* r = FindOrReport(*state, operands->operands[0], operands->state_path, io);
  if (!r) return 1;
  io.out << fmt::format("# {} ({})\n{} {{\n", r->address, r->kind, r->address);
  ShowAttributes(r->attributes, io);
  if (r->computed.is(ValueKind::kMap) && !r->computed.map().empty()) {
    io.out << "\n    # known after apply\n";
    ShowAttributes(r->computed, io);
  }
  if (!r->depends_on.empty()) {
    io.out << "\n    # depends on: ";
    for (size_t i = 0; i < r->depends_on.size(); ++i) {
      io.out << (i ? ", " : "") << r->depends_on[i];
    }
    io.out << "\n";
  }
  io.out << "}\n";
  return 0;
}

}  // namespace berth::cli
