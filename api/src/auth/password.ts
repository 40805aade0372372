/**
 * Passwords: argon2id with the OWASP Password Storage Cheat Sheet's first recommended
 * configuration — m = 19456 KiB (19 MiB), t = 2 iterations, p = 1 lane.
 */
import { hash, verify } from "@node-rs/argon2";

/** OWASP argon2id parameters (Password Storage Cheat Sheet). `algorithm: 2` is Argon2id. */
export const ARGON2_OPTIONS = {
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
  algorithm: 2,
} as const;

/** Minimum password length (OWASP ASVS 2.1.1: at least 12 characters). */
export const PASSWORD_MIN_LENGTH = 12;
/** Maximum password length (long inputs cost hashing time for nothing). */
export const PASSWORD_MAX_LENGTH = 256;

/** Hash a password as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Verify a password against a stored hash; false on any malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * A fixed hash to verify against when the email is unknown, so that sign-in takes the same time
 * whether or not an account exists (no user enumeration by timing).
 */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword("woonbeurt-dummy-password-for-timing");
  return dummy;
}
