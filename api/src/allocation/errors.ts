/**
 * Typed errors of the allocation core.
 *
 * Every error carries a stable machine-readable `code` so the API can map it onto a GraphQL
 * business error without parsing messages. Messages are English and meant for logs and
 * developers; seekers see texts rendered from eligibility checks (see `messages.ts`), never these.
 *
 * @module
 */

/** Codes of all errors thrown by the allocation core. */
export type AllocationErrorCode =
  | "RULE_SET_INVALID"
  | "NO_RULE_SET_IN_FORCE"
  | "INVALID_INPUT"
  | "LOTTERY_SEED_INVALID"
  | "LOTTERY_SEED_REQUIRED"
  | "DUPLICATE_RESPONSE";

/**
 * Base class of every error the allocation core throws on purpose.
 * `code` is stable; `message` may change wording.
 */
export class AllocationError extends Error {
  /** Stable machine-readable code. */
  readonly code: AllocationErrorCode;

  constructor(code: AllocationErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One problem found while validating a rule set: `path` is the dotted field path. */
export interface RuleSetIssue {
  /** Dotted path of the offending field, e.g. `incomeLimits.daeb`. */
  path: string;
  /** What is wrong, e.g. `must be positive`. */
  message: string;
}

/**
 * A rule set (regelset) failed validation. The message lists every issue as
 * `path: message`, separated by `; `, e.g. `incomeLimits.daeb: must be positive`.
 */
export class RuleSetValidationError extends AllocationError {
  /** All issues found, in schema order. */
  readonly issues: readonly RuleSetIssue[];

  constructor(issues: readonly RuleSetIssue[]) {
    super("RULE_SET_INVALID", issues.map((i) => `${i.path}: ${i.message}`).join("; "));
    this.issues = issues;
  }
}

/**
 * No version of the rule set (regelset / huisvestingsverordening) is in force on the requested
 * date: every version starts later, or ended earlier.
 */
export class NoRuleSetInForceError extends AllocationError {
  /** The calendar date asked for, `YYYY-MM-DD` (Europe/Amsterdam). */
  readonly date: string;

  constructor(date: string, detail: string) {
    super("NO_RULE_SET_IN_FORCE", `no rule set in force on ${date}: ${detail}`);
    this.date = date;
  }
}

/**
 * An input (seeker, listing, candidate, letting) violates a precondition, e.g. a household of
 * zero persons or a negative rent. `path` names the field, e.g. `seeker.householdSize`.
 */
export class InvalidInputError extends AllocationError {
  /** Dotted path of the offending field. */
  readonly path: string;

  constructor(path: string, message: string) {
    super("INVALID_INPUT", `${path}: ${message}`);
    this.path = path;
  }
}

/** A lottery seed is not 32 bytes written as 64 hexadecimal characters. */
export class LotterySeedError extends AllocationError {
  constructor(message: string) {
    super("LOTTERY_SEED_INVALID", message);
  }
}

/**
 * A lottery (loting) listing was asked for its final order but its seed has not been revealed.
 * Before close only the commitment is public; positions are then a range (see `position.ts`).
 */
export class LotterySeedRequiredError extends AllocationError {
  /** The listing concerned. */
  readonly listingId: string;

  constructor(listingId: string) {
    super("LOTTERY_SEED_REQUIRED", `listing ${listingId}: lottery order needs the revealed seed`);
    this.listingId = listingId;
  }
}

/** The same response id, or the same seeker, appears twice among the candidates of one listing. */
export class DuplicateResponseError extends AllocationError {
  /** The duplicated response id, seeker id or lottery entry code. */
  readonly id: string;

  constructor(kind: "response" | "seeker" | "lottery entry", id: string) {
    super("DUPLICATE_RESPONSE", `duplicate ${kind} id ${id}`);
    this.id = id;
  }
}
