// Apply's read calls whose answers come a page at a time. A lookup (the ARN of a listener rule
// by its priority, emitted by backends/aws/elbv2_common.cpp) reads pages until every capture of
// the call finds its value, or the last page: one page held only the first 50 rules under moto,
// 400 under AWS and berth serve, so a rule further down was "not returned".
#pragma once

#include "backends/aws/aws_call.h"
#include "backends/aws_api/client.h"

namespace berth::aws_api_backend {

// `call` (its body filled in), with its answer's pages merged into one answer: the first page's
// document with the list member holding every page's items. A call that is not paged, or whose
// captures all resolve on the first page, is one request.
aws_api::CallResult CallPaged(const aws_api::Client& client, const aws::AwsCall& call);

}  // namespace berth::aws_api_backend
