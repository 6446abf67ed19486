// Waits on ECS services, as the ECS model's waiters do (botocore's ecs waiters-2.json), sharing
// one polling loop: describe-services of one service, from every second up to every 15 s (the
// waiters' fixed delay), bounded by a timeout.
//
// - services-inactive after delete-service: INACTIVE or gone. ECS refuses to delete a cluster
//   whose services are still DRAINING.
// - services-stable after create-service/update-service when `apply --wait` asks: one
//   deployment and runningCount == desiredCount; DRAINING, INACTIVE or gone fail at once.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

#include "backends/aws_api/client.h"

namespace berth::aws_api_backend {

// The waiters' bound: 40 attempts 15 s apart.
inline constexpr std::chrono::milliseconds kDefaultServiceWait = std::chrono::minutes(10);

struct ServiceWait {
  std::string cluster = "default";
  std::string service;
  std::chrono::milliseconds timeout = kDefaultServiceWait;
  // A line per poll whose answer differs from the last one's ("ADDRESS: waiting ..."); may be
  // null. `address` starts each line.
  std::ostream* progress = nullptr;
  std::string address;
};

// False with `error` when the service is still DRAINING at the timeout or a call fails.
bool WaitServiceInactive(const aws_api::Client& client, const ServiceWait& wait,
                         std::string& error);
// False with `error` naming the service and its deployments' state when it is not stable by the
// timeout, or at once when it is draining, inactive or missing.
bool WaitServiceStable(const aws_api::Client& client, const ServiceWait& wait, std::string& error);

// "2 deployments: PRIMARY 1/3 running, 2 pending (IN_PROGRESS); ACTIVE 1/1 running": what a
// describe-services answer says of one service's deployments, for progress and errors.
std::string DeploymentsText(const aws_api::Json& service);

}  // namespace berth::aws_api_backend
