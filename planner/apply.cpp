// The apply scheduler: worker threads take ready actions in plan order, at most `parallelism` at
// once, and record each finished action in the state under one mutex, durably at once: a line
// in the state's journal, fsync'd, folded into the state file when the apply ends. A replace
// is one backend call with the kReplace change: the backend decides how to do it, and does it
// create-before-destroy where the platform allows (a new task definition revision before the
// service moves to it).
#include "planner/apply.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "planner/apply_graph.h"
#include "planner/apply_progress.h"
#include "planner/apply_summary.h"
#include "planner/state_journal.h"

namespace berth::planner {

namespace {

using Clock = std::chrono::steady_clock;

// The plan's dependency order plus the orderings the backend's platform needs beyond it.
ApplyGraph GraphFor(const Plan& plan, const state::State& state, const backends::Backend& backend) {
  ApplyGraph graph = BuildApplyGraph(plan, state);
  AddOrderingEdges(graph, plan, backend.OrderingEdges());
  return graph;
}

class Scheduler {
 public:
  Scheduler(const ApplyOptions& options, const Plan& plan, backends::Backend& backend,
            state::State& state)
      : options_(options),
        plan_(plan),
        backend_(backend),
        state_(state),
        graph_(GraphFor(plan, state, backend)),
        waits_for_(graph_.waits_for),
        started_(plan.changes.size(), false),
        unstarted_(graph_.actions.size()) {
    for (size_t i : graph_.actions) {
      if (waits_for_[i] == 0) ready_.insert(i);
    }
    if (!options_.state_path.empty()) journal_.emplace(options_.state_path, state_);
  }

  ApplyResult Run() {
    int workers = std::clamp<int>(options_.parallelism, 1,
                                  std::max<int>(1, static_cast<int>(graph_.actions.size())));
    {
      std::vector<std::jthread> threads;  // joined when the scope ends
      for (int i = 0; i < workers && !graph_.actions.empty(); ++i) {
        threads.emplace_back([this] { Work(); });
      }
    }
    result_.not_started = static_cast<int>(unstarted_);
    if (Interrupted()) result_.interrupted = true;
    Compact();
    PrintLine(SummaryLine(counts_, result_));
    return result_;
  }

 private:
  bool Interrupted() const { return options_.interrupted && options_.interrupted->load(); }

  void PrintLine(const std::string& line) {
    if (options_.progress) *options_.progress << line << std::endl;  // flushed: shown live
  }

  // The next action to start, or nullopt when this worker should exit. Called with mu_ held.
  std::optional<size_t> Take(std::unique_lock<std::mutex>& lock) {
    while (true) {
      if (!stopping_ && Interrupted()) {
        stopping_ = true;
        result_.interrupted = true;
      }
      if (stopping_ || unstarted_ == 0) return std::nullopt;
      if (!ready_.empty()) {
        size_t next = *ready_.begin();
        ready_.erase(ready_.begin());
        return next;
      }
      if (in_flight_ == 0) {
        // Nothing ready and nothing running: a dependency cycle the checker should have
        // rejected. Carry on in plan order rather than hang, as Diff does for leftovers.
        for (size_t i : graph_.actions) {
          if (!started_[i]) return i;
        }
      }
      cv_.wait(lock);
    }
  }

  void Work() {
    std::unique_lock<std::mutex> lock(mu_);
    while (std::optional<size_t> next = Take(lock)) {
      size_t index = *next;
      const ResourceChange& change = plan_.changes[index];
      started_[index] = true;
      --unstarted_;
      ++in_flight_;
      PrintLine(StartLine(change));
      lock.unlock();
      Clock::time_point start = Clock::now();
      backends::ActionResult outcome = CallBackend(change);
      Clock::duration elapsed = Clock::now() - start;
      lock.lock();
      --in_flight_;
      Record(index, outcome, elapsed);
      cv_.notify_all();
    }
    cv_.notify_all();  // others may be waiting for a stop or for the last action to end
  }

