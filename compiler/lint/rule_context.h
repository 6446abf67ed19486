// Internal to compiler/lint: what a rule family gets, and one entry per family, each in the file
// of the same name. Lint (lint.cpp) runs them all.
#pragma once

#include <string>

#include "compiler/ir/ir.h"
#include "compiler/lint/lint.h"

namespace berth::lint {

class Sink {
 public:
  explicit Sink(std::vector<Finding>& out) : out_(out) {}
  // Adds a finding of `rule` (its level comes from the rule table).
  void Add(std::string_view rule, const ir::Resource& resource, const SourceRange& range,
           std::string message);

 private:
  std::vector<Finding>& out_;
};

void CheckImages(const ir::Program& program, Sink& sink);            // BRT001
void CheckPlaintextSecrets(const ir::Program& program, Sink& sink);  // BRT002
void CheckContainers(const ir::Program& program, Sink& sink);        // BRT003, 007-012
void CheckServices(const ir::Program& program, Sink& sink);          // BRT004-006, 013, 016
void CheckIam(const ir::Program& program, Sink& sink);               // BRT014, 015
void CheckClusters(const ir::Program& program, Sink& sink);          // BRT017

// The container's name for messages: `container "app" of task.api`.
std::string ContainerSubject(const ir::Resource& task, const Value& container);

}  // namespace berth::lint
