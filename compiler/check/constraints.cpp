#include "compiler/check/constraints.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace berth::check {

namespace {

bool Comparable(const schema::AttributeSpec& spec, const Value& value) {
  return value.is_numeric() && (!spec.min || spec.min->is(value.kind())) &&
         (!spec.max || spec.max->is(value.kind())) &&
         std::all_of(spec.allowed.begin(), spec.allowed.end(),
                     [&](const Value& a) { return a.is(value.kind()); });
}

bool Constrained(const schema::AttributeSpec& spec) {
  return spec.min || spec.max || !spec.allowed.empty();
}

// The allowed value closest to `n` (same kind as the constraints).
double Nearest(const schema::AttributeSpec& spec, double n) {
  if (!spec.allowed.empty()) {
    double best = spec.allowed.front().number();
    for (const Value& a : spec.allowed) {
      if (std::abs(a.number() - n) < std::abs(best - n)) best = a.number();
    }
    return best;
  }
  if (spec.min && n < spec.min->number()) return spec.min->number();
  if (spec.max && n > spec.max->number()) return spec.max->number();
  return n;
}

std::string Words(const std::vector<Value>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? " or " : ", ";
    out += values[i].ToSource(/*reveal=*/true);
  }
  return out;
}

Value OfKind(ValueKind kind, double n) {
  switch (kind) {
    case ValueKind::kDuration:
      return Value::Duration(n);
    case ValueKind::kSize:
      return Value::Size(n);
    case ValueKind::kPercent:
      return Value::Percent(n);
    case ValueKind::kCpu:
      return Value::Cpu(n);
    default:
      return Value::Number(n);
  }
}

struct Unit {
  ValueKind kind;
  const char* suffix;
  double factor;  // to the kind's base: milliseconds, bytes, percent
};

// The units a plain number may have meant, in the order they are suggested.
std::vector<Unit> UnitsFor(schema::TypeKind type) {
  switch (type) {
    case schema::TypeKind::kDuration:
      return {{ValueKind::kDuration, "s", 1000},
              {ValueKind::kDuration, "m", 60000},
              {ValueKind::kDuration, "h", 3600000},
              {ValueKind::kDuration, "d", 86400000}};
    case schema::TypeKind::kSize:
      return {{ValueKind::kSize, "MiB", 1048576.0}, {ValueKind::kSize, "GiB", 1073741824.0}};
    case schema::TypeKind::kPercent:
      return {{ValueKind::kPercent, "%", 1}};
    default:
      return {};
  }
}

}  // namespace

bool SatisfiesConstraints(const schema::AttributeSpec& spec, const Value& value) {
  if (!Constrained(spec) || !Comparable(spec, value)) return true;
  double n = value.number();
  if (spec.min && n < spec.min->number()) return false;
  if (spec.max && n > spec.max->number()) return false;
  if (!spec.allowed.empty()) {
    return std::any_of(spec.allowed.begin(), spec.allowed.end(),
                       [&](const Value& a) { return a.number() == n; });
  }
  return true;
}

bool CheckConstraints(const schema::AttributeSpec& spec, const Value& value, Diagnostics& diags) {
  if (SatisfiesConstraints(spec, value)) return true;
  std::string name(spec.name);
  // A sensitive value is shown by its mark only, and gets no "nearest value": that would tell it.
  std::string got = value.ToSource();
  if (!spec.allowed.empty()) {
    Diagnostic& d = diags.Error(value.range(), "`" + name + "` cannot be " + got +
                                                   "; it must be one of " + Words(spec.allowed));
    if (!value.sensitive()) {
      d.notes.push_back({"the nearest allowed value is " +
                             OfKind(value.kind(), Nearest(spec, value.number())).ToSource(true),
                         {}});
    }
    return false;
  }
  std::string range;
  if (spec.min && spec.max) {
    range = "from " + spec.min->ToSource(true) + " to " + spec.max->ToSource(true);
  } else if (spec.min) {
    range = "at least " + spec.min->ToSource(true);
  } else {
    range = "at most " + spec.max->ToSource(true);
  }
  diags.Error(value.range(), "`" + name + "` cannot be " + got + "; it must be " + range);
  return false;
}

std::optional<std::string> UnitHintFor(const schema::AttributeSpec& spec, const Value& number) {
  std::vector<Unit> units = UnitsFor(spec.type->kind);
  if (units.empty() || !number.is(ValueKind::kNumber) || number.sensitive()) return std::nullopt;
  double n = number.number();
  std::string written = number.ToSource(/*reveal=*/true);
  for (const Unit& u : units) {
    if (SatisfiesConstraints(spec, OfKind(u.kind, n * u.factor))) {
      return "write it with a unit, e.g. " + written + u.suffix;
    }
  }
  // No unit makes the number allowed: the allowed value closest (relatively) to one reading.
  double best_distance = std::numeric_limits<double>::infinity();
  std::string best;
  for (const Unit& u : units) {
    double meant = n * u.factor;
    double nearest = Nearest(spec, meant);
    double scale = std::max(std::abs(meant), std::abs(nearest));
    double distance = scale == 0 ? 0 : std::abs(nearest - meant) / scale;
    if (distance < best_distance) {
      best_distance = distance;
      best = fmt::format("write it with a unit, e.g. {}, the allowed value nearest to {}{}",
                         OfKind(u.kind, nearest).ToSource(true), written, u.suffix);
    }
  }
  return best;
}

}  // namespace berth::check
