// Declarations of one module: the stack and backend blocks, variables, lets, outputs, resources
// and module instances, with labels checked and duplicates reported.
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/check/module.h"

namespace berth::check {

// Fills the declaration vectors and indexes of `module` from its parsed files. Imports must be
// resolved first: a block type may be an import alias.
void CollectDeclarations(Module& module, Diagnostics& diags);

// The variable type written in `type = WORD`; nullopt for an unknown word.
std::optional<VarType> ParseVarType(std::string_view word);
const char* VarTypeName(VarType type);

}  // namespace berth::check
