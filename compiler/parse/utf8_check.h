// Encoding check run before lexing: the ANTLR runtime throws on invalid UTF-8, and a NUL byte
// would be lexed as a stray character far from the user's view of the file.
#pragma once

#include <cstdint>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"

namespace berth::parse {

// Reports the first invalid UTF-8 byte or NUL byte of `file` (with its line and code point
// column) and returns false; true when the file is clean.
bool CheckEncoding(const SourceFile& file, uint32_t file_id, Diagnostics& diags);

}  // namespace berth::parse
