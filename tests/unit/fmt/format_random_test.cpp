// Random programs, fully parenthesized and with comments between random tokens: formatting must
// keep the program (so precedence-driven parentheses are right), keep every comment in order,
// and be a fixed point. Seeded, so a failure reproduces.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "tests/unit/fmt/fmt_test_util.h"

namespace berth::fmt_test {
namespace {

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  // A program as tokens; comments may go between any two.
  std::vector<std::string> Program() {
    std::vector<std::string> out;
    int items = Pick(1, 4);
    for (int i = 0; i < items; ++i) {
      if (Pick(0, 2) == 0) {
        out.insert(out.end(), {"let", Name()});
        out.push_back("=");
        Expr(out, 3);
      } else {
        Block(out, 2);
      }
    }
    return out;
  }

  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

 private:
  std::string Name() {
    static const char* const kNames[] = {"a", "bb", "ccc", "port", "desired_count", "x"};
    return kNames[Pick(0, 5)];
  }

  void Block(std::vector<std::string>& out, int depth) {
    out.push_back(Name());
    if (Pick(0, 1)) out.push_back("\"" + Name() + "\"");
    out.push_back("{");
    int items = Pick(0, 4);
    for (int i = 0; i < items; ++i) {
      if (depth > 0 && Pick(0, 3) == 0) {
        Block(out, depth - 1);
      } else {
        out.insert(out.end(), {Name(), "="});
        Expr(out, 3);
      }
    }
    out.push_back("}");
  }

  void Expr(std::vector<std::string>& out, int depth) {
    static const char* const kLeaves[] = {"1",    "512MiB", "30s",          "70%",     "true",
                                          "null", "\"s\"",  "\"a-${x}-b\"", "var.env", "each.key"};
    static const char* const kBinary[] = {
        "+", "-", "*", "/", "<", "<=", "==", "!=", "&&", "||", ">", ">="};
    int kind = depth <= 0 ? 0 : Pick(0, 13);
    switch (kind) {
      case 0:
      case 1:
        out.push_back(kLeaves[Pick(0, 9)]);
        return;
      case 2:  // binary
        out.push_back("(");
        Expr(out, depth - 1);
        out.push_back(kBinary[Pick(0, 11)]);
        Expr(out, depth - 1);
        out.push_back(")");
        return;
      case 3:  // unary
        out.push_back("(");
        out.push_back(Pick(0, 1) ? "!" : "-");
        Expr(out, depth - 1);
        out.push_back(")");
        return;
      case 4:  // conditional, either form
        out.push_back("(");
        if (Pick(0, 1)) {
          out.push_back("if");
          Expr(out, depth - 1);
          out.push_back("then");
          Expr(out, depth - 1);
          out.push_back("else");
          Expr(out, depth - 1);
        } else {
          Expr(out, depth - 1);
          out.push_back("?");
          Expr(out, depth - 1);
          out.push_back(":");
          Expr(out, depth - 1);
        }
        out.push_back(")");
        return;
      case 5:
      case 6: {  // list
        out.push_back("[");
        int n = Pick(0, 4);
        for (int i = 0; i < n; ++i) {
          Expr(out, depth - 1);
          if (i + 1 < n || Pick(0, 1)) out.push_back(",");
        }
        out.push_back("]");
        return;
      }
      case 7:
      case 8: {  // map
        out.push_back("{");
        int n = Pick(0, 3);
        for (int i = 0; i < n; ++i) {
          out.push_back(Pick(0, 1) ? Name() : "\"k-" + Name() + "\"");
          out.push_back(Pick(0, 1) ? "=" : ":");
          Expr(out, depth - 1);
          if (Pick(0, 1)) out.push_back(",");
        }
        out.push_back("}");
        return;
      }
      case 9:  // call, index, attribute
        out.insert(out.end(), {"merge", "("});
        Expr(out, depth - 1);
        out.push_back(",");
        Expr(out, depth - 1);
        out.insert(out.end(), {")", "[", "0", "]", ".", "name"});
        return;
      case 10:  // for
        out.insert(out.end(), {"[", "for", "k", ",", "v", "in"});
        Expr(out, depth - 1);
        out.push_back(":");
        Expr(out, depth - 1);
        out.insert(out.end(), {"if", "v", "]"});
        return;
      case 11:  // interpolation; comments and line breaks may sit inside `${ }`
        out.push_back("\"a\\$${");
        Expr(out, depth - 1);
        out.push_back("}$\"");
        return;
      case 12:  // for producing a map
        out.insert(out.end(), {"{", "for", "v", "in"});
        Expr(out, depth - 1);
        out.push_back(":");
        Expr(out, depth - 1);
        out.push_back("=>");
        Expr(out, depth - 1);
        out.push_back("}");
        return;
      case 13:  // a map with an expression key
        out.insert(out.end(), {"{", "("});
        Expr(out, depth - 1);
        out.insert(out.end(), {")", "="});
        Expr(out, depth - 1);
        out.push_back("}");
        return;
    }
  }

  std::mt19937 rng_;
};

TEST(FormatRandom, ProgramsWithCommentsAnywhere) {
  Generator gen(20240611);
  FormatOptions narrow;
  narrow.max_width = 40;
  for (int i = 0; i < 1000; ++i) {
    std::vector<std::string> tokens = gen.Program();
    std::string text;
    int comment = 0;
    for (const std::string& token : tokens) {
      text += token;
      switch (gen.Pick(0, 12)) {
        case 0:
          text += " # c" + std::to_string(comment++) + "\n";
          break;
        case 1:
          text += " /* c" + std::to_string(comment++) + " */ ";
          break;
        case 2:
          text += "\n\n";
          break;
        case 3:
          text += "\n";
          break;
        default:
          text += " ";
      }
    }
    SCOPED_TRACE(text);
    CheckedFormat(text);
    CheckedFormat(text, narrow);
    if (HasFailure()) break;  // one reproducible case is enough to read
  }
}

}  // namespace
}  // namespace berth::fmt_test
