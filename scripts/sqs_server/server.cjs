// Starts local-aws-sqs on 127.0.0.1; port 0 picks a free one. Prints "ready 127.0.0.1:PORT" once
// it accepts requests, so scripts and tests can wait on that line instead of sleeping.
const { createSqsServer } = require("local-aws-sqs");

const port = parseInt(process.argv[2] || "0", 10);
createSqsServer({ port, hostname: "127.0.0.1", emulateQueueCreationLifecycle: false }).then(
  (server) => {
    const address = server.address ? server.address() : null;
    const bound = address && typeof address === "object" ? address.port : port;
    console.log(`ready 127.0.0.1:${bound}`);
  },
  (error) => {
    console.error(`sqs server: ${error.message}`);
    process.exit(1);
  },
);
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
