/**
 * Ranking (volgorde): who gets a listing. DOMAIN.md §Ranking, [001] §E.2–E.3, [000], [003].
 *
 * Only eligible candidates are ranked. Each candidate falls into one tier; tiers come in this order
 * and each has an order inside it:
 *
 * | model | tiers, first to last | order inside every tier |
 * |---|---|---|
 * | AANBOD | URGENCY (always) and the listing's other `priorityRules`, in the rule set's order (default URGENCY, MOVER, VITAL_PROFESSION, LOCAL_BINDING), then REGISTRATION_YEARS | registration years, longest first |
 * | LOTERIJ | the listing's priority rules likewise, then LOTTERY | lottery ticket (see `lottery.ts`) |
 * | WOONGROEP | WOONGROEP_SUITABLE, then REGISTRATION_YEARS (not yet reviewed) | registration years, longest first |
 * | BEMIDDELING | none: not ranked by the public list | — |
 *
 * - URGENCY: an urgency declaration valid on the ranking day whose search profile contains the
 *   listing [001] §E.2c. It applies to every AANBOD and LOTERIJ listing whether or not the
 *   listing's `priorityRules` name it: [001] §E.2c limits the priority only by the search profile,
 *   so it is not a landlord's per-listing option (the API refuses listings that omit it). Pass the close time as `date` for the final ranking; before close, "now".
 * - MOVER: see {@link qualifiesAsMover}. LOCAL_BINDING: the seeker lives or works in the listing's
 *   municipality [003] (the 50% cap is a stock-level quota, see `monitoring.quotaAllows`).
 *   VITAL_PROFESSION: the seeker works in the municipality in a declared vital profession that
 *   the listing counts (all, when its list is empty) [003]; it precedes LOCAL_BINDING by default
 *   because [003] gives vital professions priority within the binding group (see `RuleSet`).
 * - A candidate in several groups takes the first tier that applies.
 * - WOONGROEP: the committee's UNSUITABLE verdict removes the candidate entirely, whatever their
 *   registration years; candidates not yet reviewed follow all suitable ones [000]. Urgency and
 *   priority groups do not apply: woongroep listings on the public channel recruit dragende
 *   residents "waarbij de inschrijftijd leidend is" [000]; vragende residents come by mediation.
 * - BEMIDDELING (direct mediation [001] Figuur 3 model B, [004]): the landlord or municipality
 *   matches a household directly. `rankCandidates` ranks nobody and returns every candidate in
 *   `excluded` with reason `DIRECT_MEDIATION` (eligibility checks included, for the mediator).
 * - Ties when ordered by registration years (AANBOD, WOONGROEP): earlier registration date, then
 *   earlier response time, then response id (JavaScript string order). LOTERIJ (every tier):
 *   ticket, then entry code, then response id. The ticket hashes the candidate's pseudonymous
 *   entry code (`CandidateInput.lotteryEntry`, see `lottery.ts`), never the response id, so the
 *   platform's choice of ids cannot move anyone in a draw.
 *
 * The order is a total order on each candidate's own data, so adding a candidate never moves
 * anyone ranked above them, and the result does not depend on the input order.
 *
 * @module
 */
import { ageOn, amsterdamDate, dateOnly, dayNumber, type CalendarDate } from "./calendar.ts";
import {
  checkEligibility,
  failedChecks,
  type EligibilityCheck,
  type EligibilityResult,
} from "./eligibility.ts";
import { DuplicateResponseError, InvalidInputError, LotterySeedRequiredError } from "./errors.ts";
import { compareTickets, lotteryTicketer } from "./lottery.ts";
import { registrationYearsOn } from "./registration.ts";
import { ruleSetForMunicipality, type RuleSet } from "./ruleset.ts";
import type { AllocationModel, CandidateInput, ListingInput, PriorityRule, SeekerInput } from "./types.ts";

/** Tier that decided a candidate's place. */
export type RankTier =
  | "URGENCY"
  | "MOVER"
  | "LOCAL_BINDING"
  | "VITAL_PROFESSION"
  | "REGISTRATION_YEARS"
  | "LOTTERY"
  | "WOONGROEP_SUITABLE";

