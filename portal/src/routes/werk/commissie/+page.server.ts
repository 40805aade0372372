import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";

/** The committee's woongroepen with their listings and how many motivations await a verdict. */
const WOONGROEPEN = typed(
  graphql(`
    query PortalCommitteeWoongroepen {
      committeeWoongroepen {
        id
        name
        description
        dragendResidents
        vragendResidents
        targetDragendShare
        listings {
          id
          reference
          title
          status
          closesAt
        }
        candidates {
          responseId
          verdict
          listing {
            id
          }
        }
      }
    }
  `),
);

export const load: PageServerLoad = async (event) => {
  const { committeeWoongroepen } = await run(event, WOONGROEPEN, {});
  return {
    woongroepen: committeeWoongroepen.map((w) => ({
      ...w,
      // Verdicts are possible while a listing is published or closed (before offers).
      listings: w.listings
        .filter((l) => l.status === "PUBLISHED" || l.status === "CLOSED")
        .map((l) => {
          const mine = w.candidates.filter((c) => c.listing.id === l.id);
          return {
            ...l,
            candidates: mine.length,
            pending: mine.filter((c) => c.verdict === "PENDING").length,
          };
        }),
    })),
  };
};
