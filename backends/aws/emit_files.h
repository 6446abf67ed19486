// The files of an emission (docs/aws.md): one `NNN-<service>-<operation>-<label>.json` per call,
// each exactly the `--cli-input-json` body; manifest.json; apply.sh, which runs them in order
// with the AWS CLI. Written as a whole or not at all.
#pragma once

#include <deque>
#include <ostream>
#include <string>
#include <string_view>

#include "backends/aws/emission.h"
#include "backends/aws/file_set.h"
#include "backends/aws/json_text.h"

namespace berth::aws {

// `003-ecs-register-task-definition-api.json` for the third call (index 2). The label is the
// address without its kind and `module.` words, made file-safe: `module.web.service.api["b"]`
// -> `web-api-b`.
std::string FileName(size_t index, const AwsCall& call);

// manifest.json: the stack, then per call its file, service, operation, address, captures
// (name and query), the placeholders it consumes and the sensitive ones with the environment
// variable that fills each, then the notes.
Json Manifest(const ir::Stack& stack, const Emission& emission);
// The same as manifest.json's text (`Manifest(...).dump(2)` and a newline), written call by call
// without the tree of all of them (a few hundred MiB at 100,000 calls).
void WriteManifest(const ir::Stack& stack, const Emission& emission, std::ostream& out);

// apply.sh: a POSIX sh script running the calls in order (see docs/aws.md).
std::string ApplyScript(const ir::Stack& stack, const Emission& emission);
void WriteApplyScript(const ir::Stack& stack, const Emission& emission, std::ostream& out);

// capture.sh: a POSIX sh script reading what is live for the resources of `program` with the
// AWS CLI (`describe-*`) into a directory that `berth plan --live DIR` reads (docs/aws.md).
std::string CaptureScript(const ir::Program& program);
void WriteCaptureScript(const ir::Program& program, std::ostream& out);

// `text` for a file name: letters, digits and '_' kept, every other run of characters one '-',
// none at the end: `web.api["b"]` -> `web-api-b`.
std::string FileSafe(std::string_view text);

// `text` as one sh word: 'text', an embedded ' closed and reopened ('\'').
std::string ShellQuote(std::string_view text);

// Writes the files into `dir`, replacing what was there: everything goes to `DIR.tmp` first,
// which is renamed to DIR only when complete, so a failure leaves no half-written set. False
// with `error` when DIR cannot be written (it is a file, its parent is missing...).
// With `capture_for`, capture.sh for that program is written too.
bool WriteEmission(const std::string& dir, const ir::Stack& stack, const Emission& emission,
                   std::string& error, const ir::Program* capture_for = nullptr);

// What manifest.json and apply.sh say of a call: everything but its body, with the name of its
// request file and the placeholders the body uses, each made once.
struct CallEntry {
  std::string file;  // FileName(index, call)
  std::string service;
  std::string operation;
  std::string address;
  std::vector<Capture> captures;
  std::vector<std::string> placeholders;  // PlaceholdersIn(call.body)
};

// A deque: 110,000 entries are added one by one and never moved.
using CallEntries = std::deque<CallEntry>;

// apply.sh of those calls (WriteApplyScript's text).
void WriteApplyScript(const ir::Stack& stack, const CallEntries& entries, std::ostream& out);

// The same files as WriteEmission, written as the calls come (`berth emit aws`): Add writes a
// call's request file at once, so its body can be dropped before the next call is built; Finish
// writes manifest.json, apply.sh (and capture.sh for `capture_for`) and replaces DIR.
class EmissionWriter {
 public:
  bool Open(const std::string& dir, std::string& error);
  // The request file of the next call. `placeholders` is PlaceholdersIn(call.body).
  bool Add(const AwsCall& call, std::vector<std::string> placeholders, std::string& error);
  bool Finish(const ir::Stack& stack, const std::vector<std::string>& notes,
              const ir::Program* capture_for, std::string& error);
  size_t size() const { return entries_.size(); }

 private:
  FileSetWriter files_;
  CallEntries entries_;
  JsonTextWriter body_text_;  // one body's text, its memory kept from call to call
};

}  // namespace berth::aws
