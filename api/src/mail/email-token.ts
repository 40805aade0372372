/**
 * Mailed links that confirm an address (EmailToken): VERIFY at registration (valid 7 days) and
 * CHANGE for a new address (valid 24 hours; the change takes effect when the link is opened).
 * Only the SHA-256 hash of a token is stored.
 */
import type { Tx } from "../db.ts";
import { generateToken, hashToken } from "../auth/tokens.ts";
import { enqueueMail } from "./outbox.ts";

/** Validity of a verification link (registration): 7 days. */
export const EMAIL_VERIFY_TTL_MS = 7 * 24 * 3600_000;
/** Validity of a change-of-address link: 24 hours. */
export const EMAIL_CHANGE_TTL_MS = 24 * 3600_000;

/**
 * Create a token for `email` and write its mail to the outbox, in the caller's transaction. Earlier
 * unused tokens of the same purpose stop working.
 */
export async function sendEmailToken(
  tx: Tx,
  user: { id: string; locale: string },
  purpose: "VERIFY" | "CHANGE",
  email: string,
  now: Date = new Date(),
): Promise<void> {
  await tx.emailToken.updateMany({
    where: { userId: user.id, purpose, usedAt: null },
    data: { usedAt: now },
  });
  const token = generateToken();
  await tx.emailToken.create({
    data: {
      userId: user.id,
      purpose,
      email,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + (purpose === "VERIFY" ? EMAIL_VERIFY_TTL_MS : EMAIL_CHANGE_TTL_MS)),
    },
  });
  if (purpose === "VERIFY")
    await enqueueMail(tx, {
      kind: "EMAIL_VERIFY",
      params: { token },
      to: email,
      userId: user.id,
      locale: user.locale,
    });
  else
    await enqueueMail(tx, {
      kind: "EMAIL_CHANGE_CONFIRM",
      params: { token, newEmail: email },
      to: email,
      userId: user.id,
      locale: user.locale,
    });
}
