/**
 * The V8 flags the API's production process runs with: `node <flags> api/dist/main.js`, as
 * `scripts/start-prod.mjs`, `api/package.json`'s `start:prod`, `api/Dockerfile` and the API
 * benchmark start it (`api/test/node-flags.test.ts` keeps them the same).
 *
 * `--max-semi-space-size=32` (MiB; Node's default is 16): a signed-in page answer allocates a few
 * MB that live as long as the request, and with twenty requests in flight a 16 MiB semi-space
 * promoted most of them to the old generation, which then grew to ~240 MB of garbage between
 * major collections (live: ~60 MB). With 32 MiB, B (`viewer.eligibleListings(first: 20)` at 20
 * connections on the region seed) took 3.2 instead of 4.6 ms of CPU per request; the young
 * generation is three semi-spaces, so it costs up to 48 MB more memory. 48 and 64 MiB gave no
 * further gain for 60-120 MB more (README, "API benchmark").
 */
export const API_NODE_FLAGS = ["--max-semi-space-size=32"];
