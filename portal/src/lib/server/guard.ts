import { resolve } from "$app/paths";
import { redirect, type RequestEvent } from "@sveltejs/kit";
import { staffHome } from "./staff";

/** Who is signed in as a seeker (resolved once per request in hooks.server.ts; `locals.viewer`). */
export interface Viewer {
  id: string;
  email: string;
  displayName: string;
  firstName: string;
}

/**
 * The signed-in viewer, or a redirect to /inloggen that comes back here afterwards. A signed-in
 * staff member (no seeker) goes to their workspace instead (sign-in routing: `/mijn` → `/werk…`).
 */
export function requireViewer(event: Pick<RequestEvent, "locals" | "url">): Viewer {
  const viewer = event.locals.viewer;
  if (!viewer && event.locals.staff) redirect(303, staffHome(event.locals.staff));
  if (!viewer)
    redirect(303, resolve(`/inloggen?terug=${encodeURIComponent(event.url.pathname + event.url.search)}`));
  return viewer;
}

/** A safe local redirect target from user input ("/mijn"), never another origin. */
export function safeReturnPath(
  value: string | null | undefined,
  fallback: string = resolve("/mijn"),
): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
