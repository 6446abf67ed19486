// BRT001: an image must say which build it runs. `latest` (or no tag, which means latest) is a
// different image on every pull, so two tasks of one service can run different code and a
// rollback cannot return to the previous build.
#include "compiler/lint/rule_context.h"
#include "compiler/rules/ir_view.h"

namespace berth::lint {

namespace {

// The tag of an image reference, "" when it has none; nullopt when pinned by digest.
std::optional<std::string_view> TagOf(std::string_view image) {
  if (image.find('@') != std::string_view::npos) return std::nullopt;
  size_t slash = image.rfind('/');
  std::string_view last = slash == std::string_view::npos ? image : image.substr(slash + 1);
  size_t colon = last.rfind(':');
  return colon == std::string_view::npos ? std::string_view{} : last.substr(colon + 1);
}

}  // namespace

void CheckImages(const ir::Program& program, Sink& sink) {
  for (const ir::Resource& task : program.resources) {
    if (task.kind != "task") continue;
    for (const Value* c : rules::Blocks(task.attributes, "containers")) {
      const Value* image = rules::Attr(*c, "image");
      // A reference or a sensitive value is decided elsewhere; only written text is judged.
      if (!image || !image->is(ValueKind::kString) || image->sensitive()) continue;
      auto tag = TagOf(image->str());
      if (!tag) continue;
      SourceRange at = rules::RangeOf(image, rules::RangeOf(c, task.range));
      if (tag->empty()) {
        sink.Add("BRT001", task, at,
                 ContainerSubject(task, *c) +
                     " has an image without a tag, which pulls `latest`: pin a version or a "
                     "digest");
      } else if (*tag == "latest") {
        sink.Add("BRT001", task, at,
                 ContainerSubject(task, *c) +
                     " has an image tagged `latest`: pin a version or a digest");
      }
    }
  }
}

}  // namespace berth::lint
