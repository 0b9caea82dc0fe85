// Naming the user's handler file, finding the bootstraps that run it, and Lambda's environment.
#include "ivsim/adapters/lambda_transport.hpp"
#include "ivsim/error.hpp"

#include <cstdlib>
#include <system_error>

namespace ivsim::adapters {

namespace fs = std::filesystem;

LambdaHandler parse_lambda_handler(std::string_view spec) {
  // The export follows the last ':' after the file name (a path may hold ':' itself).
  std::string file(spec);
  std::string export_name = "handler";
  const std::size_t colon = spec.rfind(':');
  const std::size_t slash = spec.rfind('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    file = std::string(spec.substr(0, colon));
    export_name = std::string(spec.substr(colon + 1));
  }
  if (export_name.empty())
    throw InputError("--handler: expected FILE:EXPORT such as index.mjs:handler, got \"" +
                     std::string(spec) + "\" (the export is empty)");
  std::error_code error;
  if (!fs::is_regular_file(file, error))
    throw InputError("--handler: " + file + ": expected a handler file, found none");
  return LambdaHandler{fs::absolute(file), export_name};
}

static bool holds_bootstraps(const fs::path &dir) {
  std::error_code error;
  return fs::is_regular_file(dir / "bootstrap.mjs", error);
}

fs::path lambda_bootstrap_dir() {
  if (const char *given = std::getenv("IVSIM_LAMBDA_BOOTSTRAP_DIR")) {
    if (!holds_bootstraps(given))
      throw InputError(std::string("IVSIM_LAMBDA_BOOTSTRAP_DIR: ") + given +
                       ": expected a folder holding bootstrap.mjs and bootstrap.py");
    return given;
  }
  std::error_code error;
  const fs::path binary = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path installed = binary.parent_path().parent_path() / "share" / "ivsim" / "lambda";
    if (holds_bootstraps(installed))
      return installed;
  }
  if (holds_bootstraps(IVSIM_LAMBDA_SOURCE_BOOTSTRAP_DIR))
    return IVSIM_LAMBDA_SOURCE_BOOTSTRAP_DIR;
  throw InputError("cannot find ivsim's Lambda bootstraps (bootstrap.mjs, bootstrap.py): set "
                   "IVSIM_LAMBDA_BOOTSTRAP_DIR to the folder holding them");
}

std::vector<std::string> bootstrap_command(const LambdaHandler &handler) {
  const std::string extension = handler.file.extension().string();
  if (extension == ".mjs" || extension == ".js" || extension == ".cjs")
    return {"node", (lambda_bootstrap_dir() / "bootstrap.mjs").string(), handler.file.string(),
            handler.export_name};
  // -u: unbuffered, so what the handler prints reaches ivsim during its invocation; -B: no
  // __pycache__ next to the user's file.
  if (extension == ".py")
    return {"python3",
            "-u",
            "-B",
            (lambda_bootstrap_dir() / "bootstrap.py").string(),
            handler.file.string(),
            handler.export_name};
  throw InputError("--handler: " + handler.file.string() +
                   ": expected a .mjs, .js, .cjs or .py file, got \"" + extension +
                   "\" (run other runtimes with --runtime-command)");
}

std::vector<std::pair<std::string, std::string>>
lambda_environment(const std::string &function_name, const std::optional<LambdaHandler> &handler) {
  // The variables Lambda defines for every function; aws-lambda-ric refuses to start without
  // them (docs: "Defined runtime environment variables").
  std::vector<std::pair<std::string, std::string>> environment = {
      {"AWS_LAMBDA_FUNCTION_NAME", function_name},
      {"AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"},
      {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"},
      {"AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function_name},
      {"AWS_LAMBDA_LOG_STREAM_NAME", "ivsim"},
      {"AWS_EXECUTION_ENV", "ivsim"},
  };
  if (std::getenv("AWS_REGION") == nullptr)
    environment.emplace_back("AWS_REGION", "us-east-1");
  if (handler) {
    environment.emplace_back("LAMBDA_TASK_ROOT", handler->file.parent_path().string());
    environment.emplace_back("_HANDLER",
                             handler->file.stem().string() + "." + handler->export_name);
  }
  return environment;
}

} // namespace ivsim::adapters
