-- Tables of the example IVS event handler (index.mjs): channels, streams, recordings, the ids of
-- events already applied, and stream health. Idempotent: safe to run before every test session.
--
-- Every row is written by guarded upserts (a lifecycle only moves up, attributes keep the first
-- or smallest value, toggles keep the newest event), so the tables end the same whatever order
-- EventBridge delivers in, and however often (docs/state-contract.md).

-- EventBridge delivers at least once: an event id is applied once, in the transaction that
-- applies it (INSERT ... ON CONFLICT DO NOTHING; a concurrent duplicate waits on the row lock).
CREATE TABLE IF NOT EXISTS events_seen (
  event_id   text PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- One row per channel ARN (resources[0]). is_live, current_stream_id and is_recording are
-- derived from streams and recordings, recomputed while the row is locked (FOR UPDATE), so two
-- concurrent invocations for one channel cannot overwrite each other's view.
CREATE TABLE IF NOT EXISTS channels (
  arn                  text PRIMARY KEY,
  name                 text,
  is_live              boolean,
  current_stream_id    text,
  is_recording         boolean,
  current_recording_id text
);

-- stage: 1 created (Session Created) < 2 live (Stream Start) < 3 ended (Stream End, Session
-- Ended) < 4 failed (Stream Failure); the highest stage seen wins.
CREATE TABLE IF NOT EXISTS streams (
  stream_id   text PRIMARY KEY,
  channel_arn text NOT NULL,
  stage       smallint NOT NULL,
  started_at  timestamptz,          -- earliest Stream Start
  end_at      timestamptz,          -- earliest Stream End (Session Ended sets no time)
  failed_at   timestamptz,          -- earliest Stream Failure, which wins over Stream End
  latest_at   timestamptz NOT NULL  -- newest lifecycle event: picks the channel's current stream
);
CREATE INDEX IF NOT EXISTS streams_by_channel ON streams (channel_arn);

-- Starvation Start / End: last writer wins by event time. Its own table because health events
-- may arrive before the stream's first lifecycle event, and alone they create no stream.
CREATE TABLE IF NOT EXISTS stream_health (
  stream_id  text PRIMARY KEY,
  healthy    boolean NOT NULL,
  changed_at timestamptz NOT NULL
);

-- stage: 1 recording (Recording Start) < 2 ended (Recording End) < 3 end_failed (Recording End
-- Failure) < 4 start_failed (Recording Start Failure); ended_at and duration_ms come from the
-- event that set the stage.
CREATE TABLE IF NOT EXISTS recordings (
  recording_session_id text PRIMARY KEY,
  channel_arn          text NOT NULL,
  stage                smallint NOT NULL,
  reason               text,
  started_at           timestamptz,
  ended_at             timestamptz,
  duration_ms          bigint,
  s3_prefix            text,
  latest_at            timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS recordings_by_channel ON recordings (channel_arn);

-- A recording session spans every stream of its reconnect window.
CREATE TABLE IF NOT EXISTS recording_streams (
  recording_session_id text NOT NULL,
  stream_id            text NOT NULL,
  PRIMARY KEY (recording_session_id, stream_id)
);

-- RFC 3339 in UTC, with a fraction only when the instant has one ("2024-03-13T22:09:58Z").
CREATE OR REPLACE FUNCTION rfc3339(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
         || CASE WHEN extract(microseconds FROM t)::bigint % 1000000 = 0 THEN ''
                 ELSE to_char(t AT TIME ZONE 'UTC', '.US') END
         || 'Z'
$$;
