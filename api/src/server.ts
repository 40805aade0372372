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
 * - error masking: unexpected errors become "Unexpected error." (business errors are data); an
 *   exhausted database pool becomes HTTP 503 + `Retry-After`, code SERVICE_UNAVAILABLE (overload.ts);
 * - request size limit: 1 MiB for JSON bodies; multipart uploads up to 5 files of 10 MiB each plus
 *   1 MiB (urgency documents, see documents.ts; yoga's 25 MB default is raised to match);
 * - CORS: only the origins in {@link AppOptions.corsOrigins} (default: CORS_ORIGINS, else the portal's
 *   origin) get CORS headers, never `Access-Control-Allow-Credentials`;
 * - introspection and GraphiQL stay on (public API); field suggestions ("Did you mean …?") are
 *   removed from errors for anonymous callers.
 */
import { oneClickUnsubscribe } from "./mail/unsubscribe.ts";
import { photoRoute } from "./photos.ts";
import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import { EnvelopArmor } from "@escape.tech/graphql-armor";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import type { Db } from "@woonbeurt/db";
import { createYoga, maskError, useReadinessCheck, type Plugin } from "graphql-yoga";
import { committedMigrations } from "@woonbeurt/db";
import { defaultBuildResponseCacheKey } from "@envelop/response-cache";
import { useResponseCache } from "@graphql-yoga/plugin-response-cache";
import { getOperationAST, GraphQLError, Kind } from "graphql";
import { ACTING_FOR_HEADER, authenticate, type Context, type Viewer } from "./auth/context.ts";
import { MUTATION_MARK } from "./schema/core.ts";
import { setDb } from "./db.ts";
import { replicaReads, setReadReplica } from "./read-replica.ts";
import { documentKeyFromEnv, DOCUMENT_MAX_BYTES, DOCUMENT_MAX_PER_REQUEST } from "./documents.ts";
import { lotteryKey } from "./lottery-key.ts";
import { setDocumentKey } from "./schema/urgency.ts";
import { schema } from "./schema/index.ts";
import { isBusinessError } from "./schema/errors.ts";
import { useCostLimit } from "./cost.ts";
import { invalidateAllPublicReads, PRIVATE_MUTATIONS, PUBLIC_CACHE_TTL_MS, publicCache } from "./cache.ts";
import { isDatabaseBusy, RETRY_AFTER_SECONDS, serviceUnavailable } from "./overload.ts";
import { accessLog, logger as processLogger, yogaLogger, type Logger } from "./log.ts";

export interface AppOptions {
  db: Db;
  /**
   * A client on a read replica (env `DATABASE_READ_URL`): anonymous public queries read from it
   * (read-replica.ts). Default: none, everything on `db`.
   */
  readReplica?: Db | null;
  /**
   * Whether the API sits behind exactly one trusted reverse proxy: then the client IP is the entry
   * that proxy appended to `X-Forwarded-For` (the last one) or its `X-Real-IP`, whoever the TCP
   * peer is. Default from the environment: TRUST_PROXY=1 → true, otherwise false (forwarding
   * headers ignored). See {@link clientIp}.
   */
  trustProxy?: TrustProxy;
  /**
   * Shared secret of the portal's server (env `PORTAL_PROXY_SECRET`, at least
   * {@link MIN_PROXY_SECRET_LENGTH} characters). A request carrying it in
   * {@link PROXY_SECRET_HEADER} is the portal calling on behalf of a browser, and its
   * {@link PROXY_CLIENT_IP_HEADER} is taken as the client IP. Unset: no caller can name its IP.
   */
  proxySecret?: string | null;
  /** Log unexpected errors (default true; under tests the default logger is silent, see log.ts). */
  logErrors?: boolean;
  /**
   * Where the structured logs go (log.ts): one access line per request (request id, method, path,
   * operation name and type, status, duration) and yoga's own messages. Default: the process's
   * JSON logger on stdout.
   */
  logger?: Logger;
  /**
   * Serve anonymous queries from the response cache (cache.ts). Default: on, except under tests
   * (`NODE_ENV=test`, where fixtures write the database behind the API's back) and with
   * `RESPONSE_CACHE=off`.
   */
  responseCache?: boolean;
  /**
   * Browser origins allowed to call the API cross-origin (CORS), e.g. `["https://portal.example"]`.
   * Any other Origin gets no CORS headers, so browsers keep its scripts from reading answers.
   * Credentials (cookies) are never allowed cross-origin: the API authenticates with bearer tokens.
   * Default: {@link corsOriginsFromEnv}.
   */
  corsOrigins?: readonly string[];
}

/**
 * The CORS allow-list from the environment: `CORS_ORIGINS` (comma-separated origins), else the
 * portal's own origin (`PORTAL_URL`, else `ORIGIN`), else none. Entries that are not URLs are
 * ignored; each is reduced to its origin (scheme, host, port).
 */
export function corsOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.CORS_ORIGINS?.trim() ? env.CORS_ORIGINS : (env.PORTAL_URL ?? env.ORIGIN ?? "");
  const origins = new Set<string>();
  for (const entry of raw.split(",")) {
    try {
      if (entry.trim()) origins.add(new URL(entry.trim()).origin);
    } catch {
      /* not a URL: ignored */
    }
  }
  return [...origins];
}

