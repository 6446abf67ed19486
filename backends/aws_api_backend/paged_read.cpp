#include "backends/aws_api_backend/paged_read.h"

#include <string_view>

#include "backends/aws_api_backend/capture_query.h"

namespace berth::aws_api_backend {

namespace {

// How a paged operation names the next page and where its items are (botocore's
// paginators-1.json for elasticloadbalancingv2: input_token Marker, output_token NextMarker).
// Like the AWS CLI, the first call asks for no page size: the server's own (moto 50 rules,
// berth serve 400).
struct Paging {
  std::string_view service;
  std::string_view operation;
  std::string_view result;  // the list member the pages add to
};

constexpr Paging kPaged[] = {
    {"elbv2", "describe-rules", "Rules"},
    {"elbv2", "describe-listeners", "Listeners"},
    {"elbv2", "describe-target-groups", "TargetGroups"},
    {"elbv2", "describe-load-balancers", "LoadBalancers"},
};

// Enough for 50,000 rules a listener (ELBv2's most priorities) at moto's 50 a page, and a stop
// for a server that answered the same marker forever.
constexpr int kMostPages = 1000;

const Paging* PagingOf(const aws::AwsCall& call) {
  for (const Paging& paging : kPaged) {
    if (paging.service == call.service && paging.operation == call.operation) return &paging;
  }
  return nullptr;
}

bool CapturesFound(const aws::AwsCall& call, const aws::Json& document) {
  for (const aws::Capture& capture : call.captures) {
    std::string why;
    if (!EvaluateQuery(capture.query, document, why)) return false;
  }
  return true;
}

}  // namespace

aws_api::CallResult CallPaged(const aws_api::Client& client, const aws::AwsCall& call) {
  const Paging* paging = PagingOf(call);
  if (!paging || call.captures.empty() || !call.body.is_object())
    return client.Call(call.service, call.operation, call.body);
  aws::Json input = call.body;
  aws_api::CallResult first = client.Call(call.service, call.operation, input);
  if (!first.ok()) return first;
  aws::Json merged = first.json();
  std::string result(paging->result);
  for (int page = 1; page < kMostPages && !CapturesFound(call, merged); ++page) {
    auto next = merged.find("NextMarker");
    if (next == merged.end() || !next->is_string() || next->get<std::string>().empty()) break;
    input["Marker"] = *next;
    aws_api::CallResult more = client.Call(call.service, call.operation, input);
    if (!more.ok()) return more;
    aws::Json items = more.json().value(result, aws::Json::array());
    for (aws::Json& item : items) merged[result].push_back(std::move(item));
    if (more.json().contains("NextMarker")) {
      merged["NextMarker"] = more.json()["NextMarker"];
    } else {
      merged.erase("NextMarker");
    }
  }
  return aws_api::CallResult::Success(std::move(merged));
}

}  // namespace berth::aws_api_backend
