/**
 * The V8 flags the API's production process runs with: `node <flags> api/dist/main.js`, as
 * `scripts/start-prod.mjs`, `api/package.json`'s `start:prod`, `api/Dockerfile` and the API
 * benchmark start it (`api/test/node-flags.test.ts` keeps them the same). Both exist in the V8 of
 * Node 20, 22 and 24; they are command-line flags (`--heap-growing-percent` is not accepted in
 * NODE_OPTIONS).
 *
 * - `--max-semi-space-size=32` (MiB; Node's default is 16): a signed-in page answer allocates a
 *   few MB that live as long as the request, and with twenty requests in flight a 16 MiB
 *   semi-space promoted most of them to the old generation. With 32 MiB they die young: B
 *   (`viewer.eligibleListings(first: 20)` at 20 connections on the region seed) took 3.9-4.9
 *   instead of 6.1-6.4 ms of CPU per request. The young generation is three semi-spaces, so this
 *   costs up to 48 MB; 48 and 64 MiB gave no further gain for 60-120 MB more.
 * - `--heap-growing-percent=100`: after each full collection the old generation may grow to twice
 *   what survived it before the next (V8 otherwise lets it grow up to four times: ~60 MB live grew
 *   to ~240 MB of mostly garbage). The heap still grows as far as it needs (no cap, so a large job
 *   cannot run out of memory because of it); it is only collected sooner. B's peak RSS went from
 *   ~400 to ~310 MB for about the same CPU (measured 3 December 2026, README "API benchmark").
 */
export const API_NODE_FLAGS = ["--max-semi-space-size=32", "--heap-growing-percent=100"];
