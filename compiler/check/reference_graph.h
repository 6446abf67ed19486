// The reference graph of a module: which declaration reads which (lets, resources, module
// instances, outputs), from the references written in their expressions. Undefined references
// and reference cycles are reported here, once per module, before anything is evaluated.
#pragma once

#include "compiler/base/diagnostics.h"
#include "compiler/check/module.h"

namespace berth::check {

// Fills module.nodes and module.order (dependencies before dependents).
void BuildReferenceGraph(Module& module, Diagnostics& diags);

}  // namespace berth::check
