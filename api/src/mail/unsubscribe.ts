/**
 * One-click unsubscribe (afmelden) per notification kind: the RFC 8058 endpoint mail clients POST to
 * (`POST /unsubscribe?token=…` on the API, body `List-Unsubscribe=One-Click`), and the function the
 * GraphQL mutation `notificationUnsubscribe` (portal page /afmelden, no sign-in) shares with it.
 */
import type { Plugin } from "graphql-yoga";
import type { Db, MailKind } from "@woonbeurt/db";
import { readUnsubscribeToken } from "./outbox.ts";

/**
 * Add `kind` to the account's opt-outs (idempotent, one statement).
 * @returns false when the account no longer exists
 */
export async function unsubscribe(db: Db, userId: string, kind: MailKind): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "User" SET "mailOptOut" = CASE WHEN ${kind}::"MailKind" = ANY("mailOptOut") THEN "mailOptOut"
      ELSE array_append("mailOptOut", ${kind}::"MailKind") END
    WHERE id = ${userId}::uuid`;
  return n === 1;
}

/** Yoga plugin answering `POST /unsubscribe?token=…` (RFC 8058); 400 for a bad token. */
export function oneClickUnsubscribe(db: Db): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== "/unsubscribe") return;
      const text = (status: number, body: string) =>
        endResponse(
          new Response(body, {
            status,
            headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
          }),
        );
      if (request.method !== "POST")
        return text(405, "POST only (RFC 8058); open the link in the mail instead");
      const target = readUnsubscribeToken(url.searchParams.get("token") ?? "");
      if (!target) return text(400, "invalid unsubscribe token");
      await unsubscribe(db, target.userId, target.kind);
      return text(200, "unsubscribed");
    },
  };
}
