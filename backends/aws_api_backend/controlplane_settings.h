// The controlplane backend (issue 13): the aws-api backend's client pointed at a `berth serve`.
// Endpoint and key pair come from the server's data directory (DATA/endpoint and
// DATA/credentials, written by `berth serve --data DATA`), nothing from the machine's AWS
// configuration, so a stack meant for the local control plane never reaches AWS by accident.
#pragma once

#include <string>

#include "backends/aws_api_backend/aws_api_backend.h"

namespace berth::aws_api_backend {

// The data directory: the backend block's `data` (relative to the stack directory), else
// $BERTH_CONTROLPLANE_DATA; empty when neither is set.
std::string ControlPlaneDataDir(const Value& backend_block, const std::string& stack_dir,
                                const aws_api::Environment& environment);

// Points `settings` (its stack already set) at the control plane serving from `data_dir`: its
// environment holds only the endpoint, the key pair and the stack's region (us-east-1 when it
// names none), and the caller check is off (the control plane has no accounts). False with
// `error` when the directory is not a control plane's ("is `berth serve --data DIR` running?").
bool ControlPlaneSettings(const std::string& data_dir, Settings& settings, std::string& error);

}  // namespace berth::aws_api_backend