/** Parameters per rank-reason code (for explanations, see `messages.ts`). */
export interface RankReasonParamsByCode {
  URGENCY_PROFILE_MATCH: { category: string };
  MOVER_LARGE_TO_SMALL: { leftRooms: number; rooms: number; adapted: boolean };
  LOCAL_BINDING: { via: "RESIDENCE" | "WORK" };
  VITAL_PROFESSION: { profession: string };
  REGISTRATION_YEARS: Record<string, never>;
  LOTTERY_DRAW: Record<string, never>;
  WOONGROEP_SUITABLE: Record<string, never>;
  WOONGROEP_AWAITING_REVIEW: Record<string, never>;
}

/** Explanation codes of rank reasons. */
export type RankReasonCode = keyof RankReasonParamsByCode;

/**
 * Why a candidate stands where they stand: the `tier`, and inside it the ordering key `value` —
 * registration years (a number, years) when `orderedBy` is `REGISTRATION_YEARS`, or the lottery
 * ticket (64 hex characters) when `orderedBy` is `LOTTERY`; `null` while a lottery seed is still
 * secret. `code` and `params` explain the tier.
 */
export type RankReason = {
  [C in RankReasonCode]: {
    tier: RankTier;
    orderedBy: "REGISTRATION_YEARS" | "LOTTERY";
    value: number | string | null;
    code: C;
    params: RankReasonParamsByCode[C];
  };
}[RankReasonCode];

/** A ranked candidate. `position` is 1-based. */
export interface RankedCandidate {
  position: number;
  responseId: string;
  seekerId: string;
  /** Registration years on the ranking date (years, 6 decimals). */
  registrationYears: number;
  reason: RankReason;
  /** All eligibility checks, passed ones included. */
  checks: EligibilityCheck[];
}

/** A candidate left out of the ranking, with why. */
export interface ExcludedCandidate {
  responseId: string;
  seekerId: string;
  /**
   * `INELIGIBLE`: at least one eligibility check failed (a woongroep UNSUITABLE verdict is such a
   * check, code `WOONGROEP_UNSUITABLE`); `DIRECT_MEDIATION`: the listing is not ranked at all.
   */
  reason: "INELIGIBLE" | "DIRECT_MEDIATION";
  /** The failing eligibility checks; non-empty when `reason` is `INELIGIBLE`. */
  failed: EligibilityCheck[];
  /** All checks. */
  checks: EligibilityCheck[];
}

/** Result of {@link rankCandidates}. */
export interface RankingResult {
  listingId: string;
  model: AllocationModel;
  /** Eligible candidates, best first. Empty for BEMIDDELING. */
  ranked: RankedCandidate[];
  /** Ineligible or not-ranked candidates, in input order. */
  excluded: ExcludedCandidate[];
}

/**
 * A candidate with everything the order needs (internal to ranking and position; exported for
 * `position.ts`). `ticket` is `null` while the lottery seed is unknown.
 */
export interface ClassifiedCandidate extends RankKey {
  candidate: CandidateInput;
  eligibility: EligibilityResult;
  reason: RankReason;
}

/**
 * Everything the order compares for one response (rangschikkingssleutel), without the eligibility
 * details or the explanation: a few numbers and strings per response, so that a listing's keys can
 * be kept between requests and a seeker's position counted against them ({@link compareRankKeys};
 * `position.ts` `positionAmongKeys`). The single source of the order: {@link compareClassified} is
 * this comparison.
 */
export interface RankKey {
  responseId: string;
  seekerId: string;
  /** Passed every eligibility check (only eligible responses are ranked). */
  eligible: boolean;
  /** Index of the candidate's tier in {@link tiersFor} (0 first). */
  tierIndex: number;
  /** The listing is a lottery (LOTERIJ): within a tier the ticket decides, not registration time. */
  lottery: boolean;
  /** Lottery ticket (hex), `null` while the seed is unknown or for a non-lottery listing. */
  ticket: string | null;
  /** Lottery entry code fixed at close (LOTTERY.md), the ticket's tie-break; null before. */
  lotteryEntry: string | null;
  /** Registration years on the ranking day (years, see registration.ts). */
  registrationYears: number;
  /** Registration date as a day number (earlier first on equal years). */
  registrationDay: number;
  /** Response time in milliseconds since the epoch (earlier first on equal registration). */
  respondedAtMs: number;
}