/** See {@link AppOptions.trustProxy}. */
export type TrustProxy = boolean;

/**
 * The TRUST_PROXY environment variable as an {@link AppOptions.trustProxy} value: `1` → true,
 * anything else → false. The former value `loopback` (trust any loopback peer) is no longer
 * honoured: every local process is a loopback peer, so it let any of them pick its rate-limit
 * address; the portal now proves itself with {@link AppOptions.proxySecret}.
 */
export function trustProxyFromEnv(value = process.env.TRUST_PROXY): TrustProxy {
  return value?.trim() === "1";
}

/** Header carrying the portal's shared secret (see {@link AppOptions.proxySecret}). */
export const PROXY_SECRET_HEADER = "x-woonbeurt-proxy-secret";
/** Header carrying the browser's address as the portal's server saw it. */
export const PROXY_CLIENT_IP_HEADER = "x-woonbeurt-client-ip";
/** Shortest accepted proxy secret (characters); `scripts/start.ts` generates 43. */
export const MIN_PROXY_SECRET_LENGTH = 32;

/**
 * The PORTAL_PROXY_SECRET environment variable, or null when unset or empty.
 * @throws Error when it is set but shorter than {@link MIN_PROXY_SECRET_LENGTH} characters.
 */
export function proxySecretFromEnv(value = process.env.PORTAL_PROXY_SECRET): string | null {
  const v = value?.trim();
  if (!v) return null;
  if (v.length < MIN_PROXY_SECRET_LENGTH)
    throw new Error(`PORTAL_PROXY_SECRET must have at least ${MIN_PROXY_SECRET_LENGTH} characters`);
  return v;
}

/** Whether an address (as Node reports a socket's peer) is a loopback address: 127.0.0.0/8 or ::1. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, "");
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** Constant-time comparison of a presented secret with the configured one. */
function secretMatches(presented: string | null, secret: string): boolean {
  if (!presented) return false;
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(secret).digest();
  return timingSafeEqual(a, b);
}

/** An IPv4 or IPv6 address (as text), else null. */
function ipAddress(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v && isIP(v) ? v : null;
}

/** Largest JSON request body (bytes). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
/**
 * Largest multipart request body (bytes): {@link DOCUMENT_MAX_PER_REQUEST} (5) documents of 10 MiB
 * plus 1 MiB for the operations and the multipart framing. yoga's own limit (25 MB by default,
 * which refused 3 documents of 10 MiB) is raised to this value too.
 */
export const MAX_MULTIPART_BODY_BYTES = DOCUMENT_MAX_PER_REQUEST * DOCUMENT_MAX_BYTES + MAX_JSON_BODY_BYTES;

/**
 * The caller of each request, authenticated once in `onRequest` (before validation, so the
 * suggestion filter below knows who asks) and reused by the context factory.
 */
const viewerByRequest = new WeakMap<Request, Viewer | null>();