  backends::ActionResult CallBackend(const ResourceChange& change) {
    // A backend that throws still ends as that action's failure, never as a torn apply.
    try {
      return backend_.Apply(change);
    } catch (const std::exception& e) {
      return {false, std::string("internal error in the backend: ") + e.what(), Value::Null()};
    } catch (...) {
      return {false, "internal error in the backend", Value::Null()};
    }
  }

  // Called with mu_ held: the state is updated and saved before anything else can start.
  void Record(size_t index, const backends::ActionResult& outcome, Clock::duration elapsed) {
    const ResourceChange& change = plan_.changes[index];
    if (!outcome.ok) {
      Fail(change, FailedLine(change, elapsed, outcome.error),
           MaskEchoedSensitive(change, outcome.error));
      return;
    }
    UpdateState(change, outcome);
    std::string error;
    if (!Persist(change, error)) {
      std::string message = "applied, but saving the state failed: " + error;
      Fail(change, FailedLine(change, elapsed, message), message);
      return;
    }
    ++result_.succeeded;
    ++counts_[change.action];
    PrintLine(DoneLine(change, elapsed));
    for (size_t dependent : graph_.unblocks[index]) {
      if (--waits_for_[dependent] == 0 && !started_[dependent]) ready_.insert(dependent);
    }
  }

  void UpdateState(const ResourceChange& change, const backends::ActionResult& outcome) {
    if (change.action == Action::kDelete) {
      state_.Remove(change.address);
      return;
    }
    state::Resource resource{change.address, change.kind, change.after, outcome.computed,
                             change.depends_on};
    // An update keeps its identity (the arn does not change), so what was known stays known
    // when the backend reports nothing new. A replacement is a new resource.
    if (change.action == Action::kUpdate && outcome.computed.is_null()) {
      if (const state::Resource* old = state_.Find(change.address)) {
        resource.computed = old->computed;
      }
    }
    state_.Put(std::move(resource));
  }

  // Called with mu_ held, after UpdateState: the state in memory always has the action, so the
  // compaction at the end saves it even when its journal line could not be written.
  bool Persist(const ResourceChange& change, std::string& error) {
    if (!journal_) return true;
    if (change.action == Action::kDelete) return journal_->Remove(change.address, error);
    return journal_->Put(*state_.Find(change.address), error);
  }

  // With every worker joined: one whole, atomic write of the state, whatever ended the apply. A
  // failure here loses nothing (the journal stays and the next LoadState replays it), but is
  // reported.
  void Compact() {
    std::string error;
    if (!journal_ || journal_->Compact(error)) return;
    std::string message = "the state is saved in its journal, but compacting it failed: " + error;
    result_.errors.push_back(message);
    PrintLine(message);
  }

  void Fail(const ResourceChange& change, const std::string& line, const std::string& message) {
    ++result_.failed;
    result_.errors.push_back(change.address + ": " + message);
    PrintLine(line);
    stopping_ = true;  // work in flight finishes and is saved; nothing new starts
  }

  const ApplyOptions& options_;
  const Plan& plan_;
  backends::Backend& backend_;
  state::State& state_;
  const ApplyGraph graph_;
  std::optional<state::Journal> journal_;  // compacts when destroyed, should Run not get there

  std::mutex mu_;  // guards everything below, the state and the progress stream
  std::condition_variable cv_;
  std::vector<int> waits_for_;
  std::vector<bool> started_;
  std::set<size_t> ready_;  // ordered: ready actions start in plan order
  size_t unstarted_;
  int in_flight_ = 0;
  bool stopping_ = false;
  ActionCounts counts_;
  ApplyResult result_;
};

}  // namespace

ApplyResult Apply(const ApplyOptions& options, const Plan& plan, backends::Backend& backend,
                  state::State& state) {
  return Scheduler(options, plan, backend, state).Run();
}

}  // namespace berth::planner
