// Renders the attribute tables of docs/resources.md from the schema tables, so the reference
// cannot drift from what the checker enforces. The page's prose and examples are hand-written;
// only the parts between `<!-- BEGIN GENERATED kind -->` and `<!-- END GENERATED kind -->` come
// from here.
#pragma once

#include <string>

#include "compiler/schema/schema.h"

namespace berth::testing {

// The generated section for one resource kind: its attribute table, computed attributes and a
// table per nested block.
std::string RenderResourceReference(const schema::BlockSpec& kind);

// `page` with every generated section replaced by a fresh rendering. Sections for kinds the page
// lacks are not added; the test reports them.
std::string RefreshGeneratedSections(const std::string& page);

}  // namespace berth::testing
