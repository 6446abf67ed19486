// The files of an emission (docs/aws.md): one `NNN-<service>-<operation>-<label>.json` per call,
// each exactly the `--cli-input-json` body; manifest.json; apply.sh, which runs them in order
// with the AWS CLI. Written as a whole or not at all.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "backends/aws/emission.h"

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

}  // namespace berth::aws
