// The exact JSON form of typed values inside the state file (docs/state.md). Unlike the IR's
// output form, it keeps sensitive content, and every value reads back equal, kind and
// sensitivity included. Streams through JsonWriter: a state of 10,000 resources is rewritten
// after every apply action.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/base/value.h"
#include "compiler/ir/json_writer.h"

namespace berth::state {

void WriteExactValue(JsonWriter& w, const Value& value);
// As the state file holds values: the same, but each sensitive value as its keyed hash,
// {"$sensitive": {"$digest": "hmac-sha256:..."}} (state_digest.h), never its content. Reading
// gives the in-memory digest (DigestValue).
void WriteHashedValue(JsonWriter& w, const Value& value, std::string_view key);

// `where` names the value in messages ("service.api.attributes"); on failure `error` says
// where and what is wrong.
std::optional<Value> ReadExactValue(const nlohmann::json& json, const std::string& where,
                                    std::string& error);
// Reads a whole state file from its bytes, with no JSON document (state_text_reader.cpp),
// leaving resources in file order. False, with `state` partly filled, for anything but a valid
// state read exactly as ReadStateDocument reads it: that one then says what is wrong.
// `done_with`, when given, is called after each resource with how many leading bytes of `text`
// the reader will not look at again (LoadState releases the mapped file's pages behind it).
struct State;
bool ReadStateFast(std::string_view text, State& state,
                   const std::function<void(size_t)>& done_with = nullptr);
// The same through a JSON document: slower, and the words of every error. Defined in state.cpp.
bool ReadStateDocument(std::string_view text, State& state, std::string& error);

// As ReadExactValue, but moves strings out of `json` (left valid, its strings unspecified): for
// a DOM that is read once and dropped, such as a whole state file.
std::optional<Value> TakeExactValue(nlohmann::json& json, const std::string& where,
                                    std::string& error);

struct Resource;
// One resource as the state file and the journal hold it; takes `j`'s strings (the document is
// dropped once read). `where` names it in messages. Defined in state.cpp.
bool ReadStateResource(nlohmann::json& j, const std::string& where, Resource& r,
                       std::string& error);
// Its writer: the same fields, keys and spelling in both, sensitive values hashed with `key`.
// Defined in state.cpp.
void WriteStateResource(JsonWriter& w, const Resource& r, std::string_view key);

}  // namespace berth::state
