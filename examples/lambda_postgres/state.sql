-- The example handler's state as the canonical document (docs/state-contract.md), for the
-- channels, streams and recordings scope: `ivsim run --state-sql-file state.sql`. One row, one
-- column. json_object_agg over no rows is NULL, hence the COALESCEs.
SELECT json_build_object(
  'channels', COALESCE((
    SELECT json_object_agg(c.arn, json_build_object(
             'name', c.name,
             'live', c.is_live,
             'stream_id', c.current_stream_id,
             'recording', c.is_recording))
    FROM channels c), '{}'),
  'streams', COALESCE((
    SELECT json_object_agg(s.stream_id, json_build_object(
             'channel', s.channel_arn,
             'state', (ARRAY['created', 'live', 'ended', 'failed'])[s.stage],
             'started_at', rfc3339(s.started_at),
             'ended_at', rfc3339(COALESCE(s.failed_at, s.end_at)),
             'healthy', COALESCE(h.healthy, true)))
    FROM streams s LEFT JOIN stream_health h USING (stream_id)), '{}'),
  'recordings', COALESCE((
    SELECT json_object_agg(r.recording_session_id, json_build_object(
             'channel', r.channel_arn,
             'state', (ARRAY['recording', 'ended', 'end_failed', 'start_failed'])[r.stage],
             'reason', r.reason,
             'stream_ids', COALESCE((
               SELECT json_agg(rs.stream_id ORDER BY rs.stream_id COLLATE "C")
               FROM recording_streams rs
               WHERE rs.recording_session_id = r.recording_session_id), '[]'),
             'started_at', rfc3339(r.started_at),
             'ended_at', rfc3339(r.ended_at),
             'duration_ms', r.duration_ms,
             's3_prefix', r.s3_prefix,
             -- AWS: read the media only after Recording End (an End Failure may leave it partial).
             'playlist', CASE WHEN r.stage = 2 THEN r.s3_prefix || '/media/hls/master.m3u8' END))
    FROM recordings r), '{}'));
