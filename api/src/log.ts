/**
 * Structured logs: one JSON object per line on stdout, with pino.
 *
 * - {@link logger}: the process's logger (level `LOG_LEVEL`, default `info`; `silent` under tests
 *   unless LOG_LEVEL is set). Every line has `service: "api"`.
 * - {@link yogaLogger}: graphql-yoga's logger hooked to pino; errors are reduced to their type,
 *   code, first message line and stack frames ({@link safeError}), since database errors can
 *   quote the values of a query.
 * - {@link accessLog}: a yoga plugin writing one `request` line per HTTP request (request id,
 *   method, path without query string, GraphQL operation name and type, status, duration in ms) and
 *   answering with the request id in `X-Request-Id`.
 *
 * Never logged: variables and their values, query strings, headers (tokens, cookies), request or
 * response bodies, e-mail addresses or names. The audit log (`AuditEvent` rows) is separate and
 * unchanged.
 */
import { randomUUID } from "node:crypto";
import { getOperationAST } from "graphql";
import type { Plugin, YogaLogger } from "graphql-yoga";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";

export type { Logger };

/** Header carrying the request id between the portal and the API, and back to the caller. */
export const REQUEST_ID_HEADER = "x-request-id";

/** A request id we accept from a caller: 1-128 characters of letters, digits, `.`, `_`, `:`, `-`. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id of a request: the caller's `X-Request-Id` when it is acceptable (the portal sends
 * its own), otherwise a new random UUID. Unacceptable values (too long, other characters, so no
 * log injection) are replaced, not logged.
 */
export function requestIdFrom(header: string | null | undefined): string {
  const v = header?.trim();
  return v && ACCEPTABLE_REQUEST_ID.test(v) ? v : randomUUID();
}

/** The default level: `LOG_LEVEL`, else `silent` under tests (NODE_ENV=test), else `info`. */
export function defaultLogLevel(env: NodeJS.ProcessEnv = process.env): string {
  return env.LOG_LEVEL?.trim() || (env.NODE_ENV === "test" ? "silent" : "info");
}

/**
 * A pino logger for `service` writing JSON lines to `destination` (default stdout), at `level`
 * (default {@link defaultLogLevel}). Timestamps are ISO 8601.
 */
export function createLogger(
  options: { service?: string; level?: string; destination?: DestinationStream } = {},
): Logger {
  const config: LoggerOptions = {
    level: options.level ?? defaultLogLevel(),
    base: { service: options.service ?? "api" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/** The API process's logger (see {@link createLogger}). */
export const logger: Logger = createLogger();

/**
 * An error as it may be logged: its type, `code`, the first line of its message (at most 200
 * characters) and its stack frames, for it and its `originalError`. Prisma's validation errors
 * quote the query's arguments (e-mail addresses, names) after the first line; those never reach
 * the log.
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const e = error as Error & { code?: unknown; originalError?: unknown };
  const frames = (e.stack ?? "")
    .split("\n")
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 15)
    .map((l) => l.trim());
  return {
    type: e.name,
    ...(typeof e.code === "string" || typeof e.code === "number" ? { code: e.code } : {}),
    message: (e.message ?? "").split("\n")[0]!.slice(0, 200),
    stack: frames,
    ...(e.originalError && e.originalError !== e ? { cause: safeError(e.originalError) } : {}),
  };
}

/**
 * graphql-yoga's logger on top of `log`: messages as they are, errors through {@link safeError}
 * (under `error`), other arguments dropped (they can be request data).
 */
export function yogaLogger(log: Logger): YogaLogger {
  const write =
    (level: "debug" | "info" | "warn" | "error") =>
    (...args: unknown[]) => {
      const error = args.find((a) => a instanceof Error);
      const message = args.find((a): a is string => typeof a === "string");
      if (error) log[level]({ error: safeError(error) }, message ?? "unexpected error");
      else log[level](message ?? "(no message)");
    };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/** `name` when it is a GraphQL name of at most 100 characters, else null (never free text). */
function graphqlName(name: string | null | undefined): string | null {
  return name && /^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name) ? name : null;
}

interface RequestEntry {
  id: string;
  start: number;
  operationName?: string | null;
  operationType?: string;
}

/** Paths of the health endpoints: their access lines are at `debug`, not to drown the log in probes. */
const PROBE_PATHS = new Set(["/healthz", "/readyz"]);

/**
 * One access line per request (`msg: "request"`): `reqId`, `method`, `path` (no query string: GET
 * requests carry variables there), `operationName` and `operationType` (query, mutation) when the
 * request was a GraphQL operation, `status`, `durationMs`. The request id ({@link requestIdFrom})
 * is sent back in `X-Request-Id`.
 */
export function accessLog(log: Logger): Plugin {
  // Keyed by the server context: the one object every hook of a request sees (the request itself
  // can be replaced on the way, e.g. by the size limit plugin).
  const entries = new WeakMap<object, RequestEntry>();
  const entryOf = (context: unknown): RequestEntry | undefined => {
    for (let c = context; c && typeof c === "object"; c = Object.getPrototypeOf(c)) {
      const entry = entries.get(c as object);
      if (entry) return entry;
    }
    return undefined;
  };
  return {
    onRequest: ({ request, serverContext }) => {
      const entry = { id: requestIdFrom(request.headers.get(REQUEST_ID_HEADER)), start: performance.now() };
      entries.set(request, entry);
      if (serverContext && typeof serverContext === "object") entries.set(serverContext, entry);
    },
    onParams: ({ params, context, request }) => {
      const entry = entryOf(context) ?? entries.get(request);
      if (entry) entry.operationName = graphqlName(params.operationName);
    },
    onExecute: ({ args }) => {
      const context = args.contextValue as { request?: Request } | undefined;
      const entry = entryOf(context) ?? (context?.request ? entries.get(context.request) : undefined);
      if (!entry) return;
      const operation = getOperationAST(args.document, args.operationName);
      entry.operationType = operation?.operation;
      entry.operationName ??= graphqlName(operation?.name?.value);
    },
    onResponse: ({ request, response, serverContext }) => {
      const entry =
        (serverContext && typeof serverContext === "object" ? entries.get(serverContext) : undefined) ??
        entries.get(request);
      const id = entry?.id ?? requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
      response.headers.set(REQUEST_ID_HEADER, id);
      let path = "?";
      try {
        path = new URL(request.url, "http://localhost").pathname.slice(0, 200);
      } catch {
        /* not a URL */
      }
      const line = {
        reqId: id,
        method: request.method,
        path,
        operationName: entry?.operationName ?? null,
        operationType: entry?.operationType ?? null,
        status: response.status,
        durationMs: entry ? Math.round((performance.now() - entry.start) * 10) / 10 : null,
      };
      if (PROBE_PATHS.has(path)) log.debug(line, "request");
      else log.info(line, "request");
    },
  };
}
