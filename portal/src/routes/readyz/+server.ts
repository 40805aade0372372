/**
 * Readiness of the portal: `GET /readyz` answers 200 `{"status":"ready"}` when the API answers its
 * own `/readyz` with 200 (database reachable, every migration applied), otherwise 503
 * `{"status":"not ready","reason":…}`. The reason names no host or address. For load balancers
 * and orchestrators; `/healthz` is liveness only.
 */
import type { RequestHandler } from "./$types";
import { apiReadyzUrl } from "$lib/server/graphql";

/** Longest wait for the API's answer (ms); a slower API counts as not ready. */
const API_READYZ_TIMEOUT_MS = 5000;

const answer = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });

export const GET: RequestHandler = async () => {
  let res: Response;
  try {
    res = await fetch(apiReadyzUrl(), { signal: AbortSignal.timeout(API_READYZ_TIMEOUT_MS) });
  } catch (e) {
    const timedOut = (e as Error).name === "TimeoutError";
    return answer(503, {
      status: "not ready",
      reason: timedOut ? `API did not answer within ${API_READYZ_TIMEOUT_MS} ms` : "API unreachable",
    });
  }
  if (res.status === 200) {
    await res.body?.cancel();
    return answer(200, { status: "ready" });
  }
  let reason = `API not ready (HTTP ${res.status})`;
  try {
    const body = (await res.json()) as { reason?: unknown };
    if (typeof body.reason === "string") reason = `API not ready: ${body.reason}`;
  } catch {
    /* no JSON: the status says enough */
  }
  return answer(503, { status: "not ready", reason });
};
