// file() and env(): the functions that read the machine running berth.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/unit/eval/fixture.h"

namespace berth::evaltest {
namespace {

namespace fs = std::filesystem;

// A fresh directory for file() to read, removed afterwards.
class FileTest : public EvalTest {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("berth_eval_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "conf");
    ctx.base_directory = dir_.string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
  }
  fs::path dir_;
};

TEST_F(FileTest, ReadsRelativeToTheBaseDirectory) {
  Write("conf/policy.json", "{\"Version\": \"2012-10-17\"}\n");
  EXPECT_EQ(Ok(Call("file", Exprs(Str("conf/policy.json")))),
            "\"{\\\"Version\\\": \\\"2012-10-17\\\"}\\n\"");
  EXPECT_EQ(Ok(Call("file", Exprs(Str((dir_ / "conf/policy.json").string())))),
            "\"{\\\"Version\\\": \\\"2012-10-17\\\"}\\n\"");
}

TEST_F(FileTest, MissingFileNamesTheResolvedPath) {
  const Expr* at;
  EXPECT_EQ(
      ErrAt(Call("file", Exprs(At(Str("conf/../missing.txt"), &at))), at),
      "cannot read file `" + (dir_ / "missing.txt").string() + "`: No such file or directory");
}

TEST_F(FileTest, DirectoryIsNotAFile) {
  EXPECT_EQ(Err(Call("file", Exprs(Str("conf")))),
            "cannot read file `" + (dir_ / "conf").string() + "`: it is a directory");
}

TEST_F(FileTest, TooLarge) {
  Write("big.txt", std::string(4 * 1024 * 1024 + 1, 'x'));
  EXPECT_EQ(Err(Call("file", Exprs(Str("big.txt")))),
            "file `" + (dir_ / "big.txt").string() + "` is larger than 4 MiB");
}

TEST_F(FileTest, ExactlyTheLimitIsFine) {
  Write("edge.txt", std::string(4 * 1024 * 1024, 'x'));
  auto v = Eval(Call("file", Exprs(Str("edge.txt"))));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->str().size(), 4u * 1024 * 1024);
}

TEST_F(FileTest, InvalidUtf8) {
  Write("bad.txt", "ok\xC3\x28");
  EXPECT_EQ(Err(Call("file", Exprs(Str("bad.txt")))),
            "file `" + (dir_ / "bad.txt").string() + "` is not valid UTF-8 (at byte 2)");
}

TEST_F(FileTest, TypeError) {
  EXPECT_EQ(Err(Call("file", Exprs(Num(1)))), "`file` expects a string, got a number");
}

// Sets an environment variable for one test and restores the previous state.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST_F(EvalTest, EnvReadsTheEnvironment) {
  ScopedEnv env("BERTH_EVAL_TEST_TAG", "1.4.2");
  EXPECT_EQ(Ok(Call("env", Exprs(Str("BERTH_EVAL_TEST_TAG")))), "\"1.4.2\"");
  EXPECT_EQ(Ok(Call("env", Exprs(Str("BERTH_EVAL_TEST_TAG"), Str("latest")))), "\"1.4.2\"");
}

TEST_F(EvalTest, EnvDefault) {
  ScopedEnv env("BERTH_EVAL_TEST_UNSET", nullptr);
  EXPECT_EQ(Ok(Call("env", Exprs(Str("BERTH_EVAL_TEST_UNSET"), Str("latest")))), "\"latest\"");
}

TEST_F(EvalTest, EnvUnsetWithoutDefault) {
  ScopedEnv env("BERTH_EVAL_TEST_UNSET", nullptr);
  const Expr* at;
  EXPECT_EQ(ErrAt(At(Call("env", Exprs(Str("BERTH_EVAL_TEST_UNSET"))), &at), at),
            "environment variable BERTH_EVAL_TEST_UNSET is not set\n"
            "note: set it, or give a default: env(\"BERTH_EVAL_TEST_UNSET\", \"...\")");
}

TEST_F(EvalTest, EnvTypeError) {
  EXPECT_EQ(Err(Call("env", Exprs(Str("X"), Num(1)))), "`env` expects a string, got a number");
}

}  // namespace
}  // namespace berth::evaltest