function authenticateEarly(): Plugin<Context> {
  return {
    onRequest: async ({ request, endResponse, fetchAPI }) => {
      try {
        viewerByRequest.set(
          request,
          await authenticate(
            request.headers.get("authorization"),
            new Date(),
            request.headers.get(ACTING_FOR_HEADER),
          ),
        );
      } catch (e) {
        if (!isDatabaseBusy(e)) throw e;
        const error = serviceUnavailable();
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [{ message: error.message, extensions: { code: "SERVICE_UNAVAILABLE" } }],
            }),
            {
              status: 503,
              headers: { "content-type": "application/json", "retry-after": String(RETRY_AFTER_SECONDS) },
            },
          ),
        );
      }
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
 * Marks a mutation's context ({@link MUTATION_MARK}): its resolvers read the viewer's seeker row
 * afresh instead of the one the session statement read before the mutation ran.
 */
function markMutations(): Plugin<Context> {
  return {
    onExecute: ({ args }) => {
      if (getOperationAST(args.document, args.operationName)?.operation === "mutation")
        (args.contextValue as Context).cache.set(MUTATION_MARK, true);
    },
  };
}

/** Whether a request is anonymous (no credentials): only those share cached answers. */
const isAnonymous = (request: Request) => !request.headers.has("authorization");

/**
 * Caching of anonymous public reads (cache.ts): yoga's response cache with ETag / 304 for
 * anonymous queries, invalidation after every mutation that can change what they show (whoever
 * sends it), and Cache-Control on every answer — `public, max-age=0, must-revalidate` for a
 * cacheable anonymous answer (it has an ETag), `private, no-store` for an authenticated one,
 * `no-store` otherwise.
 */
function publicReadCaching(enabled: boolean): Plugin<Context>[] {
  const headers: Plugin<Context> = {
    onResponse: ({ request, response }) => {
      if (response.headers.has("cache-control")) return;
      const value = !isAnonymous(request)
        ? "private, no-store"
        : response.headers.has("etag") && (response.status === 200 || response.status === 304)
          ? "public, max-age=0, must-revalidate"
          : "no-store";
      response.headers.set("cache-control", value);
    },
  };
  if (!enabled) return [headers];
  const invalidation: Plugin<Context> = {
    onExecute: ({ args }) => {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== "mutation") return;
      const fields = operation.selectionSet.selections.map((s) =>
        s.kind === Kind.FIELD ? s.name.value : "(fragment)",
      );
      if (fields.every((f) => f === "__typename" || PRIVATE_MUTATIONS.has(f))) return;
      return { onExecuteDone: () => invalidateAllPublicReads() };
    },
  };
  return [
    useResponseCache({
      session: () => null,
      enabled: (request) => isAnonymous(request),
      // the plugin builds a key for every request before asking `enabled`: a signed-in request
      // (never cached) skips hashing its document and variables
      buildResponseCacheKey: (params) =>
        isAnonymous(params.request) ? defaultBuildResponseCacheKey(params) : "not-cached",
      cache: publicCache,
      ttl: PUBLIC_CACHE_TTL_MS,
      invalidateViaMutation: false,
      includeExtensionMetadata: false,
    }) as Plugin<Context>,
    invalidation,
    headers,
  ];
}

/**
 * The client IP used for rate limiting and the audit log, in this order:
 * 1. the portal's server, recognised by the shared secret in {@link PROXY_SECRET_HEADER}
 *    (`options.proxySecret`): the browser address it sends in {@link PROXY_CLIENT_IP_HEADER};
 * 2. behind a trusted reverse proxy (`options.trustProxy`): the address that proxy appended to
 *    `X-Forwarded-For` — the LAST entry, since every earlier one is whatever the client sent — or
 *    its `X-Real-IP`;
 * 3. otherwise the TCP peer. Forwarding headers from anyone else are ignored: they are
 *    client-controlled and would let a caller pick a fresh "IP" per attempt and step around the
 *    sign-in rate limit. Being on loopback proves nothing (every local process is).
 */
