#include "backends/aws/ecs_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "backends/aws/ir_access.h"
#include "compiler/schema/existing_handles.h"
#include "compiler/schema/schema.h"

namespace berth::aws {

namespace {

bool IsIdentifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// A bare word there would be read as something else: a keyword, a resource kind (a reference,
// docs/resources.md), or a namespace of names.
bool Reserved(std::string_view word) {
  static constexpr std::string_view kWords[] = {"true", "false", "null", "for",    "in",
                                                "if",   "then",  "else", "let",    "import",
                                                "as",   "var",   "each", "module", "stack"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords) ||
         schema::FindResource(word) != nullptr;
}

// Enum members as bare words (`network_mode = awsvpc`) where that reads as the same string.
std::string ValueSource(const schema::Type& type, const Value& value) {
  if (type.kind == schema::TypeKind::kEnum && value.is(ValueKind::kString) &&
      IsIdentifier(value.str()) && !Reserved(value.str())) {
    return value.str();
  }
  return value.ToSource(/*reveal=*/true);
}

std::string Quote(std::string_view s) { return Value::String(std::string(s)).ToSource(true); }

std::optional<std::string> UnwritableText(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
      return fmt::format("holds the control character U+{:04X}, which berth source cannot write",
                         c);
    }
  }
  return std::nullopt;
}

