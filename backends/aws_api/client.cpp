#include "backends/aws_api/client.h"

#include <httplib.h>

#include <cctype>
#include <chrono>
#include <map>
#include <memory>
#include <random>
#include <thread>

#include "backends/aws_api/percent_encoding.h"
#include "backends/aws_api/query_serializer.h"
#include "backends/aws_api/retry_policy.h"
#include "backends/aws_api/service_models.h"
#include "backends/aws_api/sigv4.h"
#include "backends/aws_api/url.h"
#include "backends/aws_api/xml_response.h"

namespace berth::aws_api {

namespace {

struct HttpAnswer {
  int status = 0;  // 0: no response; `transport_error` says why
  std::string body;
  std::string error_type_header;  // x-amzn-ErrorType (JSON protocols)
  std::string request_id_header;  // x-amzn-RequestId
  std::string transport_error;
};

// One keep-alive connection per endpoint and thread: httplib's client is not shared safely
// between threads, and reconnecting for every call of a 1,000-service refresh is waste.
httplib::Client& Connection(const Url& url, const ClientConfig& config) {
  thread_local std::map<std::string, std::unique_ptr<httplib::Client>> connections;
  std::string key = url.scheme + "://" + url.HostHeader();
  auto& slot = connections[key];
  if (!slot) {
    std::string host = url.Ipv6() ? "[" + url.host + "]" : url.host;
    slot = std::make_unique<httplib::Client>(url.scheme + "://" + host + ":" +
                                             std::to_string(url.EffectivePort()));
    slot->set_keep_alive(true);
    // httplib writes a request's head and body apart: with Nagle the body waits for the
    // server's delayed acknowledgement of the head (up to 40 ms on Linux) on every call.
    slot->set_tcp_nodelay(true);
    slot->set_connection_timeout(10);
    slot->set_read_timeout(60);
    slot->set_write_timeout(60);
    if (url.scheme == "https") {
      slot->enable_server_certificate_verification(true);
      if (!config.ca_bundle.empty()) {
        slot->set_ca_cert_path(config.ca_bundle.c_str());
      } else {
        slot->set_ca_cert_path("/etc/ssl/certs/ca-certificates.crt");
      }
    }
  }
  return *slot;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

HttpAnswer Send(const Url& url, const sigv4::Request& request, const std::string& content_type,
                const ClientConfig& config) {
  httplib::Headers headers;
  for (const auto& [name, value] : request.headers) {
    // httplib writes Content-Type from its argument; a second copy would differ from what was
    // signed only in count, but AWS would see two.
    if (EqualsIgnoringCase(name, "Content-Type")) continue;
    headers.emplace(name, value);
  }
  httplib::Client& connection = Connection(url, config);
  httplib::Result result =
      connection.Post(request.path.c_str(), headers, request.body, content_type.c_str());
  HttpAnswer answer;
  if (!result) {
    answer.transport_error = httplib::to_string(result.error());
    // A keep-alive connection the server closed: the next attempt opens a new one.
    connection.stop();
    return answer;
  }
  answer.status = result->status;
  answer.body = result->body;
  answer.error_type_header = result->get_header_value("x-amzn-ErrorType");
  answer.request_id_header = result->get_header_value("x-amzn-RequestId");
  return answer;
}

// AWS's error code without the namespace JSON protocols put before it or the URL after it:
// "com.amazonaws.ecs#ClientException", "ClientException:http://internal.amazon.com/...".
std::string BareCode(std::string code) {
  if (size_t hash = code.rfind('#'); hash != std::string::npos) code = code.substr(hash + 1);
  if (size_t colon = code.find(':'); colon != std::string::npos) code = code.substr(0, colon);
  return code;
}

std::string TextMember(const Json& object, std::initializer_list<const char*> keys) {
  if (!object.is_object()) return "";
  for (const char* key : keys) {
    auto found = object.find(key);
    if (found != object.end() && found->is_string()) return found->get<std::string>();
  }
  return "";
}

// IAM sends policy documents URL-encoded; botocore (handlers.json_decode_policies) and so the
// AWS CLI give them as JSON, and so does this client.
void DecodePolicies(Json& value) {
  if (value.is_object()) {
    for (auto& [key, item] : value.items()) {
      if (item.is_string() &&
          (key == "PolicyDocument" || key == "AssumeRolePolicyDocument" || key == "Document")) {
        Json decoded = Json::parse(PercentDecode(item.get<std::string>()), nullptr, false);
        if (!decoded.is_discarded()) item = std::move(decoded);
      } else {
        DecodePolicies(item);
      }
    }
  } else if (value.is_array()) {
    for (Json& item : value) DecodePolicies(item);
  }
}

double Random01() {
  thread_local std::mt19937 random{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(random);
}

}  // namespace

std::string AwsError::ToString() const {
  std::string out = service + " " + operation + ": " + code;
  if (!message.empty()) out += ": " + message;
  std::string details;
  if (status != 0) details = "HTTP " + std::to_string(status);
  if (attempts > 1)
    details += (details.empty() ? "" : ", ") + ("after " + std::to_string(attempts) + " attempts");
  if (!details.empty()) out += " (" + details + ")";
  return out;
}

std::string Client::EndpointOf(std::string_view service) const {
  if (!config_.endpoint.empty()) return config_.endpoint;
  auto found = config_.endpoints.find(std::string(service));
  if (found != config_.endpoints.end()) return found->second;
  if (!config_.profile_endpoint.empty()) return config_.profile_endpoint;
  const ServiceModel* model = FindService(service);
  if (!model) return "";
  if (model->cli_name == "iam") return "https://" + model->global_endpoint;
  std::string suffix = config_.region.rfind("cn-", 0) == 0 ? ".amazonaws.com.cn" : ".amazonaws.com";
  return "https://" + model->endpoint_prefix + "." + config_.region + suffix;
}

CallResult Client::Call(std::string_view service_name, std::string_view operation_name,
                        const Json& input) const {
  ++calls_;
  AwsError error;
  error.service = std::string(service_name);
  error.operation = std::string(operation_name);
  auto fail = [&](std::string code, std::string message) {
    error.code = std::move(code);
    error.message = std::move(message);
    return CallResult::Failure(error);
  };
  const ServiceModel* service = FindService(service_name);
  if (!service) return fail("UnknownOperation", "berth does not know this AWS service");
  std::optional<OperationModel> operation = service->Operation(operation_name);
  if (!operation) return fail("UnknownOperation", "the service has no such operation");
  error.operation = operation->name;

  std::string url_error;
  std::optional<Url> url = Url::Parse(EndpointOf(service_name), url_error);
  if (!url) return fail("InvalidEndpoint", url_error);

  sigv4::Request request;
  request.method = "POST";
  request.path = url->path.empty() ? "/" : url->path;
  request.headers.emplace_back("Host", url->HostHeader());
  std::string content_type;
  if (service->protocol == Protocol::kJson) {
    content_type = "application/x-amz-json-" + service->json_version;
    request.headers.emplace_back("X-Amz-Target", service->target_prefix + "." + operation->name);
    request.body = input.is_null() ? "{}" : input.dump();
  } else {
    content_type = "application/x-www-form-urlencoded; charset=utf-8";
    try {
      request.body = FormEncode(SerializeQuery(*service, *operation, input));
    } catch (const SerializeError& e) {
      return fail("InvalidParameter", e.what());
    }
  }
  request.headers.emplace_back("Content-Type", content_type);
  // IAM is global: its one endpoint signs in us-east-1 whatever the caller's region.
  std::string signing_region = service->cli_name == "iam" ? "us-east-1" : config_.region;

  for (int attempt = 1;; ++attempt) {
    error.attempts = attempt;
    sigv4::Sign(request, config_.credentials, signing_region, service->signing_name,
                std::chrono::system_clock::now());
    ++requests_;
    HttpAnswer answer = Send(*url, request, content_type, config_);
    error.status = answer.status;
    error.request_id = answer.request_id_header;
    if (answer.status == 0) {
      error.code = "ConnectionError";
      error.message = "could not reach " + url->ToString() + ": " + answer.transport_error;
    } else if (answer.status >= 200 && answer.status < 300) {
      if (service->protocol == Protocol::kJson) {
        if (answer.body.empty()) return CallResult::Success(Json::object());
        Json parsed = Json::parse(answer.body, nullptr, false);
        if (parsed.is_discarded())
          return fail("MalformedResponse",
                      "the response is not JSON: " + answer.body.substr(0, 200));
        return CallResult::Success(std::move(parsed));
      }
      std::string why;
      std::optional<Json> parsed = ParseXmlResponse(*service, *operation, answer.body, why);
      if (!parsed) return fail("MalformedResponse", why);
      if (service->cli_name == "iam") DecodePolicies(*parsed);
      return CallResult::Success(std::move(*parsed));
    } else if (service->protocol == Protocol::kJson) {
      Json parsed = Json::parse(answer.body, nullptr, false);
      error.code = BareCode(answer.error_type_header);
      if (error.code.empty()) error.code = BareCode(TextMember(parsed, {"__type", "code"}));
      error.message = TextMember(parsed, {"message", "Message", "errorMessage"});
      if (error.code.empty()) error.code = "HTTP" + std::to_string(answer.status);
      if (error.message.empty() && parsed.is_discarded())
        error.message = answer.body.substr(0, 200);
    } else if (std::optional<XmlError> xml = ParseXmlError(answer.body)) {
      error.code = xml->code;
      error.message = xml->message;
      if (!xml->request_id.empty()) error.request_id = xml->request_id;
    } else {
      error.code = "HTTP" + std::to_string(answer.status);
      error.message = answer.body.substr(0, 200);
    }
    if (attempt >= config_.max_attempts || !IsRetryable(answer.status, error.code))
      return CallResult::Failure(error);
    double wait = BackoffSeconds(attempt, config_.retry_base_seconds, Random01());
    std::this_thread::sleep_for(std::chrono::duration<double>(wait));
  }
}

}  // namespace berth::aws_api
