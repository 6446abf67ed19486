// Live strings that spell a desired template with the live objects' handles become that
// template again, as handles alone become references (live_backend.cpp): "arn:...:log-group:x:*"
// is `"${log_group.x.arn}:*"` when log group x's ARN is "arn:...:log-group:x".
#pragma once

#include <map>
#include <string>

#include "compiler/base/value.h"

namespace berth::aws {

// Every string of `live` equal to the text of a template found anywhere in `desired`, with each
// of its references replaced by a handle `handles` gives for it, is replaced by that template.
// A reference `x.arn` also matches x's own handle ("" attribute) when that handle is an ARN.
void RestoreTemplates(Value& live, const Value& desired,
                      const std::map<std::string, RefTarget>& handles);

}  // namespace berth::aws
