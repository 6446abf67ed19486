#include "cli/state_prefetch.h"

#include "cli/stack_backend.h"

namespace berth::cli {

StatePrefetch::StatePrefetch(const ParsedArgs& args) : guessed_path_(StatePath(args, nullptr)) {
  loaded_ = std::async(std::launch::async, [path = guessed_path_] {
    Loaded loaded;
    loaded.ok = state::LoadState(path, loaded.state, loaded.error);
    return loaded;
  });
}

bool StatePrefetch::Take(const std::string& path, state::State& state, std::string& error) {
  Loaded loaded = loaded_.get();
  if (path != guessed_path_) return state::LoadState(path, state, error);
  state = std::move(loaded.state);
  error = std::move(loaded.error);
  return loaded.ok;
}

}  // namespace berth::cli
