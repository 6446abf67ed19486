#include "cli/read_stats.h"

#include <cstdlib>

namespace berth::cli {

void PrintReadStats(const char* command, const backends::Backend& backend, CommandIo& io) {
  const char* wanted = std::getenv("BERTH_STATS");
  if (!wanted || !*wanted || std::string(wanted) == "0") return;
  if (std::string line = backend.ReadStats(); !line.empty())
    io.err << "berth " << command << ": stats: live read: " << line << "\n";
}

}  // namespace berth::cli
