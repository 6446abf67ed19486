// From one create call of `berth emit aws` to what it contributes to a CloudFormation template:
// the body key-cased into CloudFormation's PascalCase, with the few keys CloudFormation names
// differently, drops or keeps verbatim listed in one table (cfn_properties.cpp).
//
// The casing is applied member by member as the properties are written as text (CfnMemberOf,
// asked by the template writer's hooks): a body is not copied into a second tree with new keys.
// Only a resource's top-level properties are cased as the call is added, so that later calls
// can add to them (an IAM role's ManagedPolicyArns).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "backends/aws/aws_call.h"

namespace berth::aws {

struct CfnCallRules;  // the key rules of one call (cfn_properties.cpp)

// How the keys below a point of a body become CloudFormation's.
struct CfnCasing {
  enum class Mode : uint8_t {
    kKept,         // as they are: data (a map's keys), or CloudFormation's already
    kCapitalized,  // each capitalised: no rule of the call applies below
    kRules,        // by the call's rules, which name keys by their path from the body's root
  };
  Mode mode = Mode::kKept;
  const CfnCallRules* rules = nullptr;  // kRules: the call's
};

// A value of a property as the call's body held it, with what its keys become when written.
struct CfnValue {
  Json value;
  CfnCasing casing = {};
  std::string path = {};  // kRules: the API keys from the body's root to the value
};

// One top-level property of a resource.
struct CfnProperty {
  std::string key;  // CloudFormation's name
  CfnValue value;
  // Arrays that later calls added to an array property (their items follow value's).
  std::vector<CfnValue> appended = {};
  bool is_array() const { return value.value.is_array(); }
};

struct CfnContribution {
  enum class Kind {
    kNewResource,    // a resource of `type`
    kAddToResource,  // merged into the latest resource of `type` of the same address
    kIgnored,        // nothing to add: CloudFormation does it by itself (see the rule's comment)
    kUnknown,        // no rule for this call: reported as a note
  };
  Kind kind = Kind::kUnknown;
  std::string_view type;  // a string literal: resources keep it without a copy each
  // For a new resource: what its logical id adds to the address's ("Listener", "ScalableTarget").
  std::string suffix;
  // For a new resource: its properties. For an addition: arrays are appended to the resource's
  // array of the same key, other values set.
  std::vector<CfnProperty> properties = {};
  // Request members CloudFormation has no property for (API paths): left out, and noted.
  std::vector<std::string> unsupported = {};
};

// The JSON documents that calls hold as strings (an IAM role's trust policy), parsed: the same
// document recurs in every role of a stack, and parsing it anew each time cost a fortieth of the
// emission. The last few are kept.
class CfnDocuments {
 public:
  Json Parsed(const std::string& text);  // as Json::parse without exceptions (discarded if bad)

 private:
  static constexpr size_t kKept = 4;
  std::vector<std::pair<std::string, Json>> recent_;  // newest last
};

// Frees the properties from the leaves up: nlohmann's destructor first moves the children of
// every container into a stack on the heap (to bound its recursion), which cost more than the
// freeing itself; a request body is a few levels deep.
void FreeProperties(std::vector<CfnProperty>& properties);

// Takes the call's body (left null): its values move into the properties.
CfnContribution ContributionOf(AwsCall& call, CfnDocuments& documents);

// What the member `key` of an object whose keys are cased by `casing` becomes. For kRules,
// `path` is the object's API path ("" at the body's root) and gets ".key" appended: the caller
// restores its length once the member's value is written.
struct CfnMember {
  enum class Form : uint8_t {
    kAsIs,
    kJsonDocument,  // a JSON document in a string: written as the parsed object
    kTagList,       // {"k": "v"}: written as [{"Key": "k", "Value": "v"}]
  };
  bool written = true;        // false: no such property
  bool unsupported = false;   // not written either: newer than CloudFormation (noted as added)
  std::string_view key = {};  // CloudFormation's key: `key` capitalised when `capitalize`
  bool capitalize = false;
  CfnCasing casing = {};  // how the keys of its value are cased
  Form form = Form::kAsIs;
};
CfnMember CfnMemberOf(const CfnCasing& casing, std::string& path, std::string_view key);
// The value a member of form kJsonDocument or kTagList is written as.
Json CfnFormed(CfnMember::Form form, const Json& value, CfnDocuments& documents);

// The placeholder attribute that a ScalingPolicy's ScalingTargetId names: its address's
// ScalableTarget (CloudFormation links them by Ref rather than by the ECS resource id).
inline constexpr std::string_view kScalableTargetAttribute = "scalable_target";

// "sample-api_cpu" -> "SampleApiCpu": the words of `text` (letters and digits), each capitalised.
std::string PascalWords(std::string_view text);

}  // namespace berth::aws
