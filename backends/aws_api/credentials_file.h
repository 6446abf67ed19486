// A key pair in the shell's `export`-able form, AWS_ACCESS_KEY_ID=... and
// AWS_SECRET_ACCESS_KEY=... lines: what `berth serve` writes into DATA/credentials and prints
// with --print-credentials, and what the controlplane backend reads to sign its requests.
#pragma once

#include <string>

#include "backends/aws_api/sigv4.h"

namespace berth::aws_api {

enum class CredentialsFileRead { kRead, kMissing, kMalformed };

// Reads `path`; kMissing when it does not exist, kMalformed (with `error`) when a line is missing.
CredentialsFileRead ReadCredentialsFile(const std::string& path, sigv4::Credentials& credentials,
                                        std::string& error);

std::string CredentialsFileText(const sigv4::Credentials& credentials);

}  // namespace berth::aws_api
