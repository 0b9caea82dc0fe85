// ivsim's Lambda bootstrap for Node.js: the Runtime API loop around the user's handler file, run
// as is (`export const handler = async (event, context) => ...` or `exports.handler = ...`).
// Usage: AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT node bootstrap.mjs FILE [EXPORT]
// With IVSIM_BOOTSTRAP_LOCAL_EVENTS=FILE (a JSON array of events) it calls the handler on each
// event in-process instead, prints "local N invocations in US us" and exits: the bench baseline.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [file, exportName = "handler"] = process.argv.slice(2);
const api = `http://${process.env.AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime`;

async function loadHandler() {
  // A .cjs file is CommonJS; import() reads .mjs, and .js by the nearest package.json "type".
  const module = file.endsWith(".cjs")
    ? createRequire(import.meta.url)(file)
    : await import(pathToFileURL(file).href);
  const handler = module[exportName] ?? module.default?.[exportName];
  if (typeof handler !== "function")
    throw Object.assign(new Error(`${file} exports no function named "${exportName}"`), {
      name: "Runtime.HandlerNotFound",
    });
  return handler;
}

function errorDocument(error) {
  return JSON.stringify({
    errorType: error?.name ?? "Error",
    errorMessage: String(error?.message ?? error),
    stackTrace: String(error?.stack ?? "").split("\n"),
  });
}

async function post(path, body, headers = {}) {
  await fetch(api + path, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

function makeContext(requestId, deadlineMs, functionArn) {
  return {
    awsRequestId: requestId,
    invokedFunctionArn: functionArn,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadlineMs - Date.now(),
  };
}

// Async handlers return a promise; callback-style ones (event, context, callback) call back.
function call(handler, event, context) {
  if (handler.length < 3) return Promise.resolve().then(() => handler(event, context));
  return new Promise((resolve, reject) => {
    const done = (error, result) => (error ? reject(error) : resolve(result));
    const returned = handler(event, context, done);
    if (returned && typeof returned.then === "function") returned.then(resolve, reject);
  });
}

async function runLocally(handler, eventsFile) {
  const events = JSON.parse(readFileSync(eventsFile, "utf8"));
  const start = process.hrtime.bigint();
  for (let i = 0; i < events.length; ++i)
    await call(handler, events[i], makeContext(`local-${i}`, Date.now() + 3000, "local"));
  const micros = Number(process.hrtime.bigint() - start) / 1000;
  console.log(`local ${events.length} invocations in ${Math.round(micros)} us`);
}

let handler;
try {
  handler = await loadHandler();
} catch (error) {
  console.error(error);
  if (!process.env.IVSIM_BOOTSTRAP_LOCAL_EVENTS)
    await post("/init/error", errorDocument(error), {
      "Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError",
    });
  process.exit(1);
}

if (process.env.IVSIM_BOOTSTRAP_LOCAL_EVENTS) {
  await runLocally(handler, process.env.IVSIM_BOOTSTRAP_LOCAL_EVENTS);
  process.exit(0);
}

for (;;) {
  let next;
  try {
    next = await fetch(`${api}/invocation/next`);
  } catch (error) {
    // ivsim closed the Runtime API (or an idle long poll outlived fetch's limit): a fresh
    // runtime starts when the next invocation comes, like a cold start.
    console.error(`bootstrap: the Runtime API went away: ${error.cause?.code ?? error.message}`);
    process.exit(1);
  }
  const requestId = next.headers.get("lambda-runtime-aws-request-id");
  const deadlineMs = Number(next.headers.get("lambda-runtime-deadline-ms"));
  const functionArn = next.headers.get("lambda-runtime-invoked-function-arn");
  process.env._X_AMZN_TRACE_ID = next.headers.get("lambda-runtime-trace-id") ?? "";
  const event = await next.json();
  try {
    const result = await call(handler, event, makeContext(requestId, deadlineMs, functionArn));
    await post(`/invocation/${requestId}/response`, JSON.stringify(result ?? null));
  } catch (error) {
    // What Lambda's Node runtime logs for an unhandled error, then the error document.
    console.error(`ERROR\tInvoke Error\t${requestId}\t`, error);
    await post(`/invocation/${requestId}/error`, errorDocument(error), {
      "Lambda-Runtime-Function-Error-Type": "Unhandled",
    });
  }
}
