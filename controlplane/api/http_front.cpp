#include "controlplane/api/http_front.h"

#include "backends/aws_api/percent_encoding.h"
#include "backends/aws_api/service_models.h"
#include "controlplane/api/api.h"
#include "controlplane/api/input_constraints.h"
#include "controlplane/api/query_wire.h"

namespace berth::controlplane::api {

// Named (and anonymous within): the build compiles several files as one unit.
namespace front_impl {
namespace {

namespace sigv4 = aws_api::sigv4;
using aws_api::Protocol;
using aws_api::ServiceModel;

constexpr const char* kJsonContentType = "application/x-amz-json-1.1";

// The awsJson services, found by X-Amz-Target's prefix ("AmazonEC2ContainerServiceV20141113").
constexpr const char* kJsonServices[] = {"ecs", "logs", "application-autoscaling", "events",
                                         "servicediscovery"};
// The query and ec2 services, found by the signing name of the request's SigV4 scope: the one
// thing that tells an IAM form from an ELBv2 one on a shared endpoint (botocore signs each with
// its model's signingName).
constexpr std::pair<const char*, const char*> kFormServices[] = {{"iam", "iam"},
                                                                 {"elasticloadbalancing", "elbv2"},
                                                                 {"ec2", "ec2"},
                                                                 {"monitoring", "cloudwatch"}};

// Query services that newer botocore calls in awsJson1_0 instead (its CloudWatch model lists
// the JSON protocol first): the same operations, members and errors, as JSON.
constexpr std::pair<const char*, const char*> kJsonAlternatives[] = {
    {"GraniteServiceVersion20100801", "cloudwatch"}};

// One request, as the dispatcher sees it.
struct Call {
  const ServiceModel* service = nullptr;
  std::string operation;  // the API's name
  json input;
  bool json_protocol = false;  // answered as awsJson (the service's own, or an alternative)
};

void ReplyJson(httplib::Response& response, int status, const json& body,
               const std::string& request_id) {
  response.status = status;
  response.set_header("x-amzn-RequestId", request_id);
  response.set_content(body.dump(), kJsonContentType);
}

void ReplyJsonError(httplib::Response& response, int status, const std::string& type,
                    const std::string& message, const std::string& request_id) {
  ReplyJson(response, status, {{"__type", type}, {"message", message}}, request_id);
}

// An error in the protocol of `service` (JSON when none was recognised: the ECS clients'
// shape, which the first version of this server answered everything in).
void ReplyError(httplib::Response& response, const ServiceModel* service, int status,
                const std::string& type, const std::string& message,
                const std::string& request_id) {
  if (!service || service->protocol == Protocol::kJson) {
    ReplyJsonError(response, status, type, message, request_id);
    return;
  }
  response.status = status;
  response.set_header("x-amzn-RequestId", request_id);
  response.set_content(
      EncodeQueryError(service->protocol, type, message, request_id, status >= 500), "text/xml");
}

sigv4::Request AsSigned(const httplib::Request& request, const std::string& body) {
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
  signed_request.body = body;
  return signed_request;
}

// The verification; when it fails, `response` holds the 403 AWS gives.
std::optional<sigv4::Authorization> Authenticate(const httplib::Request& request,
                                                 const std::string& body,
                                                 httplib::Response& response,
                                                 const FrontOptions& options,
                                                 const std::string& request_id) {
  auto secret_of = [&](std::string_view key) -> std::optional<std::string> {
    if (key == options.credentials.access_key_id) return options.credentials.secret_access_key;
    return std::nullopt;
  };
  sigv4::Verification verification = sigv4::Verify(
      AsSigned(request, body), secret_of, std::chrono::system_clock::now(), options.max_skew);
  // The caller's protocol, for the error's shape: JSON unless the body is a form.
  const ServiceModel* shape = nullptr;
  if (!request.has_header("X-Amz-Target")) {
    for (const auto& [signing, cli] : kFormServices) {
      if (verification.authorization.scope.service == signing) shape = aws_api::FindService(cli);
    }
  }
  auto fail = [&](const char* type, const std::string& message) {
    ReplyError(response, shape, 403, type, message, request_id);
    return std::nullopt;
  };
  switch (verification.verdict) {
    case sigv4::Verdict::kValid:
      return verification.authorization;
    case sigv4::Verdict::kMissingAuthentication:
      return fail("MissingAuthenticationTokenException", "Missing Authentication Token");
    case sigv4::Verdict::kIncomplete:
      return fail("IncompleteSignatureException", verification.message);
    case sigv4::Verdict::kUnknownAccessKey:
      return fail("UnrecognizedClientException",
                  "The security token included in the request is invalid.");
    case sigv4::Verdict::kExpired:
    case sigv4::Verdict::kMismatch:
      return fail("InvalidSignatureException", verification.message);
  }
  return std::nullopt;
}

// Which service and operation the request calls, with its input as JSON; nullopt when the
// request names nothing berth serves (then `response` holds the error).
std::optional<Call> Route(const httplib::Request& request, const std::string& body,
                          const sigv4::Authorization& authorization, httplib::Response& response,
                          const std::string& request_id) {
  Call call;
  std::string target = request.get_header_value("X-Amz-Target");
  if (!target.empty()) {
    for (const char* name : kJsonServices) {
      const ServiceModel* service = aws_api::FindService(name);
      std::string prefix = service->target_prefix + ".";
      if (target.rfind(prefix, 0) == 0) {
        call.service = service;
        call.operation = target.substr(prefix.size());
      }
    }
    for (const auto& [target_prefix, name] : kJsonAlternatives) {
      std::string prefix = std::string(target_prefix) + ".";
      if (target.rfind(prefix, 0) == 0) {
        call.service = aws_api::FindService(name);
        call.operation = target.substr(prefix.size());
      }
    }
    call.json_protocol = true;
    if (!call.service || !FindHandler(call.service->cli_name, call.operation)) {
      ReplyJsonError(response, 400, "UnknownOperationException",
                     "berth serve does not implement " + target, request_id);
      return std::nullopt;
    }
    // AWS serves each API on its own endpoint and refuses a signature scoped to another; here
    // the endpoint is shared, so the scope is checked against the target's service.
    if (authorization.scope.service != call.service->signing_name) {
      ReplyJsonError(
          response, 403, "InvalidSignatureException",
          "Credential should be scoped to correct service: '" + call.service->signing_name + "'. ",
          request_id);
      return std::nullopt;
    }
    call.input = body.empty() ? json::object() : json::parse(body, nullptr, false);
    if (call.input.is_discarded() || !call.input.is_object()) {
      ReplyJsonError(response, 400, "SerializationException", "The request body is not JSON.",
                     request_id);
      return std::nullopt;
    }
    return call;
  }
  for (const auto& [signing, cli] : kFormServices) {
    if (authorization.scope.service == signing) call.service = aws_api::FindService(cli);
  }
  if (!call.service) {
    ReplyJsonError(
        response, 400, "UnknownOperationException",
        "berth serve does not implement the service '" + authorization.scope.service + "'",
        request_id);
    return std::nullopt;
  }
  aws_api::FormFields fields = aws_api::ParseFormEncoded(body);
  for (const auto& [name, value] : request.params) fields.emplace_back(name, value);
  for (const auto& [name, value] : fields) {
    if (name == "Action") call.operation = value;
  }
  std::optional<aws_api::OperationModel> operation = call.service->Operation(call.operation);
  if (!operation || !FindHandler(call.service->cli_name, call.operation)) {
    ReplyError(response, call.service, 400, "InvalidAction",
               "berth serve does not implement the action " +
                   (call.operation.empty() ? std::string("(none)") : call.operation) + " of " +
                   call.service->cli_name,
               request_id);
    return std::nullopt;
  }
  call.input = DecodeQueryInput(*call.service, *operation, fields);
  return call;
}

void Reply(httplib::Response& response, const Call& call, const json& output,
           const std::string& request_id) {
  if (call.json_protocol) {
    ReplyJson(response, 200, output, request_id);
    return;
  }
  response.status = 200;
  response.set_header("x-amzn-RequestId", request_id);
  response.set_content(EncodeQueryOutput(*call.service, *call.service->Operation(call.operation),
                                         output, request_id),
                       "text/xml");
}

bool IsRead(const std::string& operation) {
  for (const char* verb : {"Describe", "List", "Get"}) {
    if (operation.rfind(verb, 0) == 0) return true;
  }
  return false;
}

}  // namespace
}  // namespace front_impl

void Mount(httplib::Server& server, store::Store& store, const FrontOptions& options) {
  using namespace front_impl;
  // The body is read here, not by httplib: httplib parses a form body into its parameters
  // (which SigV4 must not see as query parameters) and refuses one over 8 KiB.
  server.Post("/", [&store, options](const httplib::Request& request, httplib::Response& response,
                                     const httplib::ContentReader& read) {
    std::string body;
    read([&](const char* data, size_t size) {
      body.append(data, size);
      return true;
    });
    std::string request_id = model::NewTaskId();
    std::optional<sigv4::Authorization> authorization =
        Authenticate(request, body, response, options, request_id);
    if (!authorization) return;
    std::optional<Call> call = Route(request, body, *authorization, response, request_id);
    if (!call) return;
    Handler handler = FindHandler(call->service->cli_name, call->operation);
    const char* invalid = call->service->cli_name == "ecs"             ? "InvalidParameterException"
                          : call->service->protocol == Protocol::kJson ? "ValidationException"
                          : call->service->protocol == Protocol::kEc2  ? "InvalidParameterValue"
                                                                       : "ValidationError";
    if (call->service->cli_name == "logs") invalid = "InvalidParameterException";
    try {
      CheckInput(*call->service, call->operation, call->input, call->json_protocol);
      json output;
      auto run = [&](store::Tx& tx) {
        Context context{tx, options.origin};
        output = handler(context, call->input);
      };
      // Reads on connections of their own, side by side; the rare read that writes (a lazily
      // kept record) runs again as a write.
      bool read = IsRead(call->operation);
      if (read) {
        try {
          store.Read(run);
        } catch (const store::NeedsWrite&) {
          read = false;
        }
      }
      if (!read) store.Transaction(run);
      Reply(response, *call, output, request_id);
      if (!IsRead(call->operation) && options.after_write) options.after_write();
    } catch (const ApiError& e) {
      ReplyError(response, call->json_protocol ? nullptr : call->service, e.status, e.type,
                 e.what(), request_id);
    } catch (const json::exception& e) {
      // A member of the wrong type: what botocore's own validation would have refused.
      ReplyError(response, call->json_protocol ? nullptr : call->service, 400, invalid, e.what(),
                 request_id);
    } catch (const std::exception& e) {
      const char* fault =
          call->service->protocol == Protocol::kJson ? "ServerException" : "InternalFailure";
      ReplyError(response, call->json_protocol ? nullptr : call->service, 500, fault, e.what(),
                 request_id);
    }
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty()) return;
    ReplyJsonError(response, response.status, "UnknownOperationException",
                   "berth serve answers POST / only", model::NewTaskId());
  });
}

}  // namespace berth::controlplane::api
