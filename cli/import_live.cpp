#include "cli/import_live.h"

#include <filesystem>
#include <fstream>

#include "backends/aws_api_backend/controlplane_settings.h"
#include "backends/aws_api_backend/live_import.h"
#include "cli/compile_stack.h"
#include "compiler/fmt/format.h"
#include "compiler/parse/parse.h"
#include "planner/state.h"

namespace berth::cli {

std::vector<FlagSpec> ImportLiveFlags() {
  return {
      {"from-live", false, false,
       "read an ECS service (with its task definition, target groups and scaling) from AWS and "
       "write a stack directory that plans no changes"},
      {"cluster", true, false, "with --from-live: the service's cluster (name or ARN)"},
      {"service", true, false, "with --from-live: the service (name or ARN)"},
      {"out", true, false,
       "with --from-live: the stack directory to write (default: the service's name); must not "
       "exist"},
      {"backend", true, false,
       "with --from-live: where to read: aws-api (default, the AWS configuration) or "
       "controlplane (berth serve)"},
  };
}

namespace {

// The client the backend would use: the AWS configuration, or the control plane's data
// directory. nullptr with `error`.
std::unique_ptr<aws_api_backend::AwsApiBackend> OpenClient(const std::string& backend,
                                                           std::string& error) {
  aws_api_backend::Settings settings;
  if (backend == "controlplane") {
    std::string data =
        aws_api_backend::ControlPlaneDataDir(Value::Null(), ".", aws_api::ProcessEnvironment());
    if (!aws_api_backend::ControlPlaneSettings(data, settings, error)) return nullptr;
  }
  return aws_api_backend::AwsApiBackend::Open(settings, error);
}

bool WriteFile(const std::string& path, const std::string& text, std::string& error) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) error = "cannot write " + path;
  return static_cast<bool>(out);
}

}  // namespace

int ImportLive(const ParsedArgs& parsed, CommandIo& io) {
  auto fail = [&](const std::string& message) {
    io.err << "berth import: " << message << "\n";
    return 1;
  };
  if (!parsed.positional.empty())
    return fail(
        "--from-live takes no kind or file: `berth import --from-live --cluster C "
        "--service S [--out DIR]`");
  if (!parsed.Has("cluster") || !parsed.Has("service"))
    return fail("--from-live needs --cluster C and --service S");
  std::string backend = parsed.Get("backend", "aws-api");
  if (backend != "aws-api" && backend != "controlplane")
    return fail("--from-live reads through the aws-api or controlplane backend, not " + backend);
  aws_api_backend::LiveImportOptions options;
  options.cluster = parsed.Get("cluster");
  options.service = parsed.Get("service");
  std::string name = options.service.substr(options.service.rfind('/') + 1);
  std::string dir = parsed.Get("out", name);
  std::error_code ec;
  if (std::filesystem::exists(dir, ec))
    return fail(dir + " already exists: refusing to overwrite it (give --out a new directory)");

  std::string error;
  std::unique_ptr<aws_api_backend::AwsApiBackend> api = OpenClient(backend, error);
  if (!api) return fail(error);
  const aws_api::Client& client = api->client();
  options.region = client.config().region;
  if (backend == "aws-api") {
    aws_api::CallResult identity = client.Call("sts", "get-caller-identity", {});
    if (!identity.ok()) return fail("sts get-caller-identity: " + identity.error().ToString());
    options.account = identity.json().value("Account", "");
  }
  aws_api_backend::LiveImport imported;
  if (!aws_api_backend::ImportFromLive(client, options, imported, error)) return fail(error);

  // Laid out as `berth fmt` would.
  SourceManager sources;
  Diagnostics diags;
  uint32_t id = sources.Add("<import>", imported.source);
  ast::File ast = Parse({}, sources, id, diags);
  if (diags.HasErrors())
    return fail("internal error: the printed source does not parse:\n" + imported.source);
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail("cannot create " + dir + ": " + ec.message());
  std::string main_file = (std::filesystem::path(dir) / "main.berth").string();
  if (!WriteFile(main_file, Format({}, ast, *sources.Get(id)), error)) return fail(error);

  // The state records what was read as if berth had applied it: the compiled source, so the
  // next plan finds every resource known and unchanged.
  ParsedArgs stack_args = parsed;
  stack_args.positional = {dir};
  SourceManager stack_sources;
  std::optional<ir::Program> program = CompileStack(stack_args, stack_sources, io);
  if (!program) return fail("internal error: the written " + main_file + " does not compile");
  state::State state;
  std::string state_path = (std::filesystem::path(dir) / ".berth" / "state.json").string();
  if (!state::LoadState(state_path, state, error)) return fail(error);
  for (const ir::Resource& resource : program->resources)
    state.Put(
        {resource.address, resource.kind, resource.attributes, Value::Null(), resource.depends_on});
  if (!state::SaveState(state_path, state, error)) return fail(error);

  io.out << "Imported service " << options.service << " of cluster " << options.cluster << " into "
         << dir << "/ (main.berth, .berth/state.json):\n";
  for (const std::string& address : imported.addresses) io.out << "  " << address << "\n";
  for (const std::string& note : imported.notes) io.out << "Note: " << note << "\n";
  io.out << "Check it with: berth plan " << dir << " --backend " << backend << "\n";
  return 0;
}

}  // namespace berth::cli
