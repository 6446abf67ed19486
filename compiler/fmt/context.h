// What every part of the formatter shares while formatting one file.
#pragma once

#include "compiler/base/source.h"
#include "compiler/fmt/comment_queue.h"
#include "compiler/fmt/format.h"

namespace berth::fmt_internal {

struct FormatContext {
  const FormatOptions& options;
  const SourceFile& source;
  CommentQueue& comments;
};

}  // namespace berth::fmt_internal
