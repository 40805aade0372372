/**
 * Per request: choose the locale (?lang= switch, `lang` cookie, Accept-Language, Dutch), create
 * this request's translator, then resolve the viewer once from the `wb_session` cookie
 * (Lucia's SvelteKit example, ported to Svelte 5 / SvelteKit 2).
 */
import type { Handle } from "@sveltejs/kit";
import { sequence } from "@sveltejs/kit/hooks";
import { DEFAULT_LOCALE, isLocale, negotiateLocale, registerServerTranslator } from "$lib/i18n";
import { i18nextTranslator, translatorFor } from "$lib/server/i18n";
import { ApiError, request } from "$lib/server/graphql";
import { SIGNED_IN, type StaffRole } from "$lib/server/staff";
import { SESSION_COOKIE, deleteSessionCookie } from "$lib/server/session";
import { logger, REQUEST_ID_HEADER, requestIdFrom, withRequestId } from "$lib/server/log";

const LANG_COOKIE = "lang";

// Server-side rendering translates with i18next (one instance per request and locale).
registerServerTranslator(i18nextTranslator);

const i18n: Handle = async ({ event, resolve }) => {
  const asked = event.url.searchParams.get("lang");
  let locale = DEFAULT_LOCALE;
  if (isLocale(asked)) {
    locale = asked;
    event.cookies.set(LANG_COOKIE, asked, {
      path: "/",
      httpOnly: false,
      sameSite: "lax",
      maxAge: 365 * 24 * 3600,
      secure: false,
    });
  } else {
    const cookie = event.cookies.get(LANG_COOKIE);
    locale = isLocale(cookie)
      ? cookie
      : (negotiateLocale(event.request.headers.get("accept-language")) ?? DEFAULT_LOCALE);
  }
  event.locals.locale = locale;
  event.locals.t = translatorFor(locale);
  return resolve(event, { transformPageChunk: ({ html }) => html.replace("%lang%", locale) });
};

const auth: Handle = async ({ event, resolve }) => {
  event.locals.viewer = null;
  event.locals.staff = null;
  event.locals.sessionToken = null;
  const token = event.cookies.get(SESSION_COOKIE) ?? null;
  if (token) {
    try {
      const { account, viewer } = await request(
        SIGNED_IN,
        {},
        { token, clientAddress: safeAddress(event), locale: event.locals.locale },
      );
      // A seeker session: the seeker side. A staff session: the workspace under /werk
      // (locals.staff); seeker pages treat it as signed out of the seeker side.
      if (account && viewer) {
        event.locals.viewer = {
          id: viewer.id,
          firstName: viewer.firstName,
          email: account.email,
          displayName: account.displayName,
        };
        event.locals.sessionToken = token;
      } else if (account && account.kind === "STAFF") {
        event.locals.staff = {
          email: account.email,
          displayName: account.displayName,
          roles: account.roles.map((r) => ({ ...r, role: r.role as StaffRole })),
        };
        event.locals.sessionToken = token;
      } else {
        deleteSessionCookie(event.cookies, event.url);
      }
    } catch (e) {
      if (e instanceof ApiError && e.unauthenticated) deleteSessionCookie(event.cookies, event.url);
      else throw e;
    }
  }
  return resolve(event);
};

/** Paths of the health endpoints: their access lines are at `debug` level. */
const PROBE_ROUTES = new Set(["/healthz", "/readyz"]);

/**
 * Request id and access log: the request runs with its id (`$lib/server/log`, passed to the API),
 * answers it in `X-Request-Id`, and leaves one JSON line `request` with the id, method, route (the
 * route's pattern, never the typed path or query string), form action, status and duration in ms.
 */
const requestLog: Handle = async ({ event, resolve }) => {
  const id = requestIdFrom(event.request.headers.get(REQUEST_ID_HEADER));
  const start = performance.now();
  let status = 500;
  try {
    const response = await withRequestId(id, () => resolve(event));
    status = response.status;
    response.headers.set(REQUEST_ID_HEADER, id);
    return response;
  } finally {
    const action = [...event.url.searchParams.keys()].find((k) => /^\/[A-Za-z0-9_-]{1,50}$/.test(k));
    const line = {
      reqId: id,
      method: event.request.method,
      route: event.route.id ?? null,
      action: action ? action.slice(1) : null,
      status,
      durationMs: Math.round((performance.now() - start) * 10) / 10,
    };
    if (event.route.id && PROBE_ROUTES.has(event.route.id)) logger().debug(line, "request");
    else logger().info(line, "request");
  }
};

/** Security headers the adapter does not add. */
const headers: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("referrer-policy", "same-origin");
  response.headers.set("x-frame-options", "DENY");
  return response;
};

function safeAddress(event: Parameters<Handle>[0]["event"]): string | undefined {
  try {
    return event.getClientAddress();
  } catch {
    return undefined;
  }
}

export const handle = sequence(requestLog, headers, i18n, auth);
