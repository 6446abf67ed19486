// Reading `aws ... describe-*` output for --live snapshots: a JSON node that knows which file it
// came from and where in it it sits, so every malformed value is reported as one line naming the
// file and the JSON path (`snap/tg.json: TargetGroups[0].Port: expected a number`).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "backends/aws/aws_call.h"

namespace berth::aws::live {

// A malformed snapshot file. Thrown inside the live reader only: AwsLiveBackend::ReadLive turns
// it into its error string, so it never crosses the backend boundary.
class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Node {
 public:
  Node(const Json* json, std::string file, std::string path)
      : json_(json), file_(std::move(file)), path_(std::move(path)) {}

  const Json& json() const { return *json_; }
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }

  bool Has(std::string_view key) const;
  // The member `key` (which must be present and not null) / the item `i` of an array.
  Node At(std::string_view key) const;
  // Items of the array `key`; empty when absent or null.
  std::vector<Node> Items(std::string_view key) const;
  std::vector<Node> Items() const;  // this node's own items (it must be an array)

  // Typed reads of members; a present member of the wrong type is an error.
  std::string Str(std::string_view key) const;
  std::optional<std::string> OptStr(std::string_view key) const;
  long long Int(std::string_view key) const;
  std::optional<long long> OptInt(std::string_view key) const;
  std::optional<double> OptNumber(std::string_view key) const;
  std::optional<bool> OptBool(std::string_view key) const;
  // Strings of the array `key`; empty when absent.
  std::vector<std::string> Strs(std::string_view key) const;
  std::string AsStr() const;  // this node as a string

  // Throws "FILE: PATH: message".
  [[noreturn]] void Fail(const std::string& message) const;

 private:
  std::optional<Node> Member(std::string_view key) const;
  const Json* json_;
  std::string file_;
  std::string path_;
};

}  // namespace berth::aws::live
