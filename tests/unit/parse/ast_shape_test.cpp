// The AST built for every construct of docs/language.md.
#include <gtest/gtest.h>

#include "tests/unit/parse/parse_test_util.h"

namespace berth::parse_test {
namespace {

using ast::ExprKind;

class AstShapeTest : public ParseFixture {
 protected:
  // Parses `x { v = EXPR }` and returns the dump of EXPR, failing on any diagnostic.
  std::string DumpExpr(const std::string& expr) {
    file_ = ParseText("x {\n  v = " + expr + "\n}\n");
    EXPECT_EQ(Rendered(), "") << expr;
    if (file_.items.empty() || !file_.items[0].block || file_.items[0].block->body.items.empty()) {
      return "<nothing>";
    }
    return Dump(FirstValue(file_));
  }
  ast::File file_;
};

TEST_F(AstShapeTest, EmptyFileHasNoItems) {
  ast::File f = ParseText("");
  EXPECT_EQ(Rendered(), "");
  EXPECT_TRUE(f.items.empty());
  EXPECT_TRUE(f.comments.empty());
  EXPECT_EQ(f.source_id, file_id_);
}

TEST_F(AstShapeTest, CommentsOnlyFileKeepsEveryCommentInOrder) {
  ast::File f = ParseText("# one\n// two\n/* three\n   more */ /**/\n");
  EXPECT_EQ(Rendered(), "");
  EXPECT_TRUE(f.items.empty());
  ASSERT_EQ(f.comments.size(), 4u);
  EXPECT_EQ(f.comments[0].text, "# one");
  EXPECT_EQ(RangeText(f.comments[0].range), "1:1-1:6");
  EXPECT_EQ(f.comments[1].text, "// two");
  EXPECT_EQ(f.comments[2].text, "/* three\n   more */");
  EXPECT_EQ(RangeText(f.comments[2].range), "3:1-4:11");
  EXPECT_EQ(f.comments[3].text, "/**/");
  EXPECT_EQ(RangeText(f.comments[3].range), "4:12-4:16");
}

TEST_F(AstShapeTest, CommentsBetweenItemsAreKept) {
  ast::File f = ParseText("a { # trailing\n  b = 1 // after\n}\n");
  EXPECT_EQ(Rendered(), "");
  ASSERT_EQ(f.comments.size(), 2u);
  EXPECT_EQ(f.comments[0].text, "# trailing");
  EXPECT_EQ(f.comments[1].text, "// after");
  EXPECT_EQ(f.items.size(), 1u);
}

TEST_F(AstShapeTest, BlocksLabelsNestedBlocksAndAttributes) {
  ast::File f = ParseText(
      "service \"api\" {\n"
      "  desired_count = 2\n"
      "  network { subnets = [\"a\"] }\n"
      "  container \"app\" {\n"
      "    port = 8080\n"
      "  }\n"
      "}\n"
      "cluster \"main\" { container_insights = true }\n");
  ASSERT_EQ(Rendered(), "");
  ASSERT_EQ(f.items.size(), 2u);
  const ast::Block& svc = *f.items[0].block;
  EXPECT_EQ(svc.type, "service");
  EXPECT_EQ(RangeText(svc.type_range), "1:1-1:8");
  ASSERT_TRUE(svc.label.has_value());
  EXPECT_EQ(*svc.label, "api");
  EXPECT_EQ(RangeText(svc.label_range), "1:9-1:14");
  EXPECT_EQ(RangeText(svc.range), "1:1-7:2");
  EXPECT_EQ(RangeText(f.items[0].range()), "1:1-7:2");
  ASSERT_EQ(svc.body.items.size(), 3u);

  const ast::Attribute& count = *svc.body.items[0].attribute;
  EXPECT_EQ(count.name, "desired_count");
  EXPECT_EQ(RangeText(count.name_range), "2:3-2:16");
  EXPECT_EQ(RangeText(count.range), "2:3-2:20");
  EXPECT_EQ(RangeText(svc.body.items[0].range()), "2:3-2:20");
  EXPECT_EQ(Dump(*count.value), "2");
  EXPECT_EQ(RangeText(count.value->range), "2:19-2:20");

  const ast::Block& net = *svc.body.items[1].block;
  EXPECT_EQ(net.type, "network");
  EXPECT_FALSE(net.label.has_value());
  EXPECT_EQ(RangeText(net.range), "3:3-3:30");
  ASSERT_EQ(net.body.items.size(), 1u);
  EXPECT_EQ(Dump(*net.body.items[0].attribute->value), "[\"a\"]");

  const ast::Block& app = *svc.body.items[2].block;
  EXPECT_EQ(app.type, "container");
  EXPECT_EQ(*app.label, "app");
  EXPECT_EQ(app.body.items[0].attribute->name, "port");

  EXPECT_EQ(*f.items[1].block->label, "main");
}

TEST_F(AstShapeTest, AttributesNeedNoSeparatorsAndSemicolonsAreAllowed) {
  ast::File f = ParseText("task \"api\" { cpu = 256  memory = 512MiB; image = \"x\" };\n;");
  ASSERT_EQ(Rendered(), "");
  ASSERT_EQ(f.items.size(), 1u);
  const ast::Body& body = f.items[0].block->body;
  ASSERT_EQ(body.items.size(), 3u);
  EXPECT_EQ(body.items[0].attribute->name, "cpu");
  EXPECT_EQ(body.items[1].attribute->name, "memory");
  EXPECT_EQ(body.items[2].attribute->name, "image");
}

TEST_F(AstShapeTest, NumberLiterals) {
  struct Case {
    const char* text;
    ValueKind kind;
    double value;
  };
  const Case cases[] = {
      {"2", ValueKind::kNumber, 2},
      {"0.5", ValueKind::kNumber, 0.5},
      {"1_000", ValueKind::kNumber, 1000},
      {"1e3", ValueKind::kNumber, 1000},
      {"2.5E-1", ValueKind::kNumber, 0.25},
      {"9007199254740992", ValueKind::kNumber, 9007199254740992.0},
      {"500ms", ValueKind::kDuration, 500},
      {"30s", ValueKind::kDuration, 30000},
      {"5m", ValueKind::kDuration, 300000},
      {"1h", ValueKind::kDuration, 3600000},
      {"1d", ValueKind::kDuration, 86400000},
      {"1.5s", ValueKind::kDuration, 1500},
      {"512KiB", ValueKind::kSize, 512.0 * 1024},
      {"512MiB", ValueKind::kSize, 512.0 * 1024 * 1024},
      {"2GiB", ValueKind::kSize, 2.0 * 1024 * 1024 * 1024},
      {"1TiB", ValueKind::kSize, 1024.0 * 1024 * 1024 * 1024},
      {"70%", ValueKind::kPercent, 70},
      {"0.25vcpu", ValueKind::kCpu, 256},
      {"1vcpu", ValueKind::kCpu, 1024},
  };
  for (const Case& c : cases) {
    ast::File f = ParseText(std::string("x { v = ") + c.text + " }");
    ASSERT_EQ(Rendered(), "") << c.text;
    const ast::Expr& e = FirstValue(f);
    EXPECT_EQ(e.kind, ExprKind::kLiteral) << c.text;
    EXPECT_EQ(e.literal.kind(), c.kind) << c.text;
    EXPECT_DOUBLE_EQ(e.literal.number(), c.value) << c.text;
    EXPECT_EQ(e.source_text, c.text);
    EXPECT_EQ(e.range.col, 9u);
    EXPECT_EQ(e.range.end_col, 9u + std::string(c.text).size());
    EXPECT_EQ(e.literal.range().col, 9u);
  }
}

TEST_F(AstShapeTest, BoolNullAndIdentifiers) {
  EXPECT_EQ(DumpExpr("true"), "true");
  EXPECT_EQ(FirstValue(file_).literal.kind(), ValueKind::kBool);
  EXPECT_EQ(DumpExpr("false"), "false");
  EXPECT_EQ(DumpExpr("null"), "null");
  EXPECT_EQ(FirstValue(file_).literal.kind(), ValueKind::kNull);
  EXPECT_EQ(DumpExpr("rollback"), "rollback");
  EXPECT_EQ(FirstValue(file_).kind, ExprKind::kIdentifier);
}

TEST_F(AstShapeTest, PlainStringsAreLiterals) {
  EXPECT_EQ(DumpExpr(R"("text")"), R"("text")");
  const ast::Expr& e = FirstValue(file_);
  EXPECT_EQ(e.kind, ExprKind::kLiteral);
  EXPECT_EQ(e.literal.kind(), ValueKind::kString);
  EXPECT_EQ(e.literal.str(), "text");
  EXPECT_EQ(RangeText(e.range), "2:7-2:13");
  EXPECT_EQ(DumpExpr(R"("")"), R"("")");
}

TEST_F(AstShapeTest, StringEscapes) {
  DumpExpr(R"("q\" b\\ n\n t\t r\r d\$ ${"x"}")");
  const ast::Expr& e = FirstValue(file_);
  ASSERT_EQ(e.kind, ExprKind::kTemplate);
  ASSERT_EQ(e.operands.size(), 2u);
  EXPECT_EQ(e.operands[0]->literal.str(), "q\" b\\ n\n t\t r\r d$ ");
  DumpExpr(R"("a\${b} $ $$ c$")");
  EXPECT_EQ(FirstValue(file_).kind, ExprKind::kLiteral);
  EXPECT_EQ(FirstValue(file_).literal.str(), "a${b} $ $$ c$");
}

TEST_F(AstShapeTest, TemplatesSplitIntoLiteralPartsAndExpressions) {
  EXPECT_EQ(DumpExpr(R"("sample-api-${var.env}")"), R"((tmpl "sample-api-" (. var env)))");
  const ast::Expr& e = FirstValue(file_);
  EXPECT_EQ(e.kind, ExprKind::kTemplate);
  EXPECT_EQ(RangeText(e.range), "2:7-2:30");
  EXPECT_EQ(RangeText(e.operands[0]->range), "2:8-2:19");
  EXPECT_EQ(e.operands[0]->kind, ExprKind::kLiteral);
  EXPECT_EQ(RangeText(e.operands[1]->range), "2:21-2:28");
  EXPECT_EQ(DumpExpr(R"("${x}")"), "(tmpl x)");
  EXPECT_EQ(DumpExpr(R"("a${x}b${y}c")"), R"((tmpl "a" x "b" y "c"))");
}

TEST_F(AstShapeTest, TemplatesHoldNestedStringsAndMaps) {
  EXPECT_EQ(DumpExpr(R"("${join(",", x)}")"), R"((tmpl (call join "," x)))");
  EXPECT_EQ(DumpExpr(R"("a${"b${c}"}")"), R"((tmpl "a" (tmpl "b" c)))");
  EXPECT_EQ(DumpExpr(R"("${ {k = "}"}.k }")"), R"((tmpl (. {id:"k"="}"} k)))");
}

TEST_F(AstShapeTest, ColumnsCountCodePoints) {
  ast::File f = ParseText("x { v = \"héllo ${é}\" }");
  // `é` is not an identifier: one error, and the columns after it count it as one.
  EXPECT_NE(Rendered().find("main.berth:1:18: error: unexpected character `é`"), std::string::npos)
      << Rendered();
  diags_ = Diagnostics();
  f = ParseText("x { v = \"héllo\" w = 1 }");
  ASSERT_EQ(Rendered(), "");
  EXPECT_EQ(RangeText(FirstValue(f).range), "1:9-1:16");
  EXPECT_EQ(RangeText(f.items[0].block->body.items[1].attribute->range), "1:17-1:22");
}

TEST_F(AstShapeTest, OperatorPrecedenceLoosestFirst) {
  EXPECT_EQ(DumpExpr("a || b && c == d < e + f * g"), "(|| a (&& b (== c (< d (+ e (* f g))))))");
  EXPECT_EQ(DumpExpr("a * b + c < d == e && f || g"), "(|| (&& (== (< (+ (* a b) c) d) e) f) g)");
  EXPECT_EQ(DumpExpr("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(DumpExpr("a / b * c"), "(* (/ a b) c)");
  EXPECT_EQ(DumpExpr("a != b"), "(!= a b)");
  EXPECT_EQ(DumpExpr("a <= b"), "(<= a b)");
  EXPECT_EQ(DumpExpr("a >= b"), "(>= a b)");
  EXPECT_EQ(DumpExpr("a > b"), "(> a b)");
  EXPECT_EQ(DumpExpr("(a + b) * c"), "(* (+ a b) c)");
  EXPECT_EQ(DumpExpr("-a * !b"), "(* (- a) (! b))");
  EXPECT_EQ(DumpExpr("- -a"), "(- (- a))");
  EXPECT_EQ(DumpExpr("-a.b[0]"), "(- ([] (. a b) 0))");
  EXPECT_EQ(DumpExpr("2 * 256MiB"), "(* 2 256MiB)");
}

TEST_F(AstShapeTest, BinaryRangesSpanBothOperands) {
  DumpExpr("1 + 2 * 3");
  const ast::Expr& e = FirstValue(file_);
  EXPECT_EQ(e.op, ast::Operator::kAdd);
  EXPECT_EQ(RangeText(e.range), "2:7-2:16");
  EXPECT_EQ(RangeText(e.operands[1]->range), "2:11-2:16");
}

TEST_F(AstShapeTest, Conditionals) {
  EXPECT_EQ(DumpExpr(R"(var.env == "prod" ? 4 : 1)"), R"((?: (== (. var env) "prod") 4 1))");
  EXPECT_FALSE(FirstValue(file_).if_then_else);
  EXPECT_EQ(DumpExpr("a ? b : c ? d : e"), "(?: a b (?: c d e))");
  EXPECT_EQ(DumpExpr("a || b ? c + 1 : d"), "(?: (|| a b) (+ c 1) d)");
  EXPECT_EQ(DumpExpr(R"(if var.env == "prod" then "large" else "small")"),
            R"((if (== (. var env) "prod") "large" "small"))");
  EXPECT_TRUE(FirstValue(file_).if_then_else);
  EXPECT_EQ(RangeText(FirstValue(file_).range), "2:7-2:53");
  EXPECT_EQ(DumpExpr("if a then b else if c then d else e"), "(if a b (if c d e))");
}

TEST_F(AstShapeTest, ForExpressions) {
  EXPECT_EQ(DumpExpr("[for p in [80, 443] : p + 8000]"), "(for-list p in [80 443] : (+ p 8000))");
  const ast::Expr& e = FirstValue(file_);
  EXPECT_EQ(e.kind, ExprKind::kForList);
  EXPECT_EQ(e.key_var, "");
  EXPECT_EQ(e.value_var, "p");
  EXPECT_FALSE(e.has_condition);
  EXPECT_EQ(e.operands.size(), 2u);
  EXPECT_EQ(DumpExpr("[for i, x in xs : x if i > 0]"), "(for-list i,x in xs : x if (> i 0))");
  EXPECT_TRUE(FirstValue(file_).has_condition);
  EXPECT_EQ(FirstValue(file_).operands.size(), 3u);
  EXPECT_EQ(DumpExpr("{for name, svc in local_services : name => svc.port if svc.public}"),
            "(for-map name,svc in local_services : name (. svc port) if (. svc public))");
  EXPECT_EQ(FirstValue(file_).kind, ExprKind::kForMap);
  EXPECT_EQ(FirstValue(file_).operands.size(), 4u);
  EXPECT_EQ(DumpExpr("{for k in ks : k => upper(k)}"), "(for-map k in ks : k (call upper k))");
  EXPECT_EQ(FirstValue(file_).operands.size(), 3u);
}

TEST_F(AstShapeTest, IndexGetAttrAndCalls) {
  EXPECT_EQ(DumpExpr("service.api[\"blue\"].arn"), R"((. ([] (. service api) "blue") arn))");
  EXPECT_EQ(DumpExpr("f()"), "(call f)");
  EXPECT_EQ(DumpExpr("format(\"%s-%d\", a, 1,)"), R"((call format "%s-%d" a 1))");
  EXPECT_EQ(DumpExpr("lookup(m, \"k\", 0).x"), R"((. (call lookup m "k" 0) x))");
  EXPECT_EQ(DumpExpr("secret(\"arn:aws\")"), R"((call secret "arn:aws"))");
  const ast::Expr& call = FirstValue(file_);
  EXPECT_EQ(call.kind, ExprKind::kCall);
  EXPECT_EQ(call.name, "secret");
  EXPECT_EQ(RangeText(call.range), "2:7-2:24");
}

TEST_F(AstShapeTest, Lists) {
  EXPECT_EQ(DumpExpr("[]"), "[]");
  EXPECT_EQ(DumpExpr("[\"a\", \"b\",]"), R"(["a" "b"])");
  EXPECT_EQ(DumpExpr("[1,\n 2,\n [3]]"), "[1 2 [3]]");
  EXPECT_EQ(RangeText(FirstValue(file_).range), "2:7-4:6");
}

TEST_F(AstShapeTest, MapsWithEveryKeyForm) {
  EXPECT_EQ(DumpExpr("{}"), "{}");
  EXPECT_EQ(DumpExpr(R"({ APP_ENV = "prod", "x-y" = 1 })"), R"({id:"APP_ENV"="prod" "x-y"=1})");
  EXPECT_EQ(DumpExpr(R"({ a: 1; b = 2  c = 3, })"), R"({id:"a"=1 id:"b"=2 id:"c"=3})");
  EXPECT_EQ(DumpExpr(R"({ (var.k) = 1, "p-${x}" : 2 })"), R"({(. var k)=1 (tmpl "p-" x)=2})");
  DumpExpr("{ team = \"platform\" }");
  const ast::MapEntry& entry = FirstValue(file_).entries[0];
  EXPECT_TRUE(entry.key_is_identifier);
  EXPECT_EQ(entry.key->kind, ExprKind::kLiteral);
  EXPECT_EQ(entry.key->literal.str(), "team");
  EXPECT_EQ(RangeText(entry.key->range), "2:9-2:13");
}

TEST_F(AstShapeTest, ImportsAndLets) {
  ast::File f = ParseText(
      "import \"std/web_service\"\n"
      "import \"./modules/worker\" as w\n"
      "import \"./mods/queue/\"\n"
      "let name = \"sample-api-${var.env}\"\n"
      "let replicas = var.env == \"prod\" ? 4 : 1\n");
  ASSERT_EQ(Rendered(), "");
  ASSERT_EQ(f.items.size(), 5u);
  const ast::Import& a = *f.items[0].import;
  EXPECT_EQ(a.path, "std/web_service");
  EXPECT_EQ(a.alias, "web_service");
  EXPECT_EQ(RangeText(a.path_range), "1:8-1:25");
  EXPECT_EQ(RangeText(a.range), "1:1-1:25");
  EXPECT_EQ(f.items[1].import->alias, "w");
  EXPECT_EQ(RangeText(f.items[1].import->range), "2:1-2:31");
  EXPECT_EQ(f.items[2].import->alias, "queue");
  const ast::Let& let = *f.items[3].let;
  EXPECT_EQ(let.name, "name");
  EXPECT_EQ(RangeText(let.name_range), "4:5-4:9");
  EXPECT_EQ(RangeText(let.range), "4:1-4:35");
  EXPECT_EQ(Dump(*let.value), R"((tmpl "sample-api-" (. var env)))");
  EXPECT_EQ(Dump(*f.items[4].let->value), R"((?: (== (. var env) "prod") 4 1))");
  EXPECT_EQ(RangeText(f.items[4].range()), "5:1-5:41");
}

TEST_F(AstShapeTest, ModuleInstanceAndDesignSketch) {
  ast::File f = ParseText(R"(stack "webapp" { region = "ap-northeast-1"  account = "123456789012" }

variable "env"       { type = string  default = "prod" }
let name = "sample-api-${var.env}"
task "api" {
  cpu = 256  memory = 512MiB
  execution_role = role.exec
  container "app" {
    env     = { APP_ENV = var.env }
    secrets = { DB_PASSWORD = secret("arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db") }
    health { command = ["CMD-SHELL", "curl -f http://localhost:8080/health"]  start_period = 60s }
  }
}
service "api" {
  deployment { max_percent = 200  min_healthy_percent = 100  circuit_breaker = rollback }
  autoscaling { min = 2  max = 10 }
}
log_group "app" {
  for_each  = { api = 30, worker = 7 }
  name      = "/ecs/${each.key}"
}
)");
  ASSERT_EQ(Rendered(), "");
  EXPECT_EQ(f.items.size(), 6u);
}

TEST_F(AstShapeTest, VarFileHoldsAttributes) {
  uint32_t id = sources_.Add("prod.vars", "env = \"prod\"\nreplicas = 4\nmemory = 512MiB\n");
  std::vector<ast::Attribute> attrs = ParseVarFile(options_, sources_, id, diags_);
  ASSERT_EQ(Rendered(), "");
  ASSERT_EQ(attrs.size(), 3u);
  EXPECT_EQ(attrs[0].name, "env");
  EXPECT_EQ(Dump(*attrs[2].value), "512MiB");
  EXPECT_EQ(RangeText(attrs[1].range), "2:1-2:13");
}

TEST_F(AstShapeTest, VarFileRejectsBlocks) {
  uint32_t id = sources_.Add("bad.vars", "env = 1\nnet { a = 1 }\n");
  std::vector<ast::Attribute> attrs = ParseVarFile(options_, sources_, id, diags_);
  EXPECT_EQ(attrs.size(), 1u);
  EXPECT_EQ(Rendered(),
            "bad.vars:2:1: error: a var file holds only `name = value` lines; `net` starts a "
            "block\n"
            "    2 | net { a = 1 }\n"
            "      | ^~~\n");
}

TEST_F(AstShapeTest, ExpressionEntryPoint) {
  uint32_t id = sources_.Add("--var replicas", "[1, 2 * 3]");
  ast::ExprPtr e = ParseExpression(options_, sources_, id, diags_);
  ASSERT_EQ(Rendered(), "");
  ASSERT_TRUE(e);
  EXPECT_EQ(Dump(*e), "[1 (* 2 3)]");
  uint32_t bad = sources_.Add("--var x", "1 +");
  EXPECT_EQ(ParseExpression(options_, sources_, bad, diags_), nullptr);
  EXPECT_TRUE(diags_.HasErrors());
}

}  // namespace
}  // namespace berth::parse_test
