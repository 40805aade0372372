import { error, json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";
import { run } from "$lib/server/api";
import { LOTTERY_DRAW } from "$lib/server/lottery-draw";
import { drawDocument } from "$lib/lottery-verify";

/**
 * The draw of a closed lottery listing as a JSON file (format `woonbeurt-lottery-draw/1`, see
 * portal/src/lib/lottery-verify.ts): everything `pnpm lottery:verify` and the page's verify step
 * need. 404 when the listing is not a lottery or its seed is not revealed yet.
 */
export const GET: RequestHandler = async (event) => {
  const { listing } = await run(event, LOTTERY_DRAW, { reference: event.params.reference });
  const url = new URL(`/loting/${encodeURIComponent(event.params.reference)}`, event.url).href;
  const doc = listing ? drawDocument(listing, url) : null;
  if (!doc) error(404, { message: event.locals.t("draw.notDrawn") });
  return json(doc, {
    headers: {
      "content-disposition": `attachment; filename="loting-${listing!.reference.replace(/[^A-Za-z0-9-]/g, "_")}.json"`,
      "cache-control": "public, max-age=300",
    },
  });
};
