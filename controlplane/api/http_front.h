// The HTTP side of the API: every request is POST / with an awsJson1_1 body, signed with SigV4
// by credentials the server holds; X-Amz-Target names the operation
// ("AmazonEC2ContainerServiceV20141113.CreateService"). Errors are written as botocore parses
// them: a JSON body with `__type` and `message`, and the status from the model.
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>

#include "backends/aws_api/sigv4.h"
#include "controlplane/model/ecs.h"
#include "controlplane/store/store.h"

namespace berth::controlplane::api {

struct FrontOptions {
  model::Origin origin;
  aws_api::sigv4::Credentials credentials;
  // A request signed further than this from the server's clock is refused (AWS allows 15
  // minutes; berth's server is on the caller's own machine, so 5).
  std::chrono::seconds max_skew{300};
  // Called after each operation that succeeded (the reconciler acts on it at once).
  std::function<void()> after_write;
};

void Mount(httplib::Server& server, store::Store& store, const FrontOptions& options);

}  // namespace berth::controlplane::api
