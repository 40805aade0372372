/**
 * The HTTP/GraphQL server: `createApp({ db })` returns a graphql-yoga instance (a fetch handler:
 * use `yoga.fetch(request)` in tests, or `createServer(yoga)` from node:http).
 *
 * Hardening:
 * - graphql-armor: max depth 12, max aliases 15, max tokens 5000, max directives 20; the query cost
 *   limit is our own (cost.ts: per-field costs and page sizes, limit MAX_QUERY_COST);
 * - CSRF prevention (yoga plugin): a request must carry `Content-Type: application/json` or one
 *   of the `x-graphql-yoga-csrf` / `graphql-require-preflight` headers, so a plain HTML form on
 *   another site cannot trigger mutations; the API authenticates with bearer tokens, never cookies;
 * - error masking: unexpected errors become "Unexpected error." (business errors are data);
 * - request size limit: 1 MiB for JSON bodies; multipart uploads at most 10 MiB per file and
 *   5 files (urgency documents, see documents.ts);
 * - introspection and GraphiQL stay on (public API); field suggestions ("Did you mean …?") are
 *   removed from errors for anonymous callers.
 */
import { EnvelopArmor } from "@escape.tech/graphql-armor";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import type { Db } from "@woonbeurt/db";
import { createYoga, maskError, useReadinessCheck, type Plugin } from "graphql-yoga";
import { committedMigrations } from "@woonbeurt/db";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { authenticate, type Context, type Viewer } from "./auth/context.ts";
import { setDb } from "./db.ts";
import { documentKeyFromEnv, DOCUMENT_MAX_BYTES } from "./documents.ts";
import { lotteryKey } from "./lottery-key.ts";
import { setDocumentKey } from "./schema/urgency.ts";
import { schema } from "./schema/index.ts";
import { isBusinessError } from "./schema/errors.ts";
import { useCostLimit } from "./cost.ts";

export interface AppOptions {
  db: Db;
  /**
   * Which forwarding headers to believe for the client IP (see {@link clientIp}):
   * - `true` — behind exactly one trusted reverse proxy: the entry that proxy appended to
   *   `X-Forwarded-For` (the last one) or its `X-Real-IP`, whoever the TCP peer is;
   * - `"loopback"` — only when the TCP peer is a loopback address (the portal's server calling
   *   the API on the same machine): the last `X-Forwarded-For` entry; from any other peer the
   *   headers are ignored;
   * - `false` — the TCP peer address; forwarding headers are ignored.
   *
   * Default from the environment: TRUST_PROXY=1 → true, TRUST_PROXY=loopback → "loopback",
   * otherwise false.
   */
  trustProxy?: TrustProxy;
  /** Log unexpected errors (default true outside tests). */
  logErrors?: boolean;
}

/** See {@link AppOptions.trustProxy}. */
export type TrustProxy = boolean | "loopback";

/** The TRUST_PROXY environment variable as an {@link AppOptions.trustProxy} value. */
export function trustProxyFromEnv(value = process.env.TRUST_PROXY): TrustProxy {
  const v = value?.trim().toLowerCase();
  if (v === "1") return true;
  if (v === "loopback") return "loopback";
  return false;
}

/** Whether an address (as Node reports a socket's peer) is a loopback address: 127.0.0.0/8 or ::1. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, "");
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** Largest JSON request body (bytes). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
/** Largest multipart request body (bytes): 5 documents of 10 MiB plus the operations. */
export const MAX_MULTIPART_BODY_BYTES = 5 * DOCUMENT_MAX_BYTES + MAX_JSON_BODY_BYTES;

/**
 * The caller of each request, authenticated once in `onRequest` (before validation, so the
 * suggestion filter below knows who asks) and reused by the context factory.
 */
const viewerByRequest = new WeakMap<Request, Viewer | null>();

function authenticateEarly(): Plugin<Context> {
  return {
    onRequest: async ({ request }) => {
      viewerByRequest.set(request, await authenticate(request.headers.get("authorization")));
    },
  };
}

/** Remove "Did you mean …?" suggestions from the errors returned to anonymous callers. */
function noSuggestionsForAnonymous(): Plugin<Context> {
  const strip = (e: { message: string }) =>
    e && typeof e.message === "string" && e.message.includes("Did you mean")
      ? Object.assign(Object.create(Object.getPrototypeOf(e)), e, {
          message: e.message.replace(/\s*Did you mean .*\?$/, ""),
        })
      : e;
  return {
    onResultProcess: ({ request, result, setResult }) => {
      if (viewerByRequest.get(request)) return;
      const fix = (r: { errors?: readonly { message: string }[] }) =>
        r?.errors?.some((e) => e.message?.includes("Did you mean"))
          ? { ...r, errors: r.errors.map(strip) }
          : r;
      if (Array.isArray(result)) setResult(result.map(fix) as never);
      else if (result && typeof result === "object" && "errors" in result)
        setResult(fix(result as never) as never);
    },
  };
}

/**
 * Reject oversized bodies before they are parsed. A declared `Content-Length` above the limit is
 * refused at once; a body without one (chunked transfer encoding) is read here up to the limit
 * and refused as soon as it exceeds it, so no parser ever buffers an unbounded body.
 */
