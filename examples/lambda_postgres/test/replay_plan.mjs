// Feeds a plan's deliveries (a file written by `ivsim generate -o`) to a Lambda handler in this
// process, the way EventBridge would: in schedule order, a concurrent group as simultaneous
// invocations (Promise.all), dropped deliveries never, a failed invocation retried twice (Lambda's
// asynchronous invocation). A stand-in until `ivsim run --transport lambda` drives the file.
//
//   node test/replay_plan.mjs PLAN.json HANDLER_FILE[:EXPORT]
//
// Exits 0 when every delivery was acknowledged, 1 when one failed all its attempts.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ATTEMPTS = 3; // Lambda: the first invocation and two retries

function usage() {
  console.error("usage: node replay_plan.mjs PLAN.json HANDLER_FILE[:EXPORT]");
  process.exit(2);
}

// The deliveries that happen, in schedule order (stable on equal times), cut into batches:
// one delivery alone, or every delivery of one concurrent group.
function batches(plan) {
  const byId = new Map(plan.events.map((event) => [event.id, event]));
  const eventOf = (ref) => (typeof ref === "number" ? plan.events[ref] : byId.get(ref));
  const deliveries = (plan.deliveries ?? plan.events.map((_, index) => ({ event: index })))
    .map((delivery, order) => ({ ...delivery, order, time: Date.parse(delivery.at ?? "") || 0 }))
    .filter((delivery) => !delivery.dropped)
    .sort((a, b) => a.time - b.time || a.order - b.order);
  const out = [];
  for (const delivery of deliveries) {
    const event = eventOf(delivery.event);
    if (!event) throw new Error(`delivery ${delivery.order}: no event ${delivery.event}`);
    const last = out[out.length - 1];
    if (delivery.group && last && last.group === delivery.group) last.events.push(event);
    else out.push({ group: delivery.group ?? 0, events: [event] });
  }
  return out;
}

async function invoke(handler, event) {
  let lastError;
  for (let attempt = 1; attempt <= ATTEMPTS; ++attempt) {
    try {
      await handler(structuredClone(event));
      return true;
    } catch (error) {
      lastError = error;
    }
  }
  console.error(`failed after ${ATTEMPTS} attempts: ${event.id} (${event["detail-type"]}): ` +
                `${lastError?.message ?? lastError}`);
  return false;
}

async function main() {
  const [planPath, handlerSpec] = process.argv.slice(2);
  if (!planPath || !handlerSpec) usage();
  const [file, exportName = "handler"] = handlerSpec.split(":");
  const module = await import(pathToFileURL(path.resolve(file)).href);
  const handler = module[exportName];
  if (typeof handler !== "function") throw new Error(`${file} exports no function ${exportName}`);
  const plan = JSON.parse(await readFile(planPath, "utf8"));
  let delivered = 0;
  let failed = 0;
  for (const batch of batches(plan)) {
    const results = await Promise.all(batch.events.map((event) => invoke(handler, event)));
    delivered += results.length;
    failed += results.filter((ok) => !ok).length;
  }
  console.log(`delivered ${delivered} events, ${failed} failed`);
  const handlerModule = await import(new URL("../handler.mjs", import.meta.url).href);
  await handlerModule.closePool();
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
