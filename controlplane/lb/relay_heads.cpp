#include "controlplane/lb/relay_heads.h"

#include <cstdio>

#include "controlplane/lb/local_response.h"

namespace berth::controlplane::lb {

namespace relay_heads_impl {
namespace {

// Fields that describe one connection, not the message (RFC 9110 7.6.1): never passed on, nor
// those the Connection field names. Content-Length and Transfer-Encoding pass: the bodies are
// relayed with the framing they came with.
bool HopByHop(std::string_view name, std::string_view connection) {
  static constexpr std::string_view kNames[] = {"Connection", "Keep-Alive", "Proxy-Connection",
                                                "TE",         "Trailer",    "Upgrade"};
  for (std::string_view hop : kNames)
    if (EqualsIgnoreCase(hop, name)) return true;
  return !connection.empty() && HasToken(connection, name);
}

void AppendField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

}  // namespace
}  // namespace relay_heads_impl

using namespace relay_heads_impl;

std::string TargetRequestHead(const RequestHead& head, const BodyFraming& framing,
                              const ForwardedFor& forwarded) {
  std::string out;
  out.reserve(head.length + 160);
  out.append(head.method);
  out += ' ';
  out.append(head.target);
  out.append(" HTTP/1.1\r\n");
  std::string_view connection = FieldValue(head.headers, "Connection");
  std::string forwarded_for;
  bool host = false;
  for (const HeaderField& field : head.headers) {
    if (HopByHop(field.name, connection) || EqualsIgnoreCase(field.name, "Expect")) continue;
    if (EqualsIgnoreCase(field.name, "X-Forwarded-For")) {
      if (!forwarded_for.empty()) forwarded_for += ", ";
      forwarded_for.append(field.value);
      continue;
    }
    if (EqualsIgnoreCase(field.name, "X-Forwarded-Proto") ||
        EqualsIgnoreCase(field.name, "X-Forwarded-Port"))
      continue;
    // Both framings: chunked wins, the length is dropped (RFC 9112 6.3 item 3).
    if (framing.type == Framing::kChunked && EqualsIgnoreCase(field.name, "Content-Length"))
      continue;
    host = host || EqualsIgnoreCase(field.name, "Host");
    AppendField(out, field.name, field.value);
  }
  if (!host) AppendField(out, "Host", forwarded.target);
  if (!forwarded_for.empty()) forwarded_for += ", ";
  forwarded_for.append(forwarded.remote_address);
  AppendField(out, "X-Forwarded-For", forwarded_for);
  AppendField(out, "X-Forwarded-Proto", forwarded.protocol);
  char port[16];
  std::snprintf(port, sizeof port, "%d", forwarded.local_port);
  AppendField(out, "X-Forwarded-Port", port);
  out.append("\r\n");
  return out;
}

std::string ClientAnswerHead(const ResponseHead& answer, std::string_view method, bool keep,
                             int minor, AnswerRelay& relay) {
  relay.framing = ResponseFraming(answer, method);
  std::string_view connection = FieldValue(answer.headers, "Connection");
  relay.target_keeps = relay.framing.type != Framing::kUntilClose &&
                       !HasToken(connection, "close") &&
                       (answer.minor >= 1 || HasToken(connection, "keep-alive"));
  relay.dechunk = relay.framing.type == Framing::kChunked && minor == 0;
  relay.rechunk = relay.framing.type == Framing::kUntilClose && minor >= 1;
  relay.keep = keep && !(minor == 0 && (relay.framing.type == Framing::kChunked ||
                                        relay.framing.type == Framing::kUntilClose));
  std::string out;
  out.reserve(answer.length + 64);
  char status[32];
  std::snprintf(status, sizeof status, "HTTP/1.1 %03d ", answer.status);
  out.append(status);
  out.append(answer.reason.empty() ? ReasonPhrase(answer.status) : answer.reason);
  out.append("\r\n");
  for (const HeaderField& field : answer.headers) {
    if (HopByHop(field.name, connection)) continue;
    if (relay.dechunk && EqualsIgnoreCase(field.name, "Transfer-Encoding")) continue;
    AppendField(out, field.name, field.value);
  }
  if (relay.rechunk) out.append("Transfer-Encoding: chunked\r\n");
  if (!relay.keep) out.append("Connection: close\r\n");
  if (relay.keep && minor == 0) out.append("Connection: keep-alive\r\n");
  out.append("\r\n");
  return out;
}

}  // namespace berth::controlplane::lb
