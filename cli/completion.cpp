#include "cli/completion.h"

#include <fmt/format.h>

namespace berth::cli {

namespace {

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

// The words some commands take before PATH: `berth state list`, `berth emit aws`...
constexpr const char* kSecondWords = R"(    state) words="list show rm mv" ;;
    emit) words="aws cloudformation" ;;
    import) words="ecs-task-definition ecs-service --from-live" ;;
    completion) words="bash" ;;)";

}  // namespace

std::string BashCompletion(const std::vector<std::string>& commands) {
  return fmt::format(R"(# bash completion for berth. Load it with
#   source <(berth completion bash)
# or install it: berth completion bash > /etc/bash_completion.d/berth
_berth() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} command=${{COMP_WORDS[1]}} words=""
  COMPREPLY=()
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "{0} --help --version" -- "$cur"))
    return
  fi
  if [ "$command" = help ]; then
    [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "{0}" -- "$cur"))
    return
  fi
  case "$cur" in
    -*)
      # The command's own flags, as its --help lists them.
      words=$("${{COMP_WORDS[0]}}" "$command" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' |
              sort -u)
      COMPREPLY=($(compgen -W "$words --help" -- "$cur"))
      return
      ;;
  esac
  case "$command" in
{1}
  esac
  if [ -n "$words" ] && [ "$COMP_CWORD" -eq 2 ]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    return
  fi
  # Stacks are directories or .berth files; plans and JSON are files: complete paths.
  COMPREPLY=($(compgen -f -- "$cur"))
}}
complete -o filenames -o bashdefault -F _berth berth
)",
                     Join(commands), kSecondWords);
}

}  // namespace berth::cli