/** The compact {@link RankKey} of a classified candidate (drops eligibility details and reason). */
export function rankKeyOf(c: RankKey): RankKey {
  return {
    responseId: c.responseId,
    seekerId: c.seekerId,
    eligible: c.eligible,
    tierIndex: c.tierIndex,
    lottery: c.lottery,
    ticket: c.ticket,
    lotteryEntry: c.lotteryEntry,
    registrationYears: c.registrationYears,
    registrationDay: c.registrationDay,
    respondedAtMs: c.respondedAtMs,
  };
}

/**
 * The tiers of a listing, first to last (see the module table). For AANBOD and LOTERIJ the URGENCY
 * tier is always present ([001] §E.2c: urgency with a matching search profile has priority on the
 * regular offer); the other priority rules only when the listing names them.
 */
export function tiersFor(
  listing: Pick<ListingInput, "allocationModel" | "priorityRules">,
  ruleSet: RuleSet,
): RankTier[] {
  switch (listing.allocationModel) {
    case "WOONGROEP":
      return ["WOONGROEP_SUITABLE", "REGISTRATION_YEARS"];
    case "BEMIDDELING":
      return [];
    case "AANBOD":
    case "LOTERIJ": {
      const rules = ruleSet.priority.order.filter(
        (g) => g === "URGENCY" || listing.priorityRules.includes(g),
      );
      return [...rules, listing.allocationModel === "LOTERIJ" ? "LOTTERY" : "REGISTRATION_YEARS"];
    }
  }
}

/**
 * Adapted dwelling (aangepaste woning) for the mover rule: an accessible (WALKER/WHEELCHAIR)
 * dwelling or a senior dwelling (seniorenwoning).
 */
export function isAdaptedDwelling(listing: Pick<ListingInput, "accessibility" | "dwellingType">): boolean {
  return listing.accessibility !== "NONE" || listing.dwellingType === "SENIOR_DWELLING";
}

/**
 * Whether a seeker qualifies for the mover priority on a listing (doorstroomregeling van groot
 * naar beter, [001] §E.2a Voorstel I): leaving an independent rental dwelling of at least
 * `leaveMinRooms` (4) rooms for one of at most `takeMaxRooms` (3) rooms, or (when
 * `orAdaptedDwelling`) for an adapted dwelling ({@link isAdaptedDwelling}); no age limit unless
 * the rule set sets `minAge`.
 */
export function qualifiesAsMover(
  seeker: SeekerInput,
  listing: ListingInput,
  ruleSet: RuleSet,
  today: CalendarDate,
): boolean {
  const rule = ruleSetForMunicipality(ruleSet, listing.municipalityCode).priority.mover;
  if (seeker.currentDwellingKind !== "INDEPENDENT_RENTAL" || seeker.currentDwellingRooms === null)
    return false;
  if (seeker.currentDwellingRooms < rule.leaveMinRooms) return false;
  if (rule.minAge !== null && ageOn(dateOnly(seeker.birthDate), today) < rule.minAge) return false;
  return listing.rooms <= rule.takeMaxRooms || (rule.orAdaptedDwelling && isAdaptedDwelling(listing));
}

/**
 * Local binding [003] "Eigen woningzoekenden eerst? ... eventueel op kernniveau": the seeker lives
 * (`RESIDENCE`) or works (`WORK`) in the listing's municipality, else `null`. When the listing
 * names `bindingCores` ([001] 2b kleine kernenbinding) the seeker's kern of residence or work must
 * be one of them as well (kern names compared case-insensitively); a seeker without a stated kern
 * then has no binding.
 */
