// The stack of the template tests against moto (the aws-api backend's and apply.sh's): text
// around values known only after apply (a log group's ARN with ":*", a load balancer's DNS name
// inside a URL) and a sensitive value full of sed and JSON metacharacters, which the tests give
// as kOddValue and expect to arrive byte for byte.
#pragma once

#include <string>

namespace berth::e2e {

// Every character a substitution must carry through sed and into a JSON string.
extern const char kOddValue[];

// The stack "tpl" in ap-northeast-1 for `account`; `subnets` is a berth list of two subnet ids
// moto knows (`["subnet-a", "subnet-b"]`).
std::string TemplateStack(const std::string& subnets, const std::string& account = "123456789012");

}  // namespace berth::e2e
