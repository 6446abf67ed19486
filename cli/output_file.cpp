#include "cli/output_file.h"


namespace berth::cli {

int WriteOutput(const std::string& path, CommandIo& io,
                const std::function<void(std::ostream&)>& write) {
  if (path.empty() || path == "-") {
    write(io.out);
    return 0;
  }
  std::string error;
  if (!WriteFileAtomically(path, write, error)) {
    io.err << "berth: " << error << "\n";
    return 1;
  }
  return 0;
}

}  // namespace berth::cli
