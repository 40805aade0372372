import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { DUPLICATE_QUEUE } from "$lib/server/duplicates";

const STATUSES = ["OPEN", "MERGED", "CLOSED_NOT_DUPLICATE", "CLOSED_OTHER"] as const;
type Status = (typeof STATUSES)[number];

/** The review queue of likely duplicate registrations (administrators), OPEN by default. */
export const load: PageServerLoad = async (event) => {
  const raw = event.url.searchParams.get("status") ?? "OPEN";
  const status: Status = (STATUSES as readonly string[]).includes(raw) ? (raw as Status) : "OPEN";
  const after = event.url.searchParams.get("na") || null;
  const d = await run(event, DUPLICATE_QUEUE, { status, after });
  return {
    status,
    statuses: STATUSES,
    totalCount: d.duplicateCandidates.totalCount,
    next: d.duplicateCandidates.pageInfo.hasNextPage ? d.duplicateCandidates.pageInfo.endCursor : null,
    candidates: d.duplicateCandidates.edges.map((e) => e.node),
    notice: event.url.searchParams.get("melding"),
  };
};
