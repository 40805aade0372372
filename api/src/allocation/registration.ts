/**
 * Registration time (inschrijfduur) and the starter/mover distinction (starter/doorstromer).
 *
 * Day-count convention ("anniversary actual/actual"): registration years on a day are the number
 * of completed registration anniversaries plus the elapsed fraction of the current anniversary
 * year, counted in days: `n + (day - A_n) / (A_(n+1) - A_n)` where `A_n` is the n-th anniversary of
 * the registration date (see `calendar.addYears`: 29 February rolls to 1 March). So a seeker has
 * exactly N.0 years on their N-th anniversary, and one day is worth 1/365 or 1/366 year depending
 * on the anniversary year. Retained years from an earlier registration are added. The result is
 * rounded to 6 decimals (about 30 seconds), far below one day (0.0027 years), so rounding never
 * merges different days but makes equal sums compare equal despite floating point.
 *
 * @module
 */
import { addYears, amsterdamDate, compareDates, dateOnly, dayNumber, type CalendarDate } from "./calendar.ts";
import { InvalidInputError } from "./errors.ts";
import type { RuleSet } from "./ruleset.ts";
import type { SeekerInput } from "./types.ts";

/** Starter (no independent rental dwelling to leave) or mover (doorstromer). */
export type StarterOrMover = "STARTER" | "MOVER";

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * Registration years on a calendar day, from calendar inputs (see module notes).
 * @throws InvalidInputError when the registration day lies after `on`, or retained years < 0
 */
export function registrationYearsOn(
  registration: CalendarDate,
  retainedYears: number,
  on: CalendarDate,
): number {
  if (compareDates(registration, on) > 0) {
    throw new InvalidInputError("seeker.registrationDate", "lies after the evaluation date");
  }
  if (!Number.isFinite(retainedYears) || retainedYears < 0) {
    throw new InvalidInputError("seeker.retainedRegistrationYears", "must be a non-negative number of years");
  }
  let n = on.year - registration.year;
  let anniversary = addYears(registration, n);
  if (compareDates(anniversary, on) > 0) {
    n -= 1;
    anniversary = addYears(registration, n);
  }
  const next = dayNumber(addYears(registration, n + 1));
  const start = dayNumber(anniversary);
  return round6(n + (dayNumber(on) - start) / (next - start) + retainedYears);
}

/**
 * Registration years (inschrijfduur) on a moment: years since the registration date by the
 * anniversary actual/actual convention, plus retained years.
 *
 * @param registrationDate - current registration date (date-only)
 * @param retainedYears - years kept from before (75% rule), >= 0
 * @param date - moment; its Europe/Amsterdam calendar day counts
 * @returns years as a decimal, rounded to 6 decimals
 * @throws InvalidInputError when the registration date lies after `date`
 */
export function registrationYears(registrationDate: Date, retainedYears: number, date: Date): number {
  return registrationYearsOn(
    dateOnly(registrationDate, "seeker.registrationDate"),
    retainedYears,
    amsterdamDate(date),
  );
}

/**
 * Registration years kept on accepting a dwelling: `retainedShareOnAcceptance` (75%) of the
 * registration years on the acceptance day, retained years included ([001] §E.3 Voorstel IV:
 * "75% van de inschrijfduur laten behouden na acceptatie van een woning", starters and movers).
 * The API then sets the registration date to the acceptance day and stores this number as the
 * retained years.
 *
 * @returns years, rounded to 6 decimals
 * @throws InvalidInputError when the registration date lies after the acceptance date
 */
export function retainedYearsOnAcceptance(
  registrationDate: Date,
  retainedYears: number,
  acceptanceDate: Date,
  ruleSet: RuleSet,
): number {
  const years = registrationYears(registrationDate, retainedYears, acceptanceDate);
  return round6(years * ruleSet.registration.retainedShareOnAcceptance);
}

/**
 * Starter or mover (starter / doorstromer): a mover leaves an independent rental dwelling behind
 * (`currentDwellingKind === 'INDEPENDENT_RENTAL'`; DOMAIN.md glossary; [001] Figuur 2 reports both
 * groups' registration years at letting). Owner-occupiers and those living with parents, in a
 * room or an institution are starters.
 */
export function seekerStatus(seeker: Pick<SeekerInput, "currentDwellingKind">): StarterOrMover {
  return seeker.currentDwellingKind === "INDEPENDENT_RENTAL" ? "MOVER" : "STARTER";
}
