// The one key pair `berth serve` accepts, made on first start in DATA/credentials (mode 0600)
// in the shell's `export`-able form: AWS_ACCESS_KEY_ID=... and AWS_SECRET_ACCESS_KEY=... lines.
#pragma once

#include <string>

#include "backends/aws_api/sigv4.h"

namespace berth::controlplane {

// Reads DIR/credentials, creating it with a fresh random pair when missing; false with `error`.
bool LoadOrCreateCredentials(const std::string& data_dir, aws_api::sigv4::Credentials& credentials,
                             std::string& error);

}  // namespace berth::controlplane
