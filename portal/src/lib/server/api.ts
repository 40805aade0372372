/** Route helpers: run an operation for the current request (its session, address and locale). */
import type { RequestEvent } from "@sveltejs/kit";
import { error } from "@sveltejs/kit";
import { ApiError, request, requestWithFiles, type Operation, type RequestContext } from "./graphql";

export function contextOf(event: Pick<RequestEvent, "locals" | "getClientAddress">): RequestContext {
  let clientAddress: string | undefined;
  try {
    clientAddress = event.getClientAddress();
  } catch {
    clientAddress = undefined;
  }
  return { token: event.locals.sessionToken, clientAddress, locale: event.locals.locale };
}

/**
 * Run an operation for this request. When the API refuses part of the request as malformed input
 * (code BAD_USER_INPUT — e.g. a page link whose `na`/`voor` cursor was edited or has gone stale),
 * the page answers 400 with a message saying what to do, not a server error.
 */
export function run<R, V>(
  event: Pick<RequestEvent, "locals" | "getClientAddress">,
  op: Operation<R, V>,
  variables: V,
): Promise<R> {
  return request(op, variables, contextOf(event)).catch((e: unknown) => {
    if (
      e instanceof ApiError &&
      e.errors.length > 0 &&
      e.errors.every((x) => x.extensions?.code === "BAD_USER_INPUT")
    )
      error(400, { message: event.locals.t("errors.badLink") });
    throw e;
  });
}

export function runWithFiles<R, V>(
  event: Pick<RequestEvent, "locals" | "getClientAddress">,
  op: Operation<R, V>,
  variables: V,
  files: ReadonlyArray<{ path: string; file: File }>,
): Promise<R> {
  return requestWithFiles(op, variables, files, contextOf(event));
}

/** The API's Language enum for this request's locale. */
export function language(event: Pick<RequestEvent, "locals">): "NL" | "EN" {
  return event.locals.locale === "en" ? "EN" : "NL";
}
