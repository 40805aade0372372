/**
 * Liveness of the portal's server: `GET /healthz` answers 200 `{"status":"ok"}` while the process
 * serves requests. It asks nothing of the API or the database (see `/readyz` for that).
 */
import type { RequestHandler } from "./$types";

export const GET: RequestHandler = () =>
  new Response(JSON.stringify({ status: "ok" }), {
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
