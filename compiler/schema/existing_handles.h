// ARNs that stand for resources a stack does not declare (docs/language.md, "Existing
// resources"), accepted where the schema wants a reference.
#pragma once

#include <string>
#include <string_view>

#include "compiler/schema/schema.h"

namespace berth::schema {

// Where a reference is wanted, a resource the stack does not declare is named by its ARN: a
// role's, a target group's, a cluster's, or a task definition's (also `family:REVISION`, a
// pinned revision). berth never creates or changes it. True when `text` is one for `type`.
bool IsExistingHandle(const Type& type, std::string_view text);
// "the ARN of an existing role", "" when the kinds of `type` have none.
std::string ExistingHandlePhrase(const Type& type);

}  // namespace berth::schema
