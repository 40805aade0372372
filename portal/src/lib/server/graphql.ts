/**
 * A thin typed GraphQL client: the portal's only way to reach data. Every operation is a gql.tada
 * document (`$lib/graphql`: `typed(graphql(\`…\`))`) written beside the route that runs it, its
 * variables and result typed from `api/schema.graphql` (`pnpm --filter @woonbeurt/portal run
 * typecheck`) and validated against it by `test/e2e/operations.test.ts`.
 *
 * - POST application/json to `API_URL` (default http://127.0.0.1:4000/graphql);
 * - the session token (or nothing) as `Authorization: Bearer <token>`; for a representative acting
 *   for a seeker also the authorisation in `X-Woonbeurt-Acting-For`;
 * - the browser's language is forwarded; so is its IP, in `x-woonbeurt-client-ip` together with
 *   the shared secret `PORTAL_PROXY_SECRET` in `x-woonbeurt-proxy-secret` (the API believes a
 *   forwarded address only with that secret, so its rate limits see real clients and no one
 *   else can choose an address; without the secret nothing is forwarded);
 * - the request id of the browser request being handled (`log.ts`) in `x-request-id`, so the
 *   API's log lines carry the same id as the portal's;
 * - multipart requests (GraphQL multipart request spec) for file uploads.
 * Transport and GraphQL-level errors throw {@link ApiError}; business errors are ordinary
 * result types (unions) and come back as data.
 */
import { env } from "$env/dynamic/private";
import { currentRequestId, REQUEST_ID_HEADER } from "./log";

import type { Operation } from "./operation";
export type { Operation, ResultOf, VariablesOf } from "./operation";
export { operation } from "./operation";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: ReadonlyArray<{
      message: string;
      path?: ReadonlyArray<string | number>;
      extensions?: Record<string, unknown>;
    }> = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
  /**
   * True when every error is NOT_AUTHORIZED: the caller may not see what was asked for (a
   * withdrawn or draft listing read by the public). Pages answer 404 for it, as for an unknown
   * reference, never 500.
   */
  get notVisible(): boolean {
    return this.errors.length > 0 && this.errors.every((e) => e.extensions?.code === "NOT_AUTHORIZED");
  }
  /** True when the API refused the credentials (expired or revoked session). */
  get unauthenticated(): boolean {
    return this.status === 401 || this.errors.some((e) => e.extensions?.code === "UNAUTHENTICATED");
  }
}

export interface RequestContext {
  token?: string | null;
  /**
   * A representative (gemachtigde) acting for a seeker: the global ID of the Authorisation, sent
   * as `X-Woonbeurt-Acting-For` with the representative's own session token.
   */
  actingFor?: string | null;
  clientAddress?: string;
  locale?: string;
  fetch?: typeof fetch;
}

export function apiUrl(): string {
  return env.API_URL || "http://127.0.0.1:4000/graphql";
}

/** The API's readiness endpoint: `/readyz` on the host of {@link apiUrl}. */
export function apiReadyzUrl(): string {
  return new URL("/readyz", apiUrl()).href;
}

function headers(ctx: RequestContext): Record<string, string> {
  const h: Record<string, string> = { accept: "application/graphql-response+json, application/json" };
  if (ctx.token) h.authorization = `Bearer ${ctx.token}`;
  if (ctx.token && ctx.actingFor) h["x-woonbeurt-acting-for"] = ctx.actingFor;
  const secret = env.PORTAL_PROXY_SECRET?.trim();
  if (ctx.clientAddress && secret) {
    h["x-woonbeurt-proxy-secret"] = secret;
    h["x-woonbeurt-client-ip"] = ctx.clientAddress;
  }
  if (ctx.locale) h["accept-language"] = ctx.locale;
  const requestId = currentRequestId();
  if (requestId) h[REQUEST_ID_HEADER] = requestId;
  return h;
}

async function send<TResult>(name: string, init: RequestInit, ctx: RequestContext): Promise<TResult> {
  const doFetch = ctx.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(apiUrl(), { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    throw new ApiError(`API unreachable (${name}): ${(e as Error).message}`, 503);
  }
  let body: { data?: TResult | null; errors?: ApiError["errors"] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError(`API answered ${res.status} without JSON (${name})`, res.status);
  }
  if (body.errors?.length) {
    throw new ApiError(`${name}: ${body.errors.map((e) => e.message).join("; ")}`, res.status, body.errors);
  }
  if (!res.ok || body.data == null) throw new ApiError(`${name}: HTTP ${res.status}`, res.status);
  return body.data;
}

/** Run an operation. */
export function request<TResult, TVariables>(
  op: Operation<TResult, TVariables>,
  variables: TVariables,
  ctx: RequestContext = {},
): Promise<TResult> {
  return send<TResult>(
    op.name,
    {
      method: "POST",
      headers: { ...headers(ctx), "content-type": "application/json" },
      body: JSON.stringify({ query: op.document, operationName: op.name, variables }),
    },
    ctx,
  );
}

/**
 * Run an operation with files (GraphQL multipart request spec): `files` maps a variable path
 * such as `variables.input.documents.0` to a File.
 */
export function requestWithFiles<TResult, TVariables>(
  op: Operation<TResult, TVariables>,
  variables: TVariables,
  files: ReadonlyArray<{ path: string; file: File }>,
  ctx: RequestContext = {},
): Promise<TResult> {
  if (files.length === 0) return request(op, variables, ctx);
  const form = new FormData();
  form.set("operations", JSON.stringify({ query: op.document, operationName: op.name, variables }));
  form.set("map", JSON.stringify(Object.fromEntries(files.map((f, i) => [String(i), [f.path]]))));
  files.forEach((f, i) => form.set(String(i), f.file, f.file.name));
  // CSRF prevention in yoga asks for a non-simple header on multipart requests.
  return send<TResult>(
    op.name,
    { method: "POST", headers: { ...headers(ctx), "graphql-require-preflight": "1" }, body: form },
    ctx,
  );
}
