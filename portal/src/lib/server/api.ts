/** Route helpers: run an operation for the current request (its session, address and locale). */
import type { RequestEvent } from "@sveltejs/kit";
import { request, requestWithFiles, type Operation, type RequestContext } from "./graphql";

export function contextOf(event: Pick<RequestEvent, "locals" | "getClientAddress">): RequestContext {
  let clientAddress: string | undefined;
  try {
    clientAddress = event.getClientAddress();
  } catch {
    clientAddress = undefined;
  }
  return { token: event.locals.sessionToken, clientAddress, locale: event.locals.locale };
}

export function run<R, V>(
  event: Pick<RequestEvent, "locals" | "getClientAddress">,
  op: Operation<R, V>,
  variables: V,
): Promise<R> {
  return request(op, variables, contextOf(event));
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
