// From one create call of `berth emit aws` to what it contributes to a CloudFormation template:
// the body key-cased into CloudFormation's PascalCase, with the few keys CloudFormation names
// differently, drops or keeps verbatim listed in one table (cfn_properties.cpp).
#pragma once

#include <string>
#include <vector>

#include "backends/aws/aws_call.h"

namespace berth::aws {

struct CfnContribution {
  enum class Kind {
    kNewResource,    // a resource of `type`
    kAddToResource,  // merged into the latest resource of `type` of the same address
    kIgnored,        // nothing to add: CloudFormation does it by itself (see the rule's comment)
    kUnknown,        // no rule for this call: reported as a note
  };
  Kind kind = Kind::kUnknown;
  std::string type;
  // For a new resource: what its logical id adds to the address's ("Listener", "ScalableTarget").
  std::string suffix;
  // For a new resource: its properties. For an addition: arrays are appended to the resource's
  // array of the same key, other values set.
  Json properties = Json::object();
  // Request members CloudFormation has no property for (API paths): left out, and noted.
  std::vector<std::string> unsupported = {};
};

// Takes the call's body (left null): its values move into the properties.
CfnContribution ContributionOf(AwsCall& call);

// The placeholder attribute that a ScalingPolicy's ScalingTargetId names: its address's
// ScalableTarget (CloudFormation links them by Ref rather than by the ECS resource id).
inline constexpr std::string_view kScalableTargetAttribute = "scalable_target";

// "sample-api_cpu" -> "SampleApiCpu": the words of `text` (letters and digits), each capitalised.
std::string PascalWords(std::string_view text);

}  // namespace berth::aws
