// Feeds a plan's deliveries (a file written by `ivsim generate -o`) to a Lambda handler in this
// process, the way EventBridge would: in schedule order, a concurrent group as simultaneous
// invocations (Promise.all), dropped deliveries never, a failed invocation retried twice (Lambda's
// asynchronous invocation). A stand-in until `ivsim run --transport lambda` drives the file.
//
//   node test/replay_plan.mjs PLAN.json HANDLER_FILE[:EXPORT] [--shuffle SEED --workers N]
//
// --shuffle delivers every non-dropped delivery (duplicates included) in a seeded random order
// from N concurrent workers instead: a correct handler's state depends only on the set of events
// it acknowledged (docs/state-contract.md), so `ivsim diff` must still pass.
// Exits 0 when every delivery was acknowledged, 1 when one failed all its attempts.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ATTEMPTS = 3; // Lambda: the first invocation and two retries

function usage() {
  console.error("usage: node replay_plan.mjs PLAN.json HANDLER_FILE[:EXPORT] [--shuffle SEED --workers N]");
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

// A seeded shuffle (mulberry32 + Fisher-Yates), so a failing order can be replayed.
function shuffled(items, seed) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; --i) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// Every delivery of `plan`'s batches, shuffled, pulled by `workers` concurrent invokers.
async function deliverShuffled(handler, plan, seed, workers) {
  const queue = shuffled(batches(plan).flatMap((batch) => batch.events), seed);
  const results = [];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (queue.length > 0) results.push(await invoke(handler, queue.pop()));
    }),
  );
  return results;
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
  const [planPath, handlerSpec, ...flags] = process.argv.slice(2);
  if (!planPath || !handlerSpec) usage();
  const flag = (name) => {
    const at = flags.indexOf(name);
    return at < 0 ? undefined : Number(flags[at + 1]);
  };
  const [file, exportName = "handler"] = handlerSpec.split(":");
  const module = await import(pathToFileURL(path.resolve(file)).href);
  const handler = module[exportName];
  if (typeof handler !== "function") throw new Error(`${file} exports no function ${exportName}`);
  const plan = JSON.parse(await readFile(planPath, "utf8"));
  let results = [];
  if (flag("--shuffle") !== undefined) {
    results = await deliverShuffled(handler, plan, flag("--shuffle"), flag("--workers") ?? 8);
  } else {
    for (const batch of batches(plan))
      results.push(...(await Promise.all(batch.events.map((event) => invoke(handler, event)))));
  }
  const delivered = results.length;
  const failed = results.filter((ok) => !ok).length;
  const how = flag("--shuffle") === undefined ? "in schedule order" : "shuffled";
  console.log(`delivered ${delivered} events ${how}, ${failed} failed`);
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
