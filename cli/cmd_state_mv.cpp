// berth state mv FROM TO [PATH]: renames a resource's address, so that renaming a block (or
// moving it into a module) is not planned as a destroy and a create.
#include <algorithm>

#include "cli/compile_stack.h"
#include "cli/state_commands.h"

namespace berth::cli {

namespace {

// The kind of an address: `module.web.service.api["x"]` -> "service".
std::string KindOf(const std::string& address) {
  std::string rest = address;
  while (rest.rfind("module.", 0) == 0) {
    size_t dot = rest.find('.', 7);
    if (dot == std::string::npos) return "";
    rest = rest.substr(dot + 1);
  }
  size_t dot = rest.find('.');
  return dot == std::string::npos || dot + 1 == rest.size() ? "" : rest.substr(0, dot);
}

// References to the old address inside recorded values follow the rename.
void RenameRefs(Value& v, const std::string& from, const std::string& to) {
  if (v.is(ValueKind::kRef) && v.ref().address == from) {
    bool sensitive = v.sensitive();
    v = Value::Ref(to, v.ref().attribute);
    v.MarkSensitive(sensitive);
  } else if (v.is(ValueKind::kTemplate)) {
    ValueList parts = v.parts();
    for (Value& part : parts) RenameRefs(part, from, to);
    bool sensitive = v.sensitive();
    v = Value::Template(std::move(parts));
    v.MarkSensitive(sensitive);
  } else if (v.is(ValueKind::kList)) {
    for (Value& item : v.mutable_list()) RenameRefs(item, from, to);
  } else if (v.is(ValueKind::kMap)) {
    for (auto& [key, item] : v.mutable_map()) RenameRefs(item, from, to);
  }
}

}  // namespace

int StateMvCommand(const std::vector<std::string>& args, CommandIo& io) {
  const std::string usage = "berth state mv FROM TO [PATH] [--state FILE]";
  std::vector<FlagSpec> flags = StateFlags();
  auto parsed = ParseCommandArgs("state mv", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: " << usage << "\n\n" << FlagsHelp(flags);
    return 0;
  }
  auto operands = ParseStateOperands("state mv", *parsed, 2, false, usage, io);
  if (!operands) return 1;
  const std::string& from = operands->operands[0];
  const std::string& to = operands->operands[1];
  std::string error;
  auto lock = state::StateLock::Acquire(operands->state_path, "state mv", error);
  if (!lock) {
    io.err << "berth: " << error << "\n";
    return 1;
  }
  auto state = LoadStateOrReport(operands->state_path, io);
  if (!state) return 1;
  const state::Resource* found = FindOrReport(*state, from, operands->state_path, io);
  if (!found) return 1;
  if (KindOf(to) != found->kind) {
    io.err << "berth: cannot move " << from << " to " << to << ": the new address must be a "
           << found->kind << " address, like " << found->kind << ".NAME or module.M." << found->kind
           << ".NAME\n";
    return 1;
  }
  if (state->Find(to)) {
    io.err << "berth: cannot move " << from << " to " << to << ": " << to
           << " is already in the state\n";
    return 1;
  }
  state::Resource moved = *found;
  state->Remove(from);
  moved.address = to;
  state->Put(std::move(moved));
  for (state::Resource& r : state->resources) {
    for (std::string& d : r.depends_on) {
      if (d == from) d = to;
    }
    std::sort(r.depends_on.begin(), r.depends_on.end());
    RenameRefs(r.attributes, from, to);
    RenameRefs(r.computed, from, to);
  }
  if (!state::SaveState(operands->state_path, *state, error)) {
    io.err << "berth: " << error << "\n";
    return 1;
  }
  io.out << "Moved " << from << " to " << to << "\n";
  return 0;
}

}  // namespace berth::cli
