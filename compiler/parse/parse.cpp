// The parse driver: encoding check, lexing, the token scan, a two-stage ANTLR parse (fast SLL,
// then full LL with error recovery only when SLL fails) and the AST builder.
#include "compiler/parse/parse.h"

#include <fmt/format.h>

#include <memory>

#include "BerthParser.h"
#include "antlr4-runtime.h"
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/error_listener.h"
#include "compiler/parse/error_sink.h"
#include "compiler/parse/error_strategy.h"
#include "compiler/parse/fast_lexer.h"
#include "compiler/parse/source_text.h"
#include "compiler/parse/token_scan.h"
#include "compiler/parse/utf8_check.h"
#include "compiler/parse/utf8_stream.h"

namespace berth {

namespace {

using grammar::BerthParser;

// One file's lexer, tokens and parser. The parse tree belongs to the parser, so the AST must
// be built before the session ends.
class Session {
 public:
  Session(const ParseOptions& options, const SourceManager& sources, uint32_t source_id,
          Diagnostics& diags)
      : options_(options),
        sources_(sources),
        id_(source_id),
        diags_(diags),
        sink_(diags, source_id),
        listener_(sink_) {}

  // Lexes and scans; false when the file must not be parsed.
  bool Prepare(std::vector<ast::Comment>* comments) {
    const SourceFile* file = sources_.Get(id_);
    if (!file) {
      diags_.Error({}, fmt::format("internal error: no source file {}", id_));
      return false;
    }
    if (!parse::CheckEncoding(*file, id_, diags_)) return false;
    text_ = std::make_unique<parse::SourceText>(file->content);
    input_ = std::make_unique<parse::Utf8Stream>(*text_);
    lexer_ = std::make_unique<parse::FastLexer>(file->content, input_.get());
    tokens_ = std::make_unique<antlr4::CommonTokenStream>(lexer_.get());
    tokens_->fill();
    parse::ScanResult scan =
        parse::ScanTokens(tokens_->getTokens(), *text_, options_.max_nesting, sink_, comments);
    if (scan.too_deep) return false;
    // Tokens hidden by the scan may include the first one, where the stream already points.
    tokens_->seek(0);
    return true;
  }

  // Parses and builds a whole file one top-level item at a time, with SLL prediction and no
  // recovery, freeing each item's parse tree once its AST is built: the trees of a whole file
  // were most of the memory of compiling a large stack (400 MiB for 10,000 services), and
  // memory touched for the first time costs a page fault. False (nothing added to `file`, no
  // diagnostic given) when the file needs the whole-file path below: after the token scan
  // reported, or when SLL fails on an item.
  bool RunItems(ast::File& file) {
    if (sink_.has_errors()) return false;
    // The builder's own errors wait here until every item parsed, so a fallback to the
    // whole-file path does not report them twice; the scan reported nothing, so this sink
    // starts in the state `sink_` is in.
    Diagnostics pending;
    parse::ErrorSink pending_sink(pending, id_);
    parse::AstBuilder builder = Builder(pending_sink);
    StartSll();
    try {
      while (tokens_->LA(1) != antlr4::Token::EOF) {
        builder.BuildItem(parser_->item(), file);
        parser_->getTreeTracker().reset();
      }
    } catch (const antlr4::ParseCancellationException&) {
      file.items.clear();
      tokens_->seek(0);
      return false;
    }
    diags_.Append(std::move(pending));
    return true;
  }

  // Runs `rule` with SLL prediction and no recovery; on failure, again with full LL and berth's
  // error strategy. SLL is much faster and accepts practically every valid file; a file it
  // rejects wrongly only costs the second pass, and a file with errors gets LL's exact report.
  template <typename Ctx>
  Ctx* Run(Ctx* (BerthParser::*rule)()) {
    StartSll();
    try {
      return (parser_.get()->*rule)();
    } catch (const antlr4::ParseCancellationException&) {
    }
    auto* sim = parser_->getInterpreter<antlr4::atn::ParserATNSimulator>();
    tokens_->seek(0);
    parser_->reset();
    parser_->addErrorListener(&listener_);
    parser_->setErrorHandler(std::make_shared<parse::ErrorStrategy>(sink_));
    sim->setPredictionMode(antlr4::atn::PredictionMode::LL);
    return (parser_.get()->*rule)();
  }

  parse::AstBuilder Builder() { return Builder(sink_); }
  parse::AstBuilder Builder(parse::ErrorSink& sink) {
    // Brackets, prefix operators and conditionals were bounded by the scan; one builder level
    // per counted level, plus a few for the attribute and interpolations around them.
    return parse::AstBuilder(sink, *text_, options_.max_nesting + 16);
  }

  // A new parser over the tokens: SLL prediction, bailing out at the first error.
  void StartSll() {
    parser_ = std::make_unique<BerthParser>(tokens_.get());
    parser_->removeErrorListeners();
    parser_->setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    auto* sim = parser_->getInterpreter<antlr4::atn::ParserATNSimulator>();
    sim->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  }

  // Turns anything the ANTLR runtime throws into a diagnostic rather than a crash.
  template <typename Fn>
  void Guard(Fn&& fn) {
    try {
      fn();
    } catch (const std::exception& e) {
      diags_.Error({id_, 1, 1, 1, 1}, fmt::format("internal parser error: {}", e.what()));
    } catch (...) {
      diags_.Error({id_, 1, 1, 1, 1}, "internal parser error");
    }
  }

 private:
  const ParseOptions& options_;
  const SourceManager& sources_;
  uint32_t id_;
  Diagnostics& diags_;
  parse::ErrorSink sink_;
  parse::ErrorListener listener_;
  std::unique_ptr<parse::SourceText> text_;
  std::unique_ptr<parse::Utf8Stream> input_;
  std::unique_ptr<parse::FastLexer> lexer_;
  std::unique_ptr<antlr4::CommonTokenStream> tokens_;
  std::unique_ptr<BerthParser> parser_;
};

}  // namespace

ast::File Parse(const ParseOptions& options, const SourceManager& sources, uint32_t source_id,
                Diagnostics& diags) {
  ast::File file;
  file.source_id = source_id;
  Session session(options, sources, source_id, diags);
  session.Guard([&] {
    if (!session.Prepare(&file.comments)) return;
    if (session.RunItems(file)) return;
    BerthParser::FileContext* tree = session.Run(&BerthParser::file);
    session.Builder().BuildFile(tree, file);
  });
  return file;
}

std::vector<ast::Attribute> ParseVarFile(const ParseOptions& options, const SourceManager& sources,
                                         uint32_t source_id, Diagnostics& diags) {
  std::vector<ast::Attribute> attributes;
  Session session(options, sources, source_id, diags);
  session.Guard([&] {
    if (!session.Prepare(nullptr)) return;
    BerthParser::VarFileContext* tree = session.Run(&BerthParser::varFile);
    attributes = session.Builder().BuildVarFile(tree);
  });
  return attributes;
}

ast::ExprPtr ParseExpression(const ParseOptions& options, const SourceManager& sources,
                             uint32_t source_id, Diagnostics& diags) {
  ast::ExprPtr expr;
  size_t errors_before = diags.error_count();
  Session session(options, sources, source_id, diags);
  session.Guard([&] {
    if (!session.Prepare(nullptr)) return;
    BerthParser::ExprOnlyContext* tree = session.Run(&BerthParser::exprOnly);
    expr = session.Builder().BuildExprOnly(tree);
  });
  if (diags.error_count() != errors_before) return nullptr;
  return expr;
}

}  // namespace berth
