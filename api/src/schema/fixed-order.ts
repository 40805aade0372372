/**
 * The order of a closed listing (gesloten advertentie): fixed at close, never re-ranked with
 * today's data.
 *
 * `closeListingTx` (lifecycle.ts) ranks a listing once, on its close time, with the allocation
 * core, and stores each ranked response's `finalPosition` and every response's ranking inputs
 * (`seekerAtClose`). From then on the stored `finalPosition` IS the order: for the seeker's own
 * position, the landlord's candidate list, offers and the letting. Seekers' data keeps changing
 * after close — a tenant's registration date restarts at letting ([001] §E.2 Voorstel IV), a
 * household grows, an urgency declaration ends — and none of that may move anyone on a listing
 * that already closed.
 *
 * The explanation of each place (tier, registration years, eligibility checks) comes from the
 * core, run on the inputs frozen at close. For responses closed before the inputs were kept
 * (`seekerAtClose` null), the core runs on the seeker's current data when that data can still be
 * evaluated on the close day (registered on or before it); otherwise, or when the core's verdict
 * on today's data disagrees with the stored order, the explanation is left out (`reason` null,
 * no checks) rather than invented.
 *
 * @module
 */
import {
  rankCandidates,
  type CandidateInput,
  type EligibilityCheck,
  type ListingInput,
  type RankReason,
  type RuleSet,
} from "../allocation/index.ts";
import { evaluableOn, lotteryEntryOf, seekerFromSnapshot, seekerInput, type CandidateRow } from "./core.ts";

/** A ranked candidate of a closed listing: stored position, explanation when known. */
export interface FixedRankedCandidate {
  /** Stored `finalPosition` (1-based). */
  position: number;
  responseId: string;
  seekerId: string;
  /** Registration years on the close day (years), null when not known. */
  registrationYears: number | null;
  /** Why the candidate stands in their tier, null when not known (see the module notes). */
  reason: RankReason | null;
  /** All eligibility checks on the close day; empty when not known. */
  checks: EligibilityCheck[];
}

/** A response of a closed listing that has no place in its order. */
export interface FixedExcludedCandidate {
  responseId: string;
  seekerId: string;
  /** `INELIGIBLE` (not ranked at close) or `DIRECT_MEDIATION` (BEMIDDELING: nobody is ranked). */
  reason: "INELIGIBLE" | "DIRECT_MEDIATION";
  /** The failing checks on the close day; empty when not known. */
  failed: EligibilityCheck[];
  /** All checks on the close day; empty when not known. */
  checks: EligibilityCheck[];
}

/** The fixed order of a closed listing. */
export interface FixedOrder {
  /** Ranked candidates by stored position, best first. */
  ranked: FixedRankedCandidate[];
  /** Responses without a stored position. */
  excluded: FixedExcludedCandidate[];
  /** Whether every explanation comes from inputs frozen at close. */
  frozen: boolean;
}

/** A candidate row as the core's CandidateInput with the seeker as frozen at close, or null. */
export function frozenCandidateInput(row: CandidateRow): CandidateInput | null {
  const seeker = seekerFromSnapshot(row.seekerAtClose);
  if (!seeker) return null;
  return {
    responseId: row.id,
    respondedAt: row.createdAt,
    motivation: row.motivation,
    committeeVerdict: row.committeeVerdict,
    lotteryEntry: lotteryEntryOf(row),
    seeker,
  };
}

/**
 * The ranking inputs of a closed listing's candidates: frozen at close where stored, else today's
 * data where it can be evaluated on `closedOn`; candidates with neither are left out.
 */
export function closedCandidateInputs(
  rows: readonly CandidateRow[],
  closedOn: Date,
): { inputs: CandidateInput[]; frozen: boolean } {
  let frozen = true;
  const inputs: CandidateInput[] = [];
  for (const r of rows) {
    const f = frozenCandidateInput(r);
    if (f) {
      inputs.push(f);
      continue;
    }
    frozen = false;
    const live = seekerInput(r.seeker);
    if (evaluableOn(live, closedOn))
      inputs.push({
        responseId: r.id,
        respondedAt: r.createdAt,
        motivation: r.motivation,
        committeeVerdict: r.committeeVerdict,
        lotteryEntry: lotteryEntryOf(r),
        seeker: live,
      });
  }
  return { inputs, frozen };
}

/**
 * The order of a closed listing (status CLOSED, OFFERING or LET): the stored final positions,
 * explained by the allocation core on the inputs of the close day (see the module notes).
 *
 * @param listing - the listing as the core's input (lottery seed revealed)
 * @param rows - its responses that were not withdrawn, with their seekers and `seekerAtClose`
 * @param ruleSet - the rule set in force at close
 * @param closedOn - the ranking moment: the listing's `closesAt`
 * @returns ranked candidates by stored position and the others; never throws on seekers' data
 *   that changed after close
 */
export function fixedOrder(
  listing: ListingInput,
  rows: readonly CandidateRow[],
  ruleSet: RuleSet,
  closedOn: Date,
): FixedOrder {
  const { inputs, frozen } = closedCandidateInputs(rows, closedOn);
  const ranked = new Map<
    string,
    { registrationYears: number; reason: RankReason; checks: EligibilityCheck[] }
  >();
  const excluded = new Map<string, { failed: EligibilityCheck[]; checks: EligibilityCheck[] }>();
  try {
    const r = rankCandidates(listing, inputs, ruleSet, closedOn);
    for (const c of r.ranked) ranked.set(c.responseId, c);
    for (const e of r.excluded) excluded.set(e.responseId, e);
  } catch {
    // No explanation can be given (e.g. a lottery listing closed without a revealed seed, or a
    // malformed stored input); the stored order still stands.
  }
  const direct = listing.allocationModel === "BEMIDDELING";
  const withPosition = rows
    .filter((r) => r.finalPosition !== null && !direct)
    .sort((a, b) => a.finalPosition! - b.finalPosition! || (a.id < b.id ? -1 : 1));
  return {
    ranked: withPosition.map((r) => {
      const e = ranked.get(r.id);
      return {
        position: r.finalPosition!,
        responseId: r.id,
        seekerId: r.seekerId,
        registrationYears: e?.registrationYears ?? null,
        reason: e?.reason ?? null,
        checks: e?.checks ?? [],
      };
    }),
    excluded: rows
      .filter((r) => r.finalPosition === null || direct)
      .map((r) => {
        const e = excluded.get(r.id);
        return {
          responseId: r.id,
          seekerId: r.seekerId,
          reason: direct ? ("DIRECT_MEDIATION" as const) : ("INELIGIBLE" as const),
          failed: e?.failed ?? [],
          checks: e?.checks ?? [],
        };
      }),
    frozen,
  };
}

/** Listing statuses whose order is fixed (ranked at close, positions stored). */
export const FIXED_ORDER_STATUSES: readonly string[] = ["CLOSED", "OFFERING", "LET"];

/** Whether a listing's order is fixed: it was closed and ranked. */
export function hasFixedOrder(listing: { status: string }): boolean {
  return FIXED_ORDER_STATUSES.includes(listing.status);
}
