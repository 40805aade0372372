/**
 * Database overload as a retryable answer. When every pool connection is busy for longer than the
 * pool timeout (prisma/src/client.ts `poolTimeoutMs`, node-postgres "timeout exceeded when trying
 * to connect"), or Prisma cannot start an interactive transaction within its `maxWait` (P2028
 * "Unable to start a transaction in the given time"; P2024 pool timeout), nothing was written and
 * the same request can simply be sent again. The client gets HTTP 503 with `Retry-After` and an
 * error with `extensions.code = "SERVICE_UNAVAILABLE"` (and `retryAfterSeconds`) instead of an
 * opaque INTERNAL_SERVER_ERROR.
 */
import { GraphQLError } from "graphql";

/** Seconds a client is asked to wait before retrying (the `Retry-After` header). */
export const RETRY_AFTER_SECONDS = 2;

const BUSY_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /unable to start a transaction in the given time/i,
  /timed out fetching a new connection from the connection pool/i,
];

/** Whether `error` (or an error it wraps) means "the database had no connection or transaction for us in time". */
export function isDatabaseBusy(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
  if (e.code === "P2024") return true;
  if (typeof e.message === "string" && BUSY_MESSAGES.some((r) => r.test(e.message as string))) return true;
  return isDatabaseBusy(e.originalError, depth + 1) || isDatabaseBusy(e.cause, depth + 1);
}

/** The error sent for an overloaded database: HTTP 503, `Retry-After`, code SERVICE_UNAVAILABLE. */
export function serviceUnavailable(path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(
    `The service is busy; nothing was changed. Retry after ${RETRY_AFTER_SECONDS} seconds.`,
    {
      path,
      extensions: {
        code: "SERVICE_UNAVAILABLE",
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        http: { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } },
      },
    },
  );
}
