// A known-bad variant of index.mjs that ivsim must catch: every Stream Start, Stream End and
// Session Created sets the channel's is_live and current_stream_id with an unguarded UPDATE, so
// the last event delivered wins. A late Stream End of a channel's previous stream (EventBridge
// delivers events up to hours late, in any order) takes the live channel offline.
import { createHandler } from "./handler.mjs";

export const handler = createHandler({ unguardedIsLive: true });