export function bindingVia(
  seeker: SeekerInput,
  listing: Pick<ListingInput, "municipalityId" | "bindingCores">,
): "RESIDENCE" | "WORK" | null {
  const cores = listing.bindingCores.map((c) => c.trim().toLowerCase());
  const inCore = (core: string | null) =>
    cores.length === 0 || (core !== null && cores.includes(core.trim().toLowerCase()));
  if (seeker.municipalityId === listing.municipalityId && inCore(seeker.core)) return "RESIDENCE";
  if (seeker.workMunicipalityId === listing.municipalityId && inCore(seeker.workCore)) return "WORK";
  return null;
}

/**
 * The professions that count as vital on a listing [003]: the listing's own list, or when empty the
 * list of the rule set for the listing's municipality (`priority.vitalProfessions`, set per
 * municipality in `municipalOverrides`). Empty = nobody gets the vital-profession priority.
 */
export function vitalProfessionsFor(
  listing: Pick<ListingInput, "vitalProfessions" | "municipalityCode">,
  ruleSet: RuleSet,
): readonly string[] {
  if (listing.vitalProfessions.length > 0) return listing.vitalProfessions;
  return ruleSetForMunicipality(ruleSet, listing.municipalityCode).priority.vitalProfessions;
}

/**
 * Vital profession [003] "voorrang voor mensen die een vitaal beroep uitoefenen in de gemeente":
 * the seeker's accepted profession (`SeekerInput.vitalProfession`, proven to staff) is on the
 * listing's list ({@link vitalProfessionsFor}; case-insensitive) and they work in the listing's
 * municipality. An empty list gives nobody this priority.
 */
export function hasVitalProfession(seeker: SeekerInput, listing: ListingInput, ruleSet: RuleSet): boolean {
  if (seeker.vitalProfession === null || seeker.workMunicipalityId !== listing.municipalityId) return false;
  const own = seeker.vitalProfession.trim().toLowerCase();
  return vitalProfessionsFor(listing, ruleSet).some((p) => p.trim().toLowerCase() === own);
}

function ruleApplies(
  rule: PriorityRule,
  c: CandidateInput,
  e: EligibilityResult,
  listing: ListingInput,
  ruleSet: RuleSet,
  today: CalendarDate,
): boolean {
  switch (rule) {
    case "URGENCY":
      return e.urgencyPriority;
    case "MOVER":
      return qualifiesAsMover(c.seeker, listing, ruleSet, today);
    case "LOCAL_BINDING":
      return bindingVia(c.seeker, listing) !== null;
    case "VITAL_PROFESSION":
      return hasVitalProfession(c.seeker, listing, ruleSet);
  }
}

function reasonFor(
  tier: RankTier,
  orderedBy: "REGISTRATION_YEARS" | "LOTTERY",
  value: number | string | null,
  candidate: CandidateInput,
  listing: ListingInput,
): RankReason {
  const seeker = candidate.seeker;
  switch (tier) {
    case "URGENCY":
      return {
        tier,
        orderedBy,
        value,
        code: "URGENCY_PROFILE_MATCH",
        params: { category: seeker.urgency?.category ?? "" },
      };
    case "MOVER":
      return {
        tier,
        orderedBy,
        value,
        code: "MOVER_LARGE_TO_SMALL",
        params: {
          leftRooms: seeker.currentDwellingRooms ?? 0,
          rooms: listing.rooms,
          adapted: isAdaptedDwelling(listing),
        },
      };
    case "LOCAL_BINDING":
      return {
        tier,
        orderedBy,
        value,
        code: "LOCAL_BINDING",
        params: { via: bindingVia(seeker, listing) ?? "RESIDENCE" },
      };
    case "VITAL_PROFESSION":
      return {
        tier,
        orderedBy,
        value,
        code: "VITAL_PROFESSION",
        params: { profession: seeker.vitalProfession ?? "" },
      };
    case "LOTTERY":
      return { tier, orderedBy, value, code: "LOTTERY_DRAW", params: {} };
    case "WOONGROEP_SUITABLE":
      return { tier, orderedBy, value, code: "WOONGROEP_SUITABLE", params: {} };
    case "REGISTRATION_YEARS":
      return listing.allocationModel === "WOONGROEP"
        ? { tier, orderedBy, value, code: "WOONGROEP_AWAITING_REVIEW", params: {} }
        : { tier, orderedBy, value, code: "REGISTRATION_YEARS", params: {} };
  }
}

