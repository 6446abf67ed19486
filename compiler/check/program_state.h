// What the evaluation of every module instance adds to: the IR being built, and every
// addressable thing (resource instances and module instances) by full address, so that a
// reference resolves with one hash lookup however large the stack is.
#pragma once

#include <string>
#include <string_view>

#include "compiler/base/value.h"
#include "compiler/check/module.h"
#include "compiler/ir/ir.h"
#include "compiler/schema/schema.h"

namespace berth::check {

struct Entity {
  const schema::BlockSpec* spec = nullptr;  // resource instances; nullptr for module instances
  size_t resource = 0;                      // index into program.resources
  Value outputs;                            // module instances: name -> value
};

struct ProgramState {
  ir::Program program;
  StringMap<Entity> entities;
  Value stack_tags = Value::Map({});
  // `stack`: the stack block's name, region and account, null until declared. Modules read it
  // (a log driver's region, say) without taking it as an argument.
  Value stack_settings =
      Value::Map({{"account", Value::Null()}, {"name", Value::Null()}, {"region", Value::Null()}});

  const Entity* Find(std::string_view address) const {
    auto it = entities.find(address);
    return it == entities.end() ? nullptr : &it->second;
  }
  // "role" for a resource instance, "module" for a module instance, "" otherwise.
  std::string_view KindOf(std::string_view address) const {
    const Entity* e = Find(address);
    if (!e) return "";
    return e->spec ? e->spec->name : "module";
  }
};

}  // namespace berth::check
