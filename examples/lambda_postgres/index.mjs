// The example Lambda function: AWS IVS events from an EventBridge rule, state in PostgreSQL.
// Deploy with `handler: index.handler`; connection from the PG* environment variables.
// Test with ivsim (README.md).
import { createHandler } from "./handler.mjs";

export const handler = createHandler();