function requestSizeLimit(): Plugin<Context> {
  return {
    onRequest: async ({ request, setRequest, endResponse, fetchAPI }) => {
      const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
      const max = multipart ? MAX_MULTIPART_BODY_BYTES : MAX_JSON_BODY_BYTES;
      const tooLarge = () =>
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({ errors: [{ message: `Request body too large (max ${max} bytes)` }] }),
            { status: 413, headers: { "content-type": "application/json" } },
          ),
        );
      const declared = request.headers.get("content-length");
      if (declared !== null) {
        if (Number(declared) > max) tooLarge();
        return;
      }
      if (!request.body || request.method === "GET" || request.method === "HEAD") return;
      const reader = request.body.getReader();
      const chunks: Uint8Array[] = [];
      let total = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > max) {
          await reader.cancel().catch(() => {});
          tooLarge();
          return;
        }
        chunks.push(value);
      }
      const body = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        body.set(c, at);
        at += c.byteLength;
      }
      setRequest(
        new fetchAPI.Request(request.url, {
          method: request.method,
          headers: request.headers,
          body,
          signal: request.signal,
        }),
      );
    },
  };
}

/**
 * The client IP used for rate limiting and the audit log: the TCP peer address; behind a trusted
 * reverse proxy (`trustProxy: true`), the address that proxy appended to `X-Forwarded-For` — the
 * LAST entry, since every earlier one is whatever the client sent — or its `X-Real-IP`; with
 * `trustProxy: "loopback"`, the last `X-Forwarded-For` entry only when the TCP peer is a loopback
 * address (the portal's server on the same machine, which sends the browser's address), never
 * from a remote peer. Otherwise forwarding headers are ignored: they are client-controlled and
 * would let anyone pick a fresh "IP" per attempt and step around the login rate limit.
 */
export function clientIp(request: Request, serverContext: unknown, trustProxy: TrustProxy): string {
  const peer = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket
    ?.remoteAddress;
  if (trustProxy === true || (trustProxy === "loopback" && isLoopback(peer))) {
    const hops = request.headers
      .get("x-forwarded-for")
      ?.split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    const forwarded = hops?.at(-1) || (trustProxy === true ? request.headers.get("x-real-ip")?.trim() : "");
    if (forwarded) return forwarded.slice(0, 100);
  }
  return peer || "unknown";
}

/**
 * Readiness at `/readyz`: 200 `{"status":"ready"}` when the database answers and every committed
 * migration is applied; otherwise 503 with `{"status":"not ready","reason":…}` (the reason names no
 * host, user or query). For load balancers and orchestrators; `/healthz` is liveness only.
 */
function readiness(db: AppOptions["db"]): Plugin {
  const committed = committedMigrations();
  const answer = (status: number, body: Record<string, unknown>) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    });
  return useReadinessCheck({
    endpoint: "/readyz",
    check: async () => {
      let applied: { migration_name: string }[];
      try {
        applied = await db.$queryRaw<{ migration_name: string }[]>`
          SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
      } catch {
        return answer(503, { status: "not ready", reason: "database unreachable or not migrated" });
      }
      const done = new Set(applied.map((r) => r.migration_name));
      const pending = committed.filter((m) => !done.has(m));
      return pending.length
        ? answer(503, { status: "not ready", reason: `${pending.length} migration(s) pending` })
        : answer(200, { status: "ready" });
    },
  });
}

export function createApp(options: AppOptions) {
  setDb(options.db);
  setDocumentKey(documentKeyFromEnv());
  lotteryKey(); // refuse to start without LOTTERY_KEY in production, not at the first lottery
  const trustProxy = options.trustProxy ?? trustProxyFromEnv();
  const armor = new EnvelopArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 15 },
    maxTokens: { n: 5000 },
    // Replaced by our own cost model (cost.ts): per-field costs, page sizes from first/last
    // (variables counted as the largest page), no exponential depth factor.
    costLimit: { enabled: false },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: false },
  });
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    landingPage: false,
    // GraphiQL's page and scripts come from the installed package, never from a CDN: the API
    // must work on a machine without internet.
    renderGraphiQL,
    graphiql: {
      title: "Woonbeurt API",
      defaultQuery: "{ listings(first: 5) { edges { node { id reference title netRent closesAt } } } }",
    },
    maskedErrors: {
      isDev: false,
      maskError: (error, message, isDev) =>
        isBusinessError(error) ? (error as Error) : maskError(error, message, isDev),
    },
    logging: options.logErrors === false ? false : "warn",
    multipart: true,
    // Liveness: the process answers (no database call).
    healthCheckEndpoint: "/healthz",
    plugins: [
      readiness(options.db),
      requestSizeLimit(),
      authenticateEarly(),
      useCSRFPrevention({ requestHeaders: ["x-graphql-yoga-csrf", "graphql-require-preflight"] }),
      ...armor.protect().plugins,
      useCostLimit(),
      noSuggestionsForAnonymous(),
    ],
    context: async (initial) => {
      const { request } = initial;
      const ip = clientIp(request, initial, trustProxy);
      return {
        viewer: viewerByRequest.has(request)
          ? viewerByRequest.get(request)!
          : await authenticate(request.headers.get("authorization")),
        ip,
        userAgent: request.headers.get("user-agent"),
        cache: new Map(),
      };
    },
  });
}
