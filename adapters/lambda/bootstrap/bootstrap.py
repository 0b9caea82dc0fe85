# ivsim's Lambda bootstrap for Python: the Runtime API loop around the user's handler file, run as
# is (`def handler(event, context): ...`).
# Usage: AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT python3 -u bootstrap.py FILE [EXPORT]
# With IVSIM_BOOTSTRAP_LOCAL_EVENTS=FILE (a JSON array of events) it calls the handler on each
# event in-process instead, prints "local N invocations in US us" and exits.
import importlib.util
import json
import os
import sys
import time
import traceback
import urllib.error
import urllib.request

API = "http://%s/2018-06-01/runtime" % os.environ.get("AWS_LAMBDA_RUNTIME_API", "")


class Context:
    """The attributes Lambda's Python context object has."""

    def __init__(self, request_id, deadline_ms, function_arn):
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return int(self._deadline_ms - time.time() * 1000)


def load_handler(path, name):
    # The handler's folder comes first on sys.path, as LAMBDA_TASK_ROOT does in Lambda.
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    module_name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    handler = getattr(module, name, None)
    if not callable(handler):
        raise AttributeError('%s defines no function named "%s"' % (path, name))
    return handler


def error_document(error):
    return json.dumps({
        "errorType": type(error).__name__,
        "errorMessage": str(error),
        "stackTrace": traceback.format_exception(type(error), error, error.__traceback__),
    }).encode()


def post(path, body, error_type=None):
    request = urllib.request.Request(API + path, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    if error_type:
        request.add_header("Lambda-Runtime-Function-Error-Type", error_type)
    urllib.request.urlopen(request).read()


def run_locally(handler, events_file):
    with open(events_file) as f:
        events = json.load(f)
    start = time.perf_counter_ns()
    for i, event in enumerate(events):
        handler(event, Context("local-%d" % i, time.time() * 1000 + 3000, "local"))
    micros = (time.perf_counter_ns() - start) // 1000
    print("local %d invocations in %d us" % (len(events), micros))


def main():
    path = sys.argv[1]
    name = sys.argv[2] if len(sys.argv) > 2 else "handler"
    local_events = os.environ.get("IVSIM_BOOTSTRAP_LOCAL_EVENTS")
    try:
        handler = load_handler(path, name)
    except Exception as error:
        traceback.print_exc()
        if not local_events:
            post("/init/error", error_document(error), "Runtime.ImportModuleError")
        sys.exit(1)
    if local_events:
        run_locally(handler, local_events)
        return
    while True:
        try:
            with urllib.request.urlopen(API + "/invocation/next") as answer:
                request_id = answer.headers["Lambda-Runtime-Aws-Request-Id"]
                deadline_ms = int(answer.headers["Lambda-Runtime-Deadline-Ms"])
                function_arn = answer.headers["Lambda-Runtime-Invoked-Function-Arn"]
                os.environ["_X_AMZN_TRACE_ID"] = answer.headers.get("Lambda-Runtime-Trace-Id", "")
                event = json.loads(answer.read())
        except (urllib.error.URLError, ConnectionError) as error:
            print("bootstrap: the Runtime API went away: %s" % error, file=sys.stderr)
            sys.exit(1)
        try:
            result = handler(event, Context(request_id, deadline_ms, function_arn))
            post("/invocation/%s/response" % request_id, json.dumps(result).encode())
        except Exception as error:
            # What Lambda's Python runtime logs for an unhandled error, then the error document.
            print("[ERROR] %s: %s" % (type(error).__name__, error), file=sys.stderr)
            traceback.print_exc()
            post("/invocation/%s/error" % request_id, error_document(error), "Unhandled")


if __name__ == "__main__":
    main()
