/**
 * The portal's session cookie (Lucia's SvelteKit guide): the API issues the session token on
 * sign-in / registration; the portal keeps it in `wb_session` (HttpOnly, SameSite=Lax, Path=/,
 * Secure in production) and forwards it as a bearer token. The API owns expiry (sliding idle
 * timeout and absolute lifetime); the cookie lives as long as the session may.
 */
import type { Cookies } from "@sveltejs/kit";
import { dev } from "$app/environment";

export const SESSION_COOKIE = "wb_session";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Secure everywhere except in development and on plain-http loopback servers (local tests). */
function secure(url: URL): boolean {
  if (url.protocol === "https:") return true;
  return !dev && !LOOPBACK.has(url.hostname);
}

export function setSessionCookie(
  cookies: Cookies,
  url: URL,
  token: string,
  expiresAt: Date | string | null | undefined,
): void {
  cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secure(url),
    expires: expiresAt ? new Date(expiresAt) : new Date(Date.now() + 30 * 24 * 3600 * 1000),
  });
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure: secure(url) });
}
