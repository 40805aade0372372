/**
 * Business errors: ONE pattern for the whole API.
 *
 * Every mutation returns a union `<Mutation>Result` = `<Mutation>Success | <the errors it can
 * raise>`; each error type implements the `Error` interface (`message`, `code`). Clients select
 * `... on Error { message code }` and add fragments for the details they use
 * (`... on ValidationError { issues { field message } }`).
 *
 * The classes extend GraphQLError, so an error thrown where no union catches it (a query field)
 * still reaches the client unmasked with `extensions.code`; any other exception is masked as
 * "Unexpected error." by yoga.
 */
import { GraphQLError } from "graphql";
import type { EligibilityCheck } from "../allocation/index.ts";

/** Base of all business errors. `code` is stable; `message` is English and may change. */
export class AppError extends GraphQLError {
  readonly code: string;
  /** Marker checked by the server's error masking (robust across duplicate graphql module copies). */
  readonly isBusinessError = true;
  constructor(code: string, message: string) {
    super(message, { extensions: { code } });
    this.code = code;
  }
}

/** Whether an error (or one it wraps) is a business error that may reach the client unmasked. */
export function isBusinessError(e: unknown): boolean {
  for (
    let x = e as { isBusinessError?: boolean; originalError?: unknown } | undefined, i = 0;
    x && i < 5;
    x = x.originalError as typeof x, i++
  ) {
    if (x.isBusinessError === true) return true;
  }
  return false;
}

export interface FieldIssue {
  /** Input path, e.g. ["input", "household", 0, "birthDate"]. */
  path: (string | number)[];
  message: string;
}

