/**
 * The portal server's structured logs: JSON lines on stdout with pino (`service: "portal"`, level
 * `LOG_LEVEL`, default `info`), and the request id of the request being handled.
 *
 * Each browser request gets an id: its `X-Request-Id` when acceptable (set by a reverse proxy in
 * front), otherwise a new UUID. It is answered in `X-Request-Id`, sent to the API with every
 * GraphQL call (`graphql.ts`), and written on the portal's access line and the API's, so one id
 * ties them together. Never logged: query strings, form data, cookies, tokens, names, e-mail
 * addresses; paths are logged as their route (`/woning/[reference]`), not as typed.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { env } from "$env/dynamic/private";
import { pino, type Logger } from "pino";

/** Header carrying the request id (from a proxy in front, to the API, back to the browser). */
export const REQUEST_ID_HEADER = "x-request-id";

const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's request id when acceptable (1-128 of `A-Za-z0-9._:-`), otherwise a new UUID. */
export function requestIdFrom(header: string | null | undefined): string {
  const v = header?.trim();
  return v && ACCEPTABLE_REQUEST_ID.test(v) ? v : randomUUID();
}

let instance: Logger | null = null;

/** The portal's logger, created on first use (so LOG_LEVEL is read at run time). */
export function logger(): Logger {
  instance ??= pino({
    level: env.LOG_LEVEL?.trim() || "info",
    base: { service: "portal" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
  return instance;
}

const requestIds = new AsyncLocalStorage<string>();

/** Run `fn` with `id` as the current request id (see {@link currentRequestId}). */
export function withRequestId<T>(id: string, fn: () => T): T {
  return requestIds.run(id, fn);
}

/** The id of the request being handled, or undefined outside a request. */
export function currentRequestId(): string | undefined {
  return requestIds.getStore();
}
