// The example IVS event handler's logic: applies one EventBridge event to the PostgreSQL tables of
// schema.sql, in one transaction. index.mjs exports the correct handler, buggy.mjs a known-bad one.
//
// How it stays correct under EventBridge's faults (docs/state-contract.md):
// - at-least-once delivery: the event id goes into events_seen in the same transaction that
//   applies it (ON CONFLICT DO NOTHING), so a duplicate, even a concurrent one, changes nothing;
// - out-of-order delivery: every write is a guarded upsert (GREATEST stage, LEAST start time,
//   newest toggle), never "the last event delivered wins";
// - concurrent invocations: an event of a channel first locks the channel's row (an upsert takes
//   the row lock), then writes, then recomputes the channel's current stream and recording in a
//   new statement, which sees every committed write of the invocations that held the lock before.
import pg from "pg";

// Lifecycle stages: the highest one seen wins (IVS sends Stream End and Session Ended in either
// order; Stream Failure wins over both).
const STREAM_STAGE = {
  "Session Created": 1,
  "Stream Start": 2,
  "Stream End": 3,
  "Session Ended": 3,
  "Stream Failure": 4,
};
const RECORDING_STAGE = {
  "Recording Start": 1,
  "Recording End": 2,
  "Recording End Failure": 3,
  "Recording Start Failure": 4,
};
const RECORDING = 1;
const RECORDING_ENDED = 2;
const RECORDING_END_FAILED = 3;
const STREAM_LIVE = 2;

// PostgreSQL aborts one of two deadlocked or conflicting transactions; running it again is safe.
const RETRYABLE = new Set(["40P01", "40001"]);
const MAX_TRIES = 5;

// One pool per runtime process, created on first use and reused across invocations, as Lambda
// functions do. It reads PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE.
let sharedPool;
function pool() {
  sharedPool ??= new pg.Pool({ max: Number(process.env.PG_POOL_MAX ?? 4) });
  return sharedPool;
}

/// Ends the shared pool, so a process that imported the handler can exit.
export async function closePool() {
  if (sharedPool) await sharedPool.end();
  sharedPool = undefined;
}

// The event's time: event_time_precise, else event_time, else the envelope's time.
function eventTime(event) {
  const detail = event.detail;
  return detail.event_time_precise ?? detail.event_time ?? event.time;
}

function required(object, key) {
  const value = object[key];
  if (typeof value !== "string") throw new Error(`expected a string at "${key}"`);
  return value;
}

function resource(event) {
  const arn = Array.isArray(event.resources) ? event.resources[0] : undefined;
  if (typeof arn !== "string") throw new Error(`expected the resource ARN at "resources"[0]`);
  return arn;
}

const nonEmpty = (value) => (typeof value === "string" && value !== "" ? value : null);

// Creates the channel's row if needed and locks it until the transaction ends. IVS sends ""
// for a channel without a name; two names never disagree, but keep the smallest if they do.
async function lockChannel(client, arn, name) {
  await client.query(
    `INSERT INTO channels AS c (arn, name) VALUES ($1, $2)
     ON CONFLICT (arn) DO UPDATE SET name = LEAST(c.name, EXCLUDED.name)`,
    [arn, typeof name === "string" ? name : null],
  );
}

// The current stream is the one whose newest lifecycle event is newest; at equal times the
// unfinished one (a channel streams one stream at a time); then the smallest id. The current
// recording session is the one recording the current stream (an unmerged reconnect's old
// session ends after the new one started); else the same rule, `recording` being unfinished.
async function refreshChannel(client, arn) {
  await client.query(
    `UPDATE channels c SET current_stream_id = s.stream_id, is_live = s.stage = ${STREAM_LIVE}
     FROM (SELECT stream_id, stage FROM streams WHERE channel_arn = $1
           ORDER BY latest_at DESC, stage >= 3, stream_id COLLATE "C" LIMIT 1) s
     WHERE c.arn = $1`,
    [arn],
  );
  await client.query(
    `UPDATE channels c SET current_recording_id = r.id, is_recording = r.stage = ${RECORDING}
     FROM (SELECT r.recording_session_id AS id, r.stage FROM recordings r WHERE channel_arn = $1
           ORDER BY EXISTS (SELECT 1 FROM recording_streams rs JOIN channels ch
                             ON ch.arn = $1 AND rs.stream_id = ch.current_stream_id
                             WHERE rs.recording_session_id = r.recording_session_id) DESC,
                    r.latest_at DESC, r.stage = ${RECORDING} DESC,
                    r.recording_session_id COLLATE "C"
           LIMIT 1) r
     WHERE c.arn = $1`,
    [arn],
  );
}

async function applyStreamState(client, event, options) {
  const detail = event.detail;
  const stage = STREAM_STAGE[required(detail, "event_name")];
  if (stage === undefined) return "ignored"; // Stream Takeover (Failure) carries no state
  const arn = resource(event);
  const streamId = required(detail, "stream_id");
  const at = eventTime(event);
  await lockChannel(client, arn, detail.channel_name);
  await client.query(
    `INSERT INTO streams AS s
       (stream_id, channel_arn, stage, started_at, end_at, failed_at, latest_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (stream_id) DO UPDATE SET
       channel_arn = EXCLUDED.channel_arn,
       stage = GREATEST(s.stage, EXCLUDED.stage),
       started_at = LEAST(s.started_at, EXCLUDED.started_at),
       end_at = LEAST(s.end_at, EXCLUDED.end_at),
       failed_at = LEAST(s.failed_at, EXCLUDED.failed_at),
       latest_at = GREATEST(s.latest_at, EXCLUDED.latest_at)`,
    [
      streamId,
      arn,
      stage,
      detail.event_name === "Stream Start" ? at : null,
      detail.event_name === "Stream End" ? at : null, // Session Ended carries no end time
      detail.event_name === "Stream Failure" ? at : null,
      at,
    ],
  );
  if (options.unguardedIsLive) {
    // THE BUG (buggy.mjs): the channel follows whichever lifecycle event arrived last, so a late
    // Stream End of the previous stream takes a live channel offline.
    await client.query(
      "UPDATE channels SET is_live = $2, current_stream_id = $3 WHERE arn = $1",
      [arn, stage === STREAM_LIVE, streamId],
    );
    return "applied";
  }
  await refreshChannel(client, arn);
  return "applied";
}

