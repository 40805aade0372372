/**
 * Random tokens and their hashes (Lucia's session guide, implemented with @oslojs).
 *
 * - A token is 32 random bytes (256 bits; OWASP ASVS asks for at least 128) from the OS CSPRNG,
 *   encoded lower-case base32 without padding (52 characters).
 * - Only `hex(SHA-256(token))` is stored, so a database leak does not reveal usable tokens.
 */
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes, base32 lower-case without padding. */
export function generateToken(): string {
  return encodeBase32LowerCaseNoPadding(new Uint8Array(randomBytes(32)));
}

/** `hex(SHA-256(utf8(token)))` — what the database stores. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Prefix of personal access tokens, so that secret scanners can recognise leaked ones. */
export const PAT_PREFIX = "wbt_pat_";

/** A new personal access token: `wbt_pat_` + 52 base32 characters. */
export function generatePersonalAccessToken(): string {
  return PAT_PREFIX + generateToken();
}
