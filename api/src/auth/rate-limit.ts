/**
 * Login rate limiting: an in-memory sliding window per (email, client IP).
 *
 * - At most {@link LOGIN_MAX_FAILURES} failed sign-ins per email+IP within
 *   {@link LOGIN_WINDOW_MS} (10 per 15 minutes); a further attempt is refused with
 *   `RateLimitedError` (retry after the oldest failure leaves the window) before the password is
 *   even checked. A successful sign-in clears that key's failures.
 * - Additionally at most {@link LOGIN_MAX_PER_IP} attempts per IP within the window, against one IP
 *   trying many emails (credential stuffing).
 * - In-memory means per API process and reset on restart: good enough for one instance. Several
 *   instances behind a load balancer need a shared store (e.g. PostgreSQL or Redis) — same
 *   interface.
 * - `passwordResetRequest`: at most 5 per email+IP and 10 per email from any IP (no mail
 *   bombing of one address from many IPs) within the window.
 * - `passwordReset`: at most {@link RESET_ATTEMPTS_PER_IP} attempts per IP and
 *   {@link RESET_ATTEMPTS_PER_TOKEN} per token within the window, counted before the token is
 *   looked up or a password hashed (argon2id costs ~19 MiB and tens of milliseconds per call).
 * - `seekerRegister`: at most {@link REGISTRATIONS_PER_IP} registrations per IP within the window
 *   (each one hashes a password and may send a mail).
 * - `viewerDelete` confirms with the password: at most 10 wrong passwords per account within the
 *   window, so a stolen session cannot be used to brute-force the password.
 */

/**
 * A positive whole number from the environment variable `name`, or `fallback` when it is unset or
 * empty. Anything else (0, negative, not a number) is a configuration mistake and stops the start
 * with a message naming the variable.
 */
export function limitFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number of at least 1 (it is "${raw}")`);
  return value;
}

/** Failed sign-ins allowed per email+IP within the window. */
export const LOGIN_MAX_FAILURES = 10;
/**
 * Sign-in attempts allowed per IP (any email) within the window: 100, or `RATE_LIMIT_SIGN_INS_PER_IP`
 * (e.g. higher for a municipal desk where many people share one address).
 */
export const LOGIN_MAX_PER_IP = limitFromEnv("RATE_LIMIT_SIGN_INS_PER_IP", 100);
/** Sliding window length: 15 minutes. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export class SlidingWindowLimiter {
  private hits = new Map<string, number[]>();
  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.hits.set(key, list);
    else this.hits.delete(key);
    return list;
  }

  /** Seconds until another hit is allowed; 0 when allowed now. */
  retryAfter(key: string, now = Date.now()): number {
    const list = this.recent(key, now);
    if (list.length < this.max) return 0;
    return Math.max(1, Math.ceil((list[0]! + this.windowMs - now) / 1000));
  }

  hit(key: string, now = Date.now()): void {
    const list = this.recent(key, now);
    list.push(now);
    this.hits.set(key, list);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  clear(): void {
    this.hits.clear();
  }
}

/** Failed sign-ins per `email|ip`. */
export const loginFailures = new SlidingWindowLimiter(LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS);
/** Sign-in attempts per ip. */
export const loginAttemptsPerIp = new SlidingWindowLimiter(LOGIN_MAX_PER_IP, LOGIN_WINDOW_MS);
/** Password reset requests per `email|ip` (5 per 15 minutes). */
export const resetRequests = new SlidingWindowLimiter(5, LOGIN_WINDOW_MS);
/** Password reset requests per email from any IP (10 per 15 minutes). */
export const resetRequestsPerEmail = new SlidingWindowLimiter(10, LOGIN_WINDOW_MS);
/** Wrong confirmation passwords (viewerDelete) per user id (10 per 15 minutes). */
export const passwordConfirmFailures = new SlidingWindowLimiter(LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS);

/** `passwordReset` attempts allowed per IP within the window. */
export const RESET_ATTEMPTS_PER_IP = 20;
/** `passwordReset` attempts allowed per token (its SHA-256) within the window. */
export const RESET_ATTEMPTS_PER_TOKEN = 5;
/**
 * `seekerRegister` calls allowed per IP within the window: 10, or `RATE_LIMIT_REGISTRATIONS_PER_IP`
 * (e.g. higher at a desk where staff register households from one address).
 */
export const REGISTRATIONS_PER_IP = limitFromEnv("RATE_LIMIT_REGISTRATIONS_PER_IP", 10);

/** `passwordReset` attempts per ip. */
export const resetAttemptsPerIp = new SlidingWindowLimiter(RESET_ATTEMPTS_PER_IP, LOGIN_WINDOW_MS);
/** `passwordReset` attempts per token hash. */
export const resetAttemptsPerToken = new SlidingWindowLimiter(RESET_ATTEMPTS_PER_TOKEN, LOGIN_WINDOW_MS);
/** `seekerRegister` calls per ip. */
export const registrationsPerIp = new SlidingWindowLimiter(REGISTRATIONS_PER_IP, LOGIN_WINDOW_MS);