/**
 * Evaluates eligibility and the ordering key of every candidate (no sorting).
 *
 * @param options.allowPendingLottery - for LOTERIJ without a revealed seed: classify with
 *   `ticket: null` instead of throwing (used for position ranges before close)
 * @throws DuplicateResponseError when a response id, seeker id or lottery entry code repeats
 * @throws LotterySeedRequiredError for LOTERIJ without seed, unless `allowPendingLottery`
 * @throws InvalidInputError on malformed candidates (see `checkEligibility`), or an eligible
 *   candidate of a LOTERIJ listing with a revealed seed without `lotteryEntry`
 */
export function classifyCandidates(
  listing: ListingInput,
  candidates: readonly CandidateInput[],
  ruleSet: RuleSet,
  date: Date,
  options: { allowPendingLottery?: boolean } = {},
): ClassifiedCandidate[] {
  ruleSet = ruleSetForMunicipality(ruleSet, listing.municipalityCode);
  const responseIds = new Set<string>();
  const seekerIds = new Set<string>();
  const entries = new Set<string>();
  for (const c of candidates) {
    if (responseIds.has(c.responseId)) throw new DuplicateResponseError("response", c.responseId);
    if (seekerIds.has(c.seeker.id)) throw new DuplicateResponseError("seeker", c.seeker.id);
    responseIds.add(c.responseId);
    seekerIds.add(c.seeker.id);
    if (listing.allocationModel === "LOTERIJ" && c.lotteryEntry) {
      if (entries.has(c.lotteryEntry)) throw new DuplicateResponseError("lottery entry", c.lotteryEntry);
      entries.add(c.lotteryEntry);
    }
  }
  const today = amsterdamDate(date);
  const tiers = tiersFor(listing, ruleSet);
  const lottery = listing.allocationModel === "LOTERIJ";
  const seed = listing.lotterySeed ?? null;
  if (lottery && seed === null && !options.allowPendingLottery)
    throw new LotterySeedRequiredError(listing.id);
  // Tickets only for eligible candidates: the others take no part in the draw.
  const ticketOf = lottery && seed !== null ? lotteryTicketer(seed) : null;
  const orderedBy = lottery ? "LOTTERY" : "REGISTRATION_YEARS";

  const out: ClassifiedCandidate[] = [];
  for (const candidate of candidates) {
    const seeker = candidate.seeker;
    const eligibility = checkEligibility(seeker, listing, ruleSet, date, candidate);
    const registration = dateOnly(seeker.registrationDate, "seeker.registrationDate");
    const years = registrationYearsOn(registration, seeker.retainedRegistrationYears, today);
    let ticket: string | null = null;
    if (ticketOf && eligibility.eligible) {
      const entry = candidate.lotteryEntry;
      if (typeof entry !== "string" || entry.length === 0)
        throw new InvalidInputError(
          `candidates[${candidate.responseId}].lotteryEntry`,
          "an eligible candidate of a drawn lottery needs its entry code",
        );
      ticket = ticketOf(entry);
    }

    let tierIndex = tiers.length - 1;
    if (listing.allocationModel === "WOONGROEP") {
      tierIndex = candidate.committeeVerdict === "SUITABLE" ? 0 : 1;
    } else {
      for (let i = 0; i < tiers.length - 1; i++) {
        if (ruleApplies(tiers[i] as PriorityRule, candidate, eligibility, listing, ruleSet, today)) {
          tierIndex = i;
          break;
        }
      }
    }
    const tier = tiers[tierIndex] ?? "REGISTRATION_YEARS";
    out.push({
      candidate,
      eligibility,
      reason: reasonFor(tier, orderedBy, lottery ? ticket : years, candidate, listing),
      responseId: candidate.responseId,
      seekerId: seeker.id,
      eligible: eligibility.eligible,
      tierIndex,
      lottery,
      ticket,
      lotteryEntry: candidate.lotteryEntry ?? null,
      registrationYears: years,
      registrationDay: dayNumber(registration),
      respondedAtMs: candidate.respondedAt.getTime(),
    });
  }
  return out;
}

