// One function per subcommand, each in its own cmd_*.cpp file.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace berth::cli {

struct CommandIo {
  std::ostream& out;
  std::ostream& err;
  bool out_is_terminal = false;
};

using Command = int (*)(const std::vector<std::string>& args, CommandIo& io);

int ValidateCommand(const std::vector<std::string>& args, CommandIo& io);
int CompileCommand(const std::vector<std::string>& args, CommandIo& io);
int FmtCommand(const std::vector<std::string>& args, CommandIo& io);
int GraphCommand(const std::vector<std::string>& args, CommandIo& io);
int PlanCommand(const std::vector<std::string>& args, CommandIo& io);
int ShowCommand(const std::vector<std::string>& args, CommandIo& io);
int StateCommand(const std::vector<std::string>& args, CommandIo& io);
int ForceUnlockCommand(const std::vector<std::string>& args, CommandIo& io);
int ApplyCommand(const std::vector<std::string>& args, CommandIo& io);
int DestroyCommand(const std::vector<std::string>& args, CommandIo& io);
int EmitCommand(const std::vector<std::string>& args, CommandIo& io);
int LintCommand(const std::vector<std::string>& args, CommandIo& io);
int ReviewCommand(const std::vector<std::string>& args, CommandIo& io);
int ServeCommand(const std::vector<std::string>& args, CommandIo& io);
int RefreshCommand(const std::vector<std::string>& args, CommandIo& io);
int ImportCommand(const std::vector<std::string>& args, CommandIo& io);
int LogsCommand(const std::vector<std::string>& args, CommandIo& io);

}  // namespace berth::cli
