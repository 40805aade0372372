import { error } from "@sveltejs/kit";
import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { ApiError } from "$lib/server/graphql";
import { LOTTERY_DRAW } from "$lib/server/lottery-draw";
import { drawDocument } from "$lib/lottery-verify";

/** The public draw of a lottery listing (issue 14 item 3, LOTTERY.md); 404 for other listings. */
export const load: PageServerLoad = async (event) => {
  let listing;
  try {
    listing = (await run(event, LOTTERY_DRAW, { reference: event.params.reference })).listing;
  } catch (e) {
    // a withdrawn (or draft) listing is not public: the same 404 as an unknown reference
    if (e instanceof ApiError && e.notVisible) listing = null;
    else throw e;
  }
  if (!listing?.lottery) error(404, { message: event.locals.t("draw.notFound") });
  return {
    reference: listing.reference,
    title: listing.title,
    commitment: listing.lottery.commitment,
    committedAt: listing.lottery.committedAt,
    draw: drawDocument(listing, null),
  };
};