/**
 * Total order of two rank keys (negative: `a` ranks first): tier, then for a lottery the ticket
 * (entry code, then response id on equal tickets), otherwise more registration years, earlier
 * registration date, earlier response, response id. Lottery keys with a `null` ticket compare equal
 * to each other inside a tier except for the id; use only with known tickets when an exact order is
 * needed.
 */
export function compareRankKeys(a: RankKey, b: RankKey): number {
  if (a.tierIndex !== b.tierIndex) return a.tierIndex - b.tierIndex;
  if (a.lottery) {
    const byTicket = compareTickets(
      a.ticket ?? "",
      a.lotteryEntry ?? "",
      b.ticket ?? "",
      b.lotteryEntry ?? "",
    );
    if (byTicket !== 0) return byTicket;
    const ia = a.responseId;
    const ib = b.responseId;
    return ia === ib ? 0 : ia < ib ? -1 : 1;
  }
  if (a.registrationYears !== b.registrationYears) return b.registrationYears - a.registrationYears;
  if (a.registrationDay !== b.registrationDay) return a.registrationDay - b.registrationDay;
  if (a.respondedAtMs !== b.respondedAtMs) return a.respondedAtMs - b.respondedAtMs;
  const ia = a.responseId;
  const ib = b.responseId;
  return ia === ib ? 0 : ia < ib ? -1 : 1;
}

/** Total order of two classified candidates: {@link compareRankKeys}. */
export function compareClassified(a: ClassifiedCandidate, b: ClassifiedCandidate): number {
  return compareRankKeys(a, b);
}

/**
 * Ranks the candidates of a listing (see the module notes for the full order).
 *
 * @param listing - the listing; for LOTERIJ its `lotterySeed` must be revealed
 * @param candidates - responses with their seekers (each response and seeker once)
 * @param ruleSet - rules in force on `date`
 * @param date - ranking moment: the close time for the final ranking; urgency validity and
 *   registration years are taken on its Europe/Amsterdam calendar day
 * @returns eligible candidates ranked best first with the deciding reason, and the excluded
 *   ones with their failing checks; for BEMIDDELING nobody is ranked (reason `DIRECT_MEDIATION`)
 * @throws LotterySeedRequiredError for LOTERIJ without a revealed seed
 * @throws DuplicateResponseError when a response id or seeker id repeats
 * @throws InvalidInputError on malformed input
 */
export function rankCandidates(
  listing: ListingInput,
  candidates: readonly CandidateInput[],
  ruleSet: RuleSet,
  date: Date,
): RankingResult {
  const classified = classifyCandidates(listing, candidates, ruleSet, date);
  const excluded: ExcludedCandidate[] = [];
  const eligible: ClassifiedCandidate[] = [];
  for (const c of classified) {
    const base = {
      responseId: c.candidate.responseId,
      seekerId: c.candidate.seeker.id,
      checks: c.eligibility.checks,
    };
    if (listing.allocationModel === "BEMIDDELING") {
      excluded.push({ ...base, reason: "DIRECT_MEDIATION", failed: failedChecks(c.eligibility) });
    } else if (!c.eligibility.eligible) {
      excluded.push({ ...base, reason: "INELIGIBLE", failed: failedChecks(c.eligibility) });
    } else {
      eligible.push(c);
    }
  }
  eligible.sort(compareClassified);
  const ranked = eligible.map((c, i): RankedCandidate => ({
    position: i + 1,
    responseId: c.candidate.responseId,
    seekerId: c.candidate.seeker.id,
    registrationYears: c.registrationYears,
    reason: c.reason,
    checks: c.eligibility.checks,
  }));
  return { listingId: listing.id, model: listing.allocationModel, ranked, excluded };
}
