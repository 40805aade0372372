/**
 * Representatives (gemachtigden) in the portal: the signed-in account (a care worker's staff
 * account or a mentor's seeker account) acts for a seeker under an authorisation by sending its
 * global ID in `X-Woonbeurt-Acting-For` with its own session (see the API's auth/context.ts).
 */
import { resolve } from "$app/paths";
import { redirect, type RequestEvent } from "@sveltejs/kit";
import { contextOf } from "./api";
import { request, requestWithFiles, type Operation } from "./graphql";

/** The session token of any signed-in account, or a redirect to /inloggen that comes back here. */
export function requireSignedIn(event: Pick<RequestEvent, "locals" | "url">): string {
  const token = event.locals.sessionToken;
  if (!token)
    redirect(303, resolve(`/inloggen?terug=${encodeURIComponent(event.url.pathname + event.url.search)}`));
  return token;
}

/**
 * Run an operation as the representative acting under `authorisationId` (global ID). The API
 * refuses what the authorisation's scopes do not allow, and everything once it ended or was revoked.
 */
export function runActingFor<R, V>(
  event: Pick<RequestEvent, "locals" | "getClientAddress">,
  authorisationId: string,
  op: Operation<R, V>,
  variables: V,
): Promise<R> {
  return request(op, variables, { ...contextOf(event), actingFor: authorisationId });
}

/** {@link runActingFor} with files (GraphQL multipart; `files` as for `runWithFiles`). */
export function runActingForWithFiles<R, V>(
  event: Pick<RequestEvent, "locals" | "getClientAddress">,
  authorisationId: string,
  op: Operation<R, V>,
  variables: V,
  files: ReadonlyArray<{ path: string; file: File }>,
): Promise<R> {
  return requestWithFiles(op, variables, files, { ...contextOf(event), actingFor: authorisationId });
}
