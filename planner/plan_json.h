// The plan as JSON (docs/plan-json.md): rendered for machines with secrets masked, and stored
// in saved plans with their keyed hashes.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "planner/plan.h"
#include "planner/value_json.h"

namespace berth::planner {

inline constexpr int kPlanJsonFormatVersion = 1;

// {"format_version", "resource_changes": [...], "summary": {...}}
nlohmann::json PlanToJson(const Plan& plan, Secrets secrets, std::string_view key = {});
// Reads what PlanToJson(kHash) wrote.
std::optional<Plan> PlanFromJson(const nlohmann::json& json, std::string& error);

}  // namespace berth::planner
