// Helpers for the state tests: a scratch directory and a small but varied state.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "planner/state.h"

namespace berth::state {

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "berth-state-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  std::string Write(const std::string& name, const std::string& content) const {
    std::ofstream(File(name), std::ios::binary) << content;
    return File(name);
  }

 private:
  std::string path_;
};

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline State SampleState() {
  State s;
  s.lineage = "0123456789abcdef0123456789abcdef";
  Value password = Value::String("hunter2");
  password.MarkSensitive();
  s.Put({"service.api",
         "service",
         Value::Map({{"cluster", Value::Ref("cluster.main", "arn")},
                     {"desired_count", Value::Number(2)},
                     {"deployment", Value::Map({{"circuit_breaker", Value::Symbol("rollback")}})}}),
         Value::Map({{"arn", Value::String("arn:aws:ecs:ap-northeast-1:1:service/api")}}),
         {"cluster.main", "task.api"}});
  s.Put({"cluster.main",
         "cluster",
         Value::Map({{"container_insights", Value::Bool(true)}}),
         Value::Map({}),
         {}});
  s.Put({"task.api",
         "task",
         Value::Map({{"cpu", Value::Cpu(256)},
                     {"memory", Value::Size(512.0 * 1048576)},
                     {"containers", Value::List({Value::Map({
                                        {"name", Value::String("app")},
                                        {"env", Value::Map({{"DB_PASSWORD", password}})},
                                        {"start_period", Value::Duration(60000)},
                                        {"secret", Value::Secret("arn:aws:secretsmanager:x")},
                                    })})}}),
         Value::Map({{"revision", Value::Number(3)}}),
         {}});
  return s;
}

}  // namespace berth::state
