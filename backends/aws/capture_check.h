// The rule that makes a list of calls runnable in order: every `{{berth:NAME}}` placeholder a
// call's body uses is captured by an earlier call of the same list. (Sensitive placeholders,
// `{{berth:sensitive.…}}`, are filled from the environment by apply.sh, not by captures.)
#pragma once

#include <string>
#include <vector>

#include "backends/aws/aws_call.h"

namespace berth::aws {

// The placeholder names in a body, without braces, in order of first appearance, each once.
std::vector<std::string> PlaceholdersIn(const Json& body);

// `sensitive.ADDRESS.PATH`: filled by apply.sh from the environment, never captured.
bool IsSensitivePlaceholder(std::string_view name);

// The names of placeholders used before (or without) a call capturing them, each once.
std::vector<std::string> UncapturedPlaceholderNames(const std::vector<AwsCall>& calls);

// One message per placeholder used before (or without) a call capturing it:
// "call 3 (elbv2 create-listener, load_balancer.public): {{berth:target_group.api.arn}} is not
// captured by an earlier call". Empty when the list is runnable.
std::vector<std::string> UncapturedPlaceholders(const std::vector<AwsCall>& calls);

}  // namespace berth::aws
