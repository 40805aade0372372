/**
 * Rate limits, shared by every API process through PostgreSQL: rate-limiter-flexible's
 * `RateLimiterPostgres` on the Prisma client's own `pg` pool (`poolOf`), one row per limiter and
 * key in the table `"RateLimit"` (created by a migration, so `tableCreated: true`). Two API
 * processes on one database therefore allow 10 failed sign-ins together, not 10 each. The limited
 * key (an e-mail address, an IP) is stored only as its SHA-256, prefixed with the limiter's name.
 *
 * Windows are fixed from a key's first counted attempt ({@link LOGIN_WINDOW_MS}, 15 minutes): the
 * count starts again when the window has passed; `RateLimitedError.retryAfterSeconds` is the time
 * left in it. Counting is atomic ({@link SharedLimiter.take}: one `INSERT … ON CONFLICT` per key),
 * so concurrent attempts on several processes cannot all pass a check that one of them fills up.
 * Rows expired an hour ago are deleted every 5 minutes by the library's timer.
 *
 * - At most {@link LOGIN_MAX_FAILURES} failed sign-ins per email+IP within the window (10 per
 *   15 minutes); a further attempt is refused with `RateLimitedError` before the password is even
 *   checked. A successful sign-in clears that key's failures.
 * - Additionally at most {@link LOGIN_MAX_PER_IP} attempts per IP within the window, against one IP
 *   trying many emails (credential stuffing).
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
import { createHash } from "node:crypto";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { poolOf } from "@woonbeurt/db";
import { db } from "../db.ts";

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
/** Window length: 15 minutes (fixed from a key's first counted attempt). */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** The table of the counters (migration 20261203100000_rate_limit). */
export const RATE_LIMIT_TABLE = "RateLimit";

/** Pools whose expired rows one limiter already clears (the library's 5-minute timer). */
const swept = new WeakSet<pg.Pool>();

/**
 * At most `max` counted attempts per key within `windowMs`, counted in PostgreSQL so that every
 * API process on the database shares them. The store binds lazily to the installed database
 * (`db()`), so a limiter can be a module constant.
 */
export class SharedLimiter {
  private store: { pool: pg.Pool; limiter: RateLimiterPostgres } | null = null;

  /**
   * @param name - unique prefix of this limiter's rows (e.g. `login-failures`)
   * @param max - attempts allowed per key within the window
   * @param windowMs - window length, milliseconds (whole seconds)
   */
  constructor(
    readonly name: string,
    readonly max: number,
    readonly windowMs: number,
  ) {}

  private limiter(): RateLimiterPostgres {
    const pool = poolOf(db());
    if (this.store?.pool !== pool) {
      const limiter = new RateLimiterPostgres({
        storeClient: pool,
        storeType: "pool",
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        keyPrefix: this.name,
        points: this.max,
        duration: Math.round(this.windowMs / 1000),
        clearExpiredByTimeout: !swept.has(pool),
      });
      swept.add(pool);
      this.store = { pool, limiter };
    }
    return this.store.limiter;
  }

  /** The stored key: SHA-256 of the limited key, so no address or e-mail is kept in clear. */
  private static digest(key: string): string {
    return createHash("sha256").update(key).digest("base64url");
  }

  private static wait(res: RateLimiterRes): number {
    return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  }

  /** Seconds until another attempt is allowed; 0 when allowed now. Counts nothing. */
  async retryAfter(key: string): Promise<number> {
    const res = await this.limiter().get(SharedLimiter.digest(key));
    return res && res.consumedPoints >= this.max ? SharedLimiter.wait(res) : 0;
  }

  /**
   * Count one attempt and say whether it was allowed, atomically (one statement).
   *
   * @returns 0 when allowed (and counted); otherwise the seconds until the window ends
   * @throws the database's error when the store cannot be reached
   */
  async take(key: string): Promise<number> {
    try {
      await this.limiter().consume(SharedLimiter.digest(key));
      return 0;
    } catch (e) {
      if (e instanceof RateLimiterRes) return SharedLimiter.wait(e);
      throw e;
    }
  }

  /** Count one attempt without checking (e.g. a failure found after the check). */
  async hit(key: string): Promise<void> {
    await this.limiter().penalty(SharedLimiter.digest(key), 1);
  }

  /** Give back one counted attempt (e.g. it turned out to be a success, not a failure). */
  async refund(key: string): Promise<void> {
    await this.limiter().reward(SharedLimiter.digest(key), 1);
  }

  /** Forget a key's attempts (e.g. a successful sign-in). */
  async reset(key: string): Promise<void> {
    await this.limiter().delete(SharedLimiter.digest(key));
  }

  /** Forget every key of this limiter, in every process (tests). */
  async clear(): Promise<void> {
    await poolOf(db()).query(`DELETE FROM "${RATE_LIMIT_TABLE}" WHERE left(key, $2) = $1`, [
      `${this.name}:`,
      this.name.length + 1,
    ]);
  }
}

/**
 * Check several limits at once and count the attempt in each: refused (counting nothing) when any
 * is full already; otherwise counted atomically in each, refused when a concurrent attempt filled
 * one up meanwhile.
 *
 * @returns 0 when allowed; otherwise the seconds until every refusing window allows again
 */
export async function takeAll(...checks: [SharedLimiter, string][]): Promise<number> {
  const full = await Promise.all(checks.map(([l, key]) => l.retryAfter(key)));
  if (Math.max(0, ...full) > 0) return Math.max(...full);
  const taken = await Promise.all(checks.map(([l, key]) => l.take(key)));
  return Math.max(0, ...taken);
}

/** Forget every limiter's counts in the installed database (tests). */
export async function clearRateLimits(): Promise<void> {
  await poolOf(db()).query(`DELETE FROM "${RATE_LIMIT_TABLE}"`);
}

/** Failed sign-ins per `email|ip`. */
export const loginFailures = new SharedLimiter("login-failures", LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS);
/** Sign-in attempts per ip. */
export const loginAttemptsPerIp = new SharedLimiter("login-ip", LOGIN_MAX_PER_IP, LOGIN_WINDOW_MS);
/** Password reset requests per `email|ip` (5 per 15 minutes). */
export const resetRequests = new SharedLimiter("reset-request", 5, LOGIN_WINDOW_MS);
/** Password reset requests per email from any IP (10 per 15 minutes). */
export const resetRequestsPerEmail = new SharedLimiter("reset-request-email", 10, LOGIN_WINDOW_MS);
/** Wrong confirmation passwords (viewerDelete) per user id (10 per 15 minutes). */
export const passwordConfirmFailures = new SharedLimiter(
  "password-confirm",
  LOGIN_MAX_FAILURES,
  LOGIN_WINDOW_MS,
);

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
export const resetAttemptsPerIp = new SharedLimiter("reset-ip", RESET_ATTEMPTS_PER_IP, LOGIN_WINDOW_MS);
/** `passwordReset` attempts per token hash. */
export const resetAttemptsPerToken = new SharedLimiter(
  "reset-token",
  RESET_ATTEMPTS_PER_TOKEN,
  LOGIN_WINDOW_MS,
);
/** `seekerRegister` calls per ip. */
export const registrationsPerIp = new SharedLimiter("register-ip", REGISTRATIONS_PER_IP, LOGIN_WINDOW_MS);
