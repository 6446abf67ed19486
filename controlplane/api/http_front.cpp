#include "controlplane/api/http_front.h"

#include "controlplane/api/api.h"

namespace berth::controlplane::api {

namespace {

namespace sigv4 = aws_api::sigv4;

constexpr const char* kTargetPrefix = "AmazonEC2ContainerServiceV20141113.";
constexpr const char* kContentType = "application/x-amz-json-1.1";

void Reply(httplib::Response& response, int status, const json& body) {
  response.status = status;
  response.set_header("x-amzn-RequestId", model::NewTaskId());
  response.set_content(body.dump(), kContentType);
}

void ReplyError(httplib::Response& response, int status, const std::string& type,
                const std::string& message) {
  Reply(response, status, {{"__type", type}, {"message", message}});
}

sigv4::Request AsSigned(const httplib::Request& request) {
  sigv4::Request signed_request;
  signed_request.method = request.method;
  signed_request.path = request.path;
  for (const auto& [name, value] : request.params) signed_request.query.emplace_back(name, value);
  for (const auto& [name, value] : request.headers) {
    // httplib adds these for its own bookkeeping; they were never sent.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;
    }
    signed_request.headers.emplace_back(name, value);
  }
  signed_request.body = request.body;
  return signed_request;
}

// Whether the caller may go on; when not, `response` holds the 403 AWS gives.
bool Authenticate(const httplib::Request& request, httplib::Response& response,
                  const FrontOptions& options) {
  auto secret_of = [&](std::string_view key) -> std::optional<std::string> {
    if (key == options.credentials.access_key_id) return options.credentials.secret_access_key;
    return std::nullopt;
  };
  sigv4::Verification verification = sigv4::Verify(
      AsSigned(request), secret_of, std::chrono::system_clock::now(), options.max_skew);
  switch (verification.verdict) {
    case sigv4::Verdict::kValid:
      return true;
    case sigv4::Verdict::kMissingAuthentication:
      ReplyError(response, 403, "MissingAuthenticationTokenException",
                 "Missing Authentication Token");
      return false;
    case sigv4::Verdict::kIncomplete:
      ReplyError(response, 403, "IncompleteSignatureException", verification.message);
      return false;
    case sigv4::Verdict::kUnknownAccessKey:
      ReplyError(response, 403, "UnrecognizedClientException",
                 "The security token included in the request is invalid.");
      return false;
    case sigv4::Verdict::kExpired:
      ReplyError(response, 403, "InvalidSignatureException", verification.message);
      return false;
    case sigv4::Verdict::kMismatch:
      ReplyError(response, 403, "InvalidSignatureException", verification.message);
      return false;
  }
  return false;
}

}  // namespace

void Mount(httplib::Server& server, store::Store& store, const FrontOptions& options) {
  server.Post("/", [&store, options](const httplib::Request& request, httplib::Response& response) {
    if (!Authenticate(request, response, options)) return;
    std::string target = request.get_header_value("X-Amz-Target");
    std::string prefix = kTargetPrefix;
    Handler handler = nullptr;
    if (target.rfind(prefix, 0) == 0) handler = FindEcsHandler(target.substr(prefix.size()));
    if (!handler) {
      ReplyError(response, 400, "UnknownOperationException",
                 "berth serve does not implement " + (target.empty() ? "this request" : target));
      return;
    }
    json input = request.body.empty() ? json::object() : json::parse(request.body, nullptr, false);
    if (input.is_discarded() || !input.is_object()) {
      ReplyError(response, 400, "SerializationException", "The request body is not JSON.");
      return;
    }
    try {
      json output;
      store.Transaction([&](store::Tx& tx) {
        Context context{tx, options.origin};
        output = handler(context, input);
      });
      Reply(response, 200, output);
      std::string operation = target.substr(prefix.size());
      bool reads = operation.rfind("Describe", 0) == 0 || operation.rfind("List", 0) == 0;
      if (!reads && options.after_write) options.after_write();
    } catch (const ApiError& e) {
      ReplyError(response, e.status, e.type, e.what());
    } catch (const json::exception& e) {
      // A member of the wrong type: what botocore's own validation would have refused.
      ReplyError(response, 400, "InvalidParameterException", e.what());
    } catch (const std::exception& e) {
      ReplyError(response, 500, "ServerException", e.what());
    }
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty()) return;
    ReplyError(response, response.status, "UnknownOperationException",
               "berth serve answers POST / only");
  });
}

}  // namespace berth::controlplane::api
