#include "controlplane/credentials.h"

#include "backends/aws_api/credentials_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <random>
#include <sstream>

namespace berth::controlplane {

namespace {

std::string Random(int count, const std::string& alphabet) {
  std::random_device device;  // /dev/urandom on Linux
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (int i = 0; i < count; ++i) out += alphabet[pick(device)];
  return out;
}

}  // namespace

bool LoadOrCreateCredentials(const std::string& data_dir, aws_api::sigv4::Credentials& credentials,
                             std::string& error) {
  std::string path = data_dir + "/credentials";
  switch (aws_api::ReadCredentialsFile(path, credentials, error)) {
    case aws_api::CredentialsFileRead::kRead:
      return true;
    case aws_api::CredentialsFileRead::kMalformed:
      return false;
    case aws_api::CredentialsFileRead::kMissing:
      break;
  }
  // Shaped like IAM's: AKIA and 16 base-32 characters; a 40-character secret.
  credentials.access_key_id = "AKIA" + Random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
  credentials.secret_access_key =
      Random(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
  // Written to a temporary name with 0600 from the start, then renamed: never readable by
  // others, never half-written.
  std::string temporary = path + ".tmp";
  int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    error = "cannot write " + temporary;
    return false;
  }
  std::string text = aws_api::CredentialsFileText(credentials);
  bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  written = fsync(fd) == 0 && written;
  close(fd);
  if (!written || rename(temporary.c_str(), path.c_str()) != 0) {
    error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace berth::controlplane
