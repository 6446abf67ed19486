// A log group's document as CreateLogGroup stores it: shared by the API and by the collector,
// which makes the group itself when a task definition says awslogs-create-group "true".
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "controlplane/model/ecs.h"

namespace berth::controlplane::logs {

// arn:aws:logs:REGION:ACCOUNT:log-group:NAME (without the ":*" DescribeLogGroups' `arn` has).
std::string GroupArn(const model::Origin& origin, const std::string& name);

// A new group: no retention, class STANDARD unless `input` names one, its kmsKeyId and tags.
nlohmann::json NewGroup(const model::Origin& origin, const std::string& name,
                        const nlohmann::json& input = nlohmann::json::object());

}  // namespace berth::controlplane::logs