// Starvation Start / End: last writer wins by event time; at equal times `false` wins, so the
// answer does not depend on arrival order.
async function applyStreamHealth(client, event) {
  const name = required(event.detail, "event_name");
  if (name !== "Starvation Start" && name !== "Starvation End") return "ignored";
  await client.query(
    `INSERT INTO stream_health AS h (stream_id, healthy, changed_at) VALUES ($1, $2, $3)
     ON CONFLICT (stream_id) DO UPDATE
       SET healthy = EXCLUDED.healthy, changed_at = EXCLUDED.changed_at
       WHERE EXCLUDED.changed_at > h.changed_at
          OR (EXCLUDED.changed_at = h.changed_at AND NOT EXCLUDED.healthy)`,
    [required(event.detail, "stream_id"), name === "Starvation End", eventTime(event)],
  );
  return "applied";
}

// Every stream of the session this event names: its stream_id and recording_session_stream_ids.
function recordingStreamIds(detail) {
  const ids = new Set();
  if (nonEmpty(detail.stream_id)) ids.add(detail.stream_id);
  if (Array.isArray(detail.recording_session_stream_ids))
    for (const id of detail.recording_session_stream_ids) if (nonEmpty(id)) ids.add(id);
  return [...ids].sort();
}

async function applyRecording(client, event) {
  const detail = event.detail;
  const stage = RECORDING_STAGE[required(detail, "recording_status")];
  if (stage === undefined) return "ignored";
  const arn = resource(event);
  const sessionId = required(detail, "recording_session_id");
  const at = eventTime(event);
  const bucket = nonEmpty(detail.recording_s3_bucket_name);
  const prefix = nonEmpty(detail.recording_s3_key_prefix);
  const duration = Number.isInteger(detail.recording_duration_ms)
    ? detail.recording_duration_ms
    : null;
  await lockChannel(client, arn, detail.channel_name);
  // ended_at and duration_ms belong to the terminal event: they change only with the stage.
  await client.query(
    `INSERT INTO recordings AS r (recording_session_id, channel_arn, stage, reason, started_at,
                                  ended_at, duration_ms, s3_prefix, latest_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (recording_session_id) DO UPDATE SET
       channel_arn = EXCLUDED.channel_arn,
       stage = GREATEST(r.stage, EXCLUDED.stage),
       ended_at = CASE WHEN EXCLUDED.stage > r.stage THEN EXCLUDED.ended_at ELSE r.ended_at END,
       duration_ms = CASE WHEN EXCLUDED.stage > r.stage THEN EXCLUDED.duration_ms
                          ELSE r.duration_ms END,
       reason = LEAST(r.reason, EXCLUDED.reason),
       started_at = LEAST(r.started_at, EXCLUDED.started_at),
       s3_prefix = LEAST(r.s3_prefix, EXCLUDED.s3_prefix),
       latest_at = GREATEST(r.latest_at, EXCLUDED.latest_at)`,
    [
      sessionId,
      arn,
      stage,
      nonEmpty(detail.recording_status_reason),
      stage === RECORDING ? at : null,
      stage === RECORDING_ENDED || stage === RECORDING_END_FAILED ? at : null,
      stage === RECORDING ? null : duration,
      bucket && prefix ? `s3://${bucket}/${prefix}` : null,
      at,
    ],
  );
  await client.query(
    `INSERT INTO recording_streams (recording_session_id, stream_id)
     SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    [sessionId, recordingStreamIds(detail)],
  );
  await refreshChannel(client, arn);
  return "applied";
}

// Unknown detail-types and events that carry no state are acknowledged and change nothing.
const APPLY = {
  "IVS Stream State Change": applyStreamState,
  "IVS Stream Health Change": applyStreamHealth,
  "IVS Recording State Change": applyRecording,
};

async function applyOnce(client, event, options) {
  await client.query("BEGIN");
  try {
    const fresh = await client.query(
      "INSERT INTO events_seen (event_id) VALUES ($1) ON CONFLICT DO NOTHING",
      [event.id],
    );
    // Rule 8: only aws.ivs events carry state; anything else on the bus is acknowledged.
    const apply = event.source === "aws.ivs" ? APPLY[event["detail-type"]] : undefined;
    let result = "ignored";
    if (fresh.rowCount === 0) result = "duplicate";
    else if (apply) result = await apply(client, event, options);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/// A Lambda handler for EventBridge events; `unguardedIsLive` switches on buggy.mjs's bug.
export function createHandler(options = {}) {
  return async (event) => {
    if (typeof event?.id !== "string" || typeof event.detail !== "object" || !event.detail)
      throw new Error('expected an EventBridge event with "id" and a "detail" object');
    const client = await pool().connect();
    try {
      for (let attempt = 1; ; ++attempt) {
        try {
          return { status: await applyOnce(client, event, options) };
        } catch (error) {
          if (!RETRYABLE.has(error.code) || attempt === MAX_TRIES) throw error;
        }
      }
    } finally {
      client.release();
    }
  };
}