// The first unwritable value under `value` (see UnwritableValue), with its path below `path`.
std::optional<DecodeError> FirstUnwritable(const Value& value, const std::string& path) {
  switch (value.kind()) {
    case ValueKind::kString:
    case ValueKind::kSecret:
      if (auto why = UnwritableText(value.str())) return DecodeError{path, *why};
      return std::nullopt;
    case ValueKind::kNumber:
    case ValueKind::kCpu:
    case ValueKind::kDuration:
    case ValueKind::kSize:
    case ValueKind::kPercent: {
      // The language reads an exponent in a bare number (1e+20) but not before a unit
      // (1e+20m reads as the unit "e+20m"), and never inf or nan.
      std::string text = value.ToSource(/*reveal=*/true);
      bool has_unit = !value.is(ValueKind::kNumber) && !value.is(ValueKind::kCpu);
      if (!std::isfinite(value.number()) || (has_unit && text.find('e') != std::string::npos))
        return DecodeError{path, "is " + text + ", which berth source cannot write"};
      return std::nullopt;
    }
    case ValueKind::kList:
      for (size_t i = 0; i < value.list().size(); ++i) {
        if (auto bad = FirstUnwritable(value.list()[i], fmt::format("{}[{}]", path, i))) return bad;
      }
      return std::nullopt;
    case ValueKind::kMap:
      for (const auto& [key, item] : value.map()) {
        std::string below = path + "." + key;
        if (auto why = UnwritableText(key)) return DecodeError{below, "the key " + *why};
        if (auto bad = FirstUnwritable(item, below)) return bad;
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

void PrintBlock(std::string& out, const schema::BlockSpec& spec, const Value& attributes,
                const std::string& header, const std::string& default_name, int depth) {
  std::string indent(depth * 2, ' ');
  out += indent + header + " {\n";
  for (const schema::AttributeSpec& a : spec.attributes) {
    const Value* value = Field(attributes, a.name);
    if (!value) continue;
    // A labeled block's name is its label unless the name is no identifier.
    bool label_name = a.default_is_label || (spec.labeled && a.name == "name");
    if (label_name && *value == Value::String(default_name)) continue;
    if (a.default_value && *value == *a.default_value) continue;
    out += fmt::format("{}  {} = {}\n", indent, a.name, ValueSource(*a.type, *value));
  }
  for (const schema::BlockSpec* b : spec.blocks) {
    const Value* value = Field(attributes, b->ir_key.empty() ? b->name : b->ir_key);
    if (!value) continue;
    ValueList single;
    if (!b->repeated) single.push_back(*value);
    for (const Value& item : b->repeated ? value->list() : single) {
      std::string label = b->labeled && item.Get("name") ? item.Get("name")->str() : "";
      if (b->labeled && !IsIdentifier(label)) label = LabelFromName(label);
      std::string nested =
          b->labeled ? std::string(b->name) + " " + Quote(label) : std::string(b->name);
      PrintBlock(out, *b, item, nested, b->labeled ? label : default_name, depth + 1);
    }
  }
  out += indent + "}\n";
}

// Declarations of the roles and clusters a decoded resource references and no stack declares,
// so that the printed source compiles as it is; other kinds need settings the JSON does not have.
std::string ReferencedDeclarations(const std::vector<ImportedReference>& references) {
  std::string out;
  for (const ImportedReference& ref : references) {
    std::string label = ref.address.substr(ref.address.find('.') + 1);
    if (ref.kind == "role" || ref.kind == "cluster") {
      out += fmt::format("{} {} {{\n", ref.kind, Quote(label));
      if (ref.name != label) out += fmt::format("  name = {}\n", Quote(ref.name));
      if (ref.kind == "role" && !ref.path.empty() && ref.path != "/") {
        out += fmt::format("  path = {}\n", Quote(ref.path));
      }
      out += "}\n\n";
    } else {
      out += fmt::format("# {} is not declared here: it stands for {} {}.\n", ref.address,
                         ref.kind == "task" ? "the task definition family" : "the target group",
                         Quote(ref.name));
    }
  }
  if (!out.empty() && !out.ends_with("\n\n")) out += "\n";
  return out;
}

const std::string* StringField(const ir::Resource& resource, std::string_view key) {
  const Value* value = Field(resource.attributes, key);
  return value && value->is(ValueKind::kString) ? &value->str() : nullptr;
}

// The AWS name part of `value` (an ARN or a name) for `kind`, as the decoders read it.
std::string NameIn(std::string_view kind, std::string_view value) {
  std::string text(value);
  if (text.starts_with("arn:")) {
    size_t colon = 0;
    for (int i = 0; i < 5 && colon != std::string::npos; ++i) colon = text.find(':', colon + 1);
    text = colon == std::string::npos ? text : text.substr(colon + 1);
    size_t slash = text.find('/');
    text = slash == std::string::npos ? text : text.substr(slash + 1);
    if (kind == "role") text = text.substr(text.rfind('/') + 1);
    if (kind == "target_group") text = text.substr(0, text.find('/'));
  }
  if (kind == "task") text = text.substr(0, text.find(':'));
  return text;
}

// awslogs-group options naming a log group of the stack become `log_group.X.name`.
void ReferenceLogGroups(Value& task, const ir::Program& program) {
  Value* containers = nullptr;
  for (auto& [key, value] : task.mutable_map()) {
    if (key == "containers") containers = &value;
  }
  if (!containers) return;
  for (Value& container : containers->mutable_list()) {
    for (auto& [key, logs] : container.mutable_map()) {
      if (key != "logs") continue;
      for (auto& [logs_key, options] : logs.mutable_map()) {
        if (logs_key != "options") continue;
        for (auto& [option, value] : options.mutable_map()) {
          if (option != "awslogs-group" || !value.is(ValueKind::kString)) continue;
          for (const ir::Resource& r : program.resources) {
            const std::string* name = StringField(r, "name");
            if (r.kind == "log_group" && name && *name == value.str()) {
              value = Value::Ref(r.address, "name");
              break;
            }
          }
        }
      }
    }
  }
}

}  // namespace

ReferenceResolver StackResolver(const ir::Program& program) {
  return [&program](const ReferenceRequest& request) -> std::optional<std::string> {
    // A pinned revision stays pinned, whatever the stack declares.
    if (request.kind == "task" && schema::IsExistingHandle(schema::RefTo({"task"}), request.value))
      return std::nullopt;
    std::string name = NameIn(request.kind, request.value);
    EmitContext context(program);
    for (const ir::Resource& r : program.resources) {
      if (r.kind != request.kind) continue;
      if (request.kind == "role" && request.value.starts_with("arn:")) {
        // Path and account matter: the ARN the stack's role would have must be this one.
        Json arn = context.Resolve({r.address, "arn"});
        if (arn.is_string() && arn.get<std::string>() == request.value) return r.address;
        continue;
      }
      const std::string* own = StringField(r, request.kind == "task" ? "family" : "name");
      if (own && *own == name) return r.address;
    }
    return std::nullopt;
  };
}

std::string BlockSource(const DecodedResource& resource) {
  std::string out;
  const schema::BlockSpec* spec = schema::FindResource(resource.kind);
  if (!spec) return out;
  PrintBlock(out, *spec, resource.attributes, resource.kind + " " + Quote(resource.label),
             resource.label, 0);
  return out;
}

std::optional<DecodeError> UnwritableValue(const DecodedResource& resource) {
  std::string owner = "the imported " + resource.kind + "'s ";
  if (resource.attributes.is(ValueKind::kMap)) {
    for (const auto& [key, item] : resource.attributes.map()) {
      if (auto bad = FirstUnwritable(item, key))
        return DecodeError{owner + bad->path, bad->message};
    }
  }
  for (const ImportedReference& reference : resource.references) {
    for (const std::string* text : {&reference.name, &reference.path}) {
      if (auto why = UnwritableText(*text)) return DecodeError{owner + reference.kind, *why};
    }
  }
  return std::nullopt;
}

std::variant<std::string, DecodeError> ImportEcs(ImportKind kind, const Json& document,
                                                 const ImportOptions& options) {
  DecodeOptions decode_options;
  if (options.stack) decode_options.resolve = StackResolver(*options.stack);
  DecodeResult result = kind == ImportKind::kTaskDefinition
                            ? DecodeTaskDefinition(document, decode_options)
                            : DecodeService(document, decode_options);
  if (auto* error = std::get_if<DecodeError>(&result)) return *error;
  DecodedResource& resource = std::get<DecodedResource>(result);
  if (auto unwritable = UnwritableValue(resource)) return *unwritable;
  if (options.stack && resource.kind == "task")
    ReferenceLogGroups(resource.attributes, *options.stack);
  std::string out = ReferencedDeclarations(resource.references);
  out += BlockSource(resource);
  return out;
}

}  // namespace berth::aws
