/**
 * The portal's own start (`pnpm --filter @woonbeurt/portal start`, or `node portal/serve.js`):
 * the adapter-node server of `portal/build`, listening on loopback unless told otherwise.
 *
 * Environment (adapter-node's): HOST (default here 127.0.0.1, not the adapter's 0.0.0.0; e.g.
 * 0.0.0.0 behind a proxy), PORT (3000), ORIGIN (the public origin), SHUTDOWN_TIMEOUT (seconds,
 * default 30: on SIGTERM/SIGINT the server stops accepting, lets in-flight requests finish for
 * at most that long, then exits). Ours: API_URL, PORTAL_PROXY_SECRET, LOG_LEVEL (README).
 */
process.env.HOST ||= "127.0.0.1";
await import("./build/index.js");
