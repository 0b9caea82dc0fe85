-- Empties the example handler's tables before a run: `ivsim run --reset-sql-file reset.sql`.
TRUNCATE events_seen, channels, streams, stream_health, recordings, recording_streams;
