import { resolve } from "$app/paths";
import { redirect, type RequestEvent } from "@sveltejs/kit";
import type { Viewer } from "./operations";

/** The signed-in viewer, or a redirect to /inloggen that comes back here afterwards. */
export function requireViewer(event: Pick<RequestEvent, "locals" | "url">): Viewer {
  const viewer = event.locals.viewer;
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