export function clientIp(
  request: Request,
  serverContext: unknown,
  options: { trustProxy?: TrustProxy; proxySecret?: string | null } = {},
): string {
  const peer = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket
    ?.remoteAddress;
  if (options.proxySecret && secretMatches(request.headers.get(PROXY_SECRET_HEADER), options.proxySecret)) {
    const forwarded = ipAddress(request.headers.get(PROXY_CLIENT_IP_HEADER));
    if (forwarded) return forwarded;
  }
  if (options.trustProxy === true) {
    const hops = request.headers
      .get("x-forwarded-for")
      ?.split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    const forwarded = hops?.at(-1) || request.headers.get("x-real-ip")?.trim();
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
  setReadReplica(options.db, options.readReplica ?? null);
  setDocumentKey(documentKeyFromEnv());
  lotteryKey(); // refuse to start without LOTTERY_KEY in production, not at the first lottery
  const trustProxy = options.trustProxy ?? trustProxyFromEnv();
  const proxySecret = options.proxySecret === undefined ? proxySecretFromEnv() : options.proxySecret;
  const corsOrigins = new Set(options.corsOrigins ?? corsOriginsFromEnv());
  const log = options.logger ?? processLogger;
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
    // must work on a machine without internet. Loaded when first asked for: the package holds
    // ~30 MB of scripts and styles a process serving only the API never needs in memory.
    renderGraphiQL: async (options) =>
      (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(options),
    graphiql: {
      title: "Woonbeurt API",
      defaultQuery: "{ listings(first: 5) { edges { node { id reference title netRent closesAt } } } }",
    },
    maskedErrors: {
      isDev: false,
      maskError: (error, message, isDev) =>
        isBusinessError(error)
          ? (error as Error)
          : isDatabaseBusy(error)
            ? serviceUnavailable((error as { path?: readonly (string | number)[] }).path)
            : (malformedCursor(error) ?? maskError(error, message, isDev)),
    },
    logging: options.logErrors === false ? false : yogaLogger(log),
    multipart: true,
    // Liveness: the process answers (no database call).
    healthCheckEndpoint: "/healthz",
    // requestSizeLimit() below enforces the per-type limits; yoga's own cap must not be lower.
    maxRequestBodySize: MAX_MULTIPART_BODY_BYTES,
    // Only allow-listed origins get CORS headers, never with credentials (yoga's default reflects
    // any Origin with Access-Control-Allow-Credentials: true).
    cors: (request) => {
      const origin = request.headers.get("origin");
      if (!origin || !corsOrigins.has(origin)) return false;
      return {
        origin: [origin],
        credentials: false,
        methods: ["GET", "POST", "OPTIONS"],
        allowedHeaders: [
          "content-type",
          "authorization",
          "graphql-require-preflight",
          "x-graphql-yoga-csrf",
          ACTING_FOR_HEADER,
        ],
        maxAge: 600,
      };
    },
    plugins: [
      accessLog(log),
      readiness(options.db),
      oneClickUnsubscribe(options.db),
      photoRoute(options.db),
      requestSizeLimit(),
      authenticateEarly(),
      useCSRFPrevention({ requestHeaders: ["x-graphql-yoga-csrf", "graphql-require-preflight"] }),
      ...armor.protect().plugins,
      useCostLimit(),
      markMutations(),
      noSuggestionsForAnonymous(),
      replicaReads(),
      ...publicReadCaching(
        options.responseCache ?? (process.env.NODE_ENV !== "test" && process.env.RESPONSE_CACHE !== "off"),
      ),
    ],
    context: async (initial) => {
      const { request } = initial;
      const ip = clientIp(request, initial, { trustProxy, proxySecret });
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

/**
 * A page cursor (`after`/`before`) that this API did not give out — not valid base64 of one of its
 * cursors, or one naming no valid id — as a client error (code BAD_USER_INPUT, saying what to
 * fix) instead of an internal error: the connection code passes a well-formed cursor's id to the
 * database, which refuses a malformed one. Null for any other error.
 */
export function malformedCursor(error: unknown): GraphQLError | null {
  const original = error instanceof GraphQLError ? error.originalError : error;
  const text = original instanceof Error ? original.message : "";
  const name = original instanceof Error ? original.constructor.name : "";
  const bad =
    /^Invalid cursor/.test(text) ||
    (name === "PrismaClientValidationError" && /\bcursor: \{/.test(text)) ||
    (name === "DriverAdapterError" && /invalid input syntax for type (uuid|integer)/.test(text));
  if (!bad) return null;
  return new GraphQLError(
    "Malformed page cursor (or id): pass `after`/`before` exactly as an earlier page's pageInfo.endCursor/startCursor (or omit it to start at the first page).",
    {
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: "BAD_USER_INPUT" },
    },
  );
}
