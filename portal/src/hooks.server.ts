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
import { VIEWER } from "$lib/server/operations";
import { SESSION_COOKIE, deleteSessionCookie } from "$lib/server/session";

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
  event.locals.sessionToken = null;
  const token = event.cookies.get(SESSION_COOKIE) ?? null;
  if (token) {
    try {
      const { account, viewer } = await request(
        VIEWER,
        {},
        { token, clientAddress: safeAddress(event), locale: event.locals.locale },
      );
      // The portal is for seekers: a staff session (account without seeker) counts as signed out.
      if (account && viewer) {
        event.locals.viewer = {
          id: viewer.id,
          firstName: viewer.firstName,
          email: account.email,
          displayName: account.displayName,
        };
        event.locals.sessionToken = token;
      } else if (account?.kind === "STAFF") {
        // A staff account keeps its session for the workspace (/werk); its sections check roles.
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

export const handle = sequence(headers, i18n, auth);