/** Input failed validation; one issue per offending field. */
export class ValidationError extends AppError {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[], message?: string) {
    super(
      "VALIDATION_FAILED",
      message ?? `Invalid input: ${issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
    this.issues = issues;
  }
  static field(path: string, message: string): ValidationError {
    return new ValidationError([{ path: path.split("."), message }]);
  }
}

/** The caller may not do this (not signed in, wrong role, other organisation, token scope missing). */
export class NotAuthorizedError extends AppError {
  constructor(message = "Not authorized") {
    super("NOT_AUTHORIZED", message);
  }
}

/** The referenced object does not exist or is not visible to the caller. */
export class NotFoundError extends AppError {
  readonly entity: string;
  constructor(entity: string, message?: string) {
    super("NOT_FOUND", message ?? `${entity} not found`);
    this.entity = entity;
  }
}

/** The seeker does not meet the listing's criteria; `checks` are the failing ones. */
export class NotEligibleError extends AppError {
  readonly checks: EligibilityCheck[];
  constructor(checks: EligibilityCheck[]) {
    super("NOT_ELIGIBLE", `Not eligible: ${checks.map((c) => c.code).join(", ")}`);
    this.checks = checks;
  }
}

/** The listing's response window (reactietermijn) is not open. */
export class WindowClosedError extends AppError {
  readonly closesAt: Date | null;
  constructor(closesAt: Date | null, message = "The response window of this listing is closed") {
    super("WINDOW_CLOSED", message);
    this.closesAt = closesAt;
  }
}

/** The seeker already has a response on this listing. */
export class AlreadyRespondedError extends AppError {
  readonly responseId: string;
  constructor(responseId: string) {
    super("ALREADY_RESPONDED", "You have already responded to this listing");
    this.responseId = responseId;
  }
}

/** The object is not in a state that allows this action (e.g. publishing a closed listing). */
export class InvalidStateError extends AppError {
  readonly currentState: string;
  constructor(currentState: string, message: string) {
    super("INVALID_STATE", message);
    this.currentState = currentState;
  }
}

/**
 * Publishing would take a year's share of listings using a cap past it: the lottery cap (at most
 * 20% of the offer [001] §E.3) or the binding cap (at most 50% of the designated stock [003]).
 * Shares are fractions 0..1; see `monitoring.ts` (`lotteryQuota`, `bindingQuota`) for what counts.
 */
export class QuotaExceededError extends AppError {
  /** `LOTTERY` or `LOCAL_BINDING`. */
  readonly cap: "LOTTERY" | "LOCAL_BINDING";
  /** The cap, a fraction (0.2 = 20%). */
  readonly maxShare: number;
  /** Share before this listing, a fraction. */
  readonly currentShare: number;
  /** Share this listing would make, a fraction. */
  readonly shareAfter: number;
  /** Listings of the period already using the quota. */
  readonly used: number;
  /** Listings of the period counted (before this one). */
  readonly total: number;
  /** Calendar year (Europe/Amsterdam) of publication counted in. */
  readonly year: number;
  /** Municipality id for the binding cap (counted per municipality), else `null`. */
  readonly municipalityId: string | null;
  constructor(q: {
    cap: "LOTTERY" | "LOCAL_BINDING";
    maxShare: number;
    currentShare: number;
    shareAfter: number;
    used: number;
    total: number;
    year: number;
    municipalityId: string | null;
  }) {
    const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
    super(
      "QUOTA_EXCEEDED",
      q.cap === "LOTTERY"
        ? `At most ${pct(q.maxShare)} of the listings published in ${q.year} may be allocated by lottery; ${q.used} of ${q.total} (${pct(q.currentShare)}) are, and this one would make ${pct(q.shareAfter)}`
        : `At most ${pct(q.maxShare)} of the designated listings published in ${q.year} in this municipality may give local binding priority; ${q.used} of ${q.total} (${pct(q.currentShare)}) do, and this one would make ${pct(q.shareAfter)}`,
    );
    this.cap = q.cap;
    this.maxShare = q.maxShare;
    this.currentShare = q.currentShare;
    this.shareAfter = q.shareAfter;
    this.used = q.used;
    this.total = q.total;
    this.year = q.year;
    this.municipalityId = q.municipalityId;
  }
}

/**
 * One more response would pass a response limit of the rule set in force (reactielimiet,
 * allocation core `responseLimitCheck`): too many open responses at once, or too many in 7 days.
 */
export class ResponseLimitReachedError extends AppError {
  /** `ACTIVE` (open responses at once) or `WEEK` (responses in the last 7 days). */
  readonly limit: "ACTIVE" | "WEEK";
  /** The limit. */
  readonly max: number;
  /** The seeker's responses counted against it now. */
  readonly current: number;
  constructor(limit: "ACTIVE" | "WEEK", max: number, current: number) {
    super(
      "RESPONSE_LIMIT_REACHED",
      limit === "ACTIVE"
        ? `You may have at most ${max} open responses at once; you have ${current}. Withdraw one to respond here.`
        : `You may respond at most ${max} times in 7 days; you responded ${current} times. Try again later.`,
    );
    this.limit = limit;
    this.max = max;
    this.current = current;
  }
}

/** Email and password do not match an account (deliberately vague). */
export class InvalidCredentialsError extends AppError {
  constructor(message = "Email address or password is incorrect") {
    super("INVALID_CREDENTIALS", message);
  }
}

/** Too many attempts; try again after `retryAfterSeconds`. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super("RATE_LIMITED", `Too many attempts; try again in ${retryAfterSeconds} seconds`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** An account with this email address exists already. */
export class EmailTakenError extends AppError {
  constructor() {
    super("EMAIL_TAKEN", "An account with this email address already exists");
  }
}

/** The password reset token is unknown, used or expired. */
export class InvalidTokenError extends AppError {
  constructor(message = "This link is invalid or has expired") {
    super("INVALID_TOKEN", message);
  }
}

/** Parse `value` with a zod schema, throwing ValidationError with per-field issues. */
export function parseInput<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
  prefix: (string | number)[] = ["input"],
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new ValidationError(
    r.error.issues.map((i) => ({
      path: [...prefix, ...i.path.map((p) => (typeof p === "number" ? p : String(p)))],
      message: i.message,
    })),
  );
}
