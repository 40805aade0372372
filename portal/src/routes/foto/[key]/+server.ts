/**
 * `/foto/<key>?w=480|960|1600&format=webp|jpeg`: a listing photo (woningfoto), fetched from the API's
 * photo route (`GET /photos/<key>`, resized there with sharp) and passed on with its caching headers
 * (ETag, `If-None-Match` → 304). The signed-in person's session goes along, so landlord staff see
 * their draft listings' photos; everyone else gets a published listing's photos only (404 for the
 * rest). Same origin as the pages, so nothing is loaded from elsewhere.
 */
import { error } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";
import { apiUrl } from "$lib/server/graphql";

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PASSED_ON = ["content-type", "content-length", "etag", "cache-control", "x-content-type-options"];

export const GET: RequestHandler = async ({ params, url, request, locals }) => {
  if (!KEY.test(params.key)) error(404, { message: locals.t("listingEditor.photo.notFound") });
  const target = new URL(`/photos/${params.key}`, apiUrl());
  const w = url.searchParams.get("w");
  const format = url.searchParams.get("format");
  if (w && /^\d{1,4}$/.test(w)) target.searchParams.set("w", w);
  if (format === "jpeg" || format === "webp") target.searchParams.set("format", format);
  const headers: Record<string, string> = {};
  if (locals.sessionToken) headers.authorization = `Bearer ${locals.sessionToken}`;
  const match = request.headers.get("if-none-match");
  if (match) headers["if-none-match"] = match;
  let res: Response;
  try {
    res = await fetch(target, { headers, signal: AbortSignal.timeout(15_000) });
  } catch {
    error(503, { message: locals.t("listingEditor.photo.unavailable") });
  }
  if (res.status !== 200 && res.status !== 304)
    error(res.status === 404 ? 404 : 502, { message: locals.t("listingEditor.photo.notFound") });
  const out = new Headers();
  for (const h of PASSED_ON) {
    const v = res.headers.get(h);
    if (v) out.set(h, v);
  }
  // a draft's photo depends on who asks
  if (out.get("cache-control")?.startsWith("private")) out.set("vary", "Cookie");
  return new Response(res.status === 304 ? null : res.body, { status: res.status, headers: out });
};
