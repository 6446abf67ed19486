#include "planner/plan_file.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "compiler/base/atomic_file.h"
#include "planner/plan_json.h"

namespace berth::planner {

namespace {

using nlohmann::json;

constexpr const char* kFileKind = "berth-plan";

}  // namespace

void RecordState(const state::State& state, PlanFile& file) {
  file.state_fingerprint = state::Fingerprint(state);
  file.state_serial = state.serial;
  file.state_lineage = state.lineage;
}

std::string EncodePlanFile(const PlanFile& file) {
  json j = {{"kind", kFileKind},
            {"format_version", PlanFile::kFormatVersion},
            {"plan", PlanToJson(file.plan, Secrets::kHash, file.digest_key)},
            {"stack_path", file.stack_path},
            {"state",
             {{"path", file.state_path},
              {"fingerprint", file.state_fingerprint},
              {"serial", file.state_serial},
              {"lineage", file.state_lineage}}},
            {"variables", file.variables},
            {"sensitive_variables", file.sensitive_variables},
            {"variable_files", file.variable_files}};
  return j.dump(2) + "\n";
}

namespace {

bool DecodeShapes(std::string_view text, PlanFile& file, std::string& error) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || j.value("kind", "") != kFileKind) {
    error = "not a berth plan file";
    return false;
  }
  if (j.value("format_version", 0) != PlanFile::kFormatVersion) {
    error = fmt::format("plan file format version {} is not supported (this berth reads {})",
                        j.value("format_version", 0), PlanFile::kFormatVersion);
    return false;
  }
  // nlohmann's typed getters throw on a wrong type: check every shape before reading.
  const json& st = j.value("state", json::object());
  if (!j.contains("plan") || !j["stack_path"].is_string() || !st.is_object() ||
      !st.value("fingerprint", json()).is_string() ||
      !st.value("serial", json()).is_number_unsigned() ||
      !st.value("lineage", json()).is_string() || !st.value("path", json()).is_string() ||
      !j.value("variables", json()).is_object() || !j.value("variable_files", json()).is_array()) {
    error = "the plan file is incomplete or malformed";
    return false;
  }
  auto plan = PlanFromJson(j["plan"], error);
  if (!plan) return false;
  file.plan = std::move(*plan);
  file.stack_path = j["stack_path"].get<std::string>();
  file.state_path = st["path"].get<std::string>();
  file.state_fingerprint = st["fingerprint"].get<std::string>();
  file.state_serial = st["serial"].get<uint64_t>();
  file.state_lineage = st["lineage"].get<std::string>();
  file.variables.clear();
  for (const auto& [k, v] : j["variables"].items()) {
    if (!v.is_string()) {
      error = "the plan file's variable " + k + " is not a string";
      return false;
    }
    file.variables[k] = v.get<std::string>();
  }
  // Absent from plans saved before sensitive variables were left out of them.
  file.sensitive_variables.clear();
  const json& sensitive = j.value("sensitive_variables", json::array());
  if (!sensitive.is_array()) {
    error = "the plan file's sensitive_variables is not a list";
    return false;
  }
  for (const json& name : sensitive) {
    if (!name.is_string()) {
      error = "the plan file's sensitive_variables holds a non-string";
      return false;
    }
    file.sensitive_variables.push_back(name.get<std::string>());
  }
  file.variable_files.clear();
  for (const json& f : j["variable_files"]) {
    if (!f.is_string()) {
      error = "the plan file's variable_files holds a non-string";
      return false;
    }
    file.variable_files.push_back(f.get<std::string>());
  }
  return true;
}

}  // namespace

bool DecodePlanFile(std::string_view text, PlanFile& file, std::string& error) {
  // The checks above cover the shapes berth writes; a file edited or damaged elsewhere can
  // still hold a value of another type deeper in, which nlohmann's getters throw on.
  try {
    return DecodeShapes(text, file, error);
  } catch (const json::exception&) {
    // nlohmann's text ("cannot use value() with string") would not help a user.
    error =
        "the plan file is malformed: a value is not of the type berth writes there; save "
        "the plan again with `berth plan --out`";
    return false;
  }
}

bool WritePlanFile(const std::string& path, const PlanFile& file, std::string& error) {
  if (!WriteFileAtomically(path, EncodePlanFile(file), error, FileAccess::kPrivate)) {
    error = "cannot write the plan file: " + error;
    return false;
  }
  return true;
}

bool ReadPlanFile(const std::string& path, PlanFile& file, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fmt::format("cannot read the plan file {}", path);
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!DecodePlanFile(text.str(), file, error)) {
    error = fmt::format("{}: {}", path, error);
    return false;
  }
  return true;
}

bool PlanFileIsCurrent(const PlanFile& file, const state::State& current, std::string& error) {
  // A missing state file loads with a fresh random lineage each time: an empty state at serial
  // 0 is the same state whatever lineage it was given.
  bool both_unborn = file.state_serial == 0 && current.serial == 0 && current.resources.empty();
  if (file.state_fingerprint == state::Fingerprint(current) || both_unborn) return true;
  error = fmt::format(
      "the state changed since this plan was made (serial {} -> {}): run `berth plan` again",
      file.state_serial, current.serial);
  return false;
}

}  // namespace berth::planner
