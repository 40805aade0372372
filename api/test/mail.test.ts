/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Mail (mail/outbox.ts): the outbox is written in the event's transaction, the delivery job sends it
 * through a real SMTP server started here (mail/catcher.ts, smtp-server), retries when the server is
 * down, never sends a message twice with two runners, and the password reset goes through it.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { registrationsPerIp, resetRequests, resetRequestsPerEmail } from "../src/auth/rate-limit.ts";
import { startMailCatcher, type MailCatcher } from "../src/mail/catcher.ts";
import { deliverOutbox } from "../src/mail/outbox.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
let smtp: MailCatcher;
let transport: nodemailer.Transporter;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  smtp = await startMailCatcher({ web: false });
  transport = nodemailer.createTransport(smtp.smtpUrl);
});
afterAll(async () => {
  transport?.close();
  await smtp?.stop();
  await t?.drop();
});
beforeEach(async () => {
  await resetRequests.clear();
  await resetRequestsPerEmail.clear();
  await registrationsPerIp.clear();
  // each test starts with an empty outbox (earlier tests' mail is delivered or dropped)
  await t.db.outboxMessage.deleteMany({});
});

const REQUEST = `mutation($e: String!) { passwordResetRequest(input: { email: $e }) { __typename } }`;
const RESET = `mutation($t: String!, $p: String!) { passwordReset(input: { token: $t, newPassword: $p }) { __typename ... on PasswordResetSuccess { session { token } } } }`;

describe("outbox and delivery", () => {
  it("sends the password-reset mail through SMTP; its link sets a new password", async () => {
    const s = await f.seeker();
    await t.db.user.update({ where: { id: s.user.id }, data: { locale: "en" } });
    expect((await gql(app, REQUEST, { e: s.user.email })).data.passwordResetRequest.__typename).toBe(
      "PasswordResetRequestSuccess",
    );
    // written, not yet sent
    const [queued] = await t.db.outboxMessage.findMany({ where: { userId: s.user.id } });
    expect(queued).toMatchObject({ kind: "PASSWORD_RESET", state: "PENDING", locale: "en" });
    expect(await deliverOutbox(t.db, new Date(), { transport })).toMatchObject({ sent: 1, failed: 0 });
    const mail = await smtp.waitFor((m) => m.to.includes(s.user.email));
    expect(mail.subject).toBe("Reset your password");
    const token = /wachtwoord-herstellen\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeTruthy();
    expect(mail.html).toContain(`wachtwoord-herstellen?token=${token}`);
    const reset = await gql(app, RESET, { t: token, p: "a brand new passphrase" });
    expect(reset.data.passwordReset.__typename).toBe("PasswordResetSuccess");
    // sent, and the secret link is not kept in the database
    const sent = await t.db.outboxMessage.findUniqueOrThrow({ where: { id: queued!.id } });
    expect(sent).toMatchObject({ state: "SENT", textBody: "", htmlBody: "", attempts: 1 });
    expect(sent.sentAt).toBeInstanceOf(Date);
  });

  it("keeps mail while the SMTP server is down and sends it on a later run", async () => {
    const s = await f.seeker();
    await gql(app, REQUEST, { e: s.user.email });
    const down = await startMailCatcher({ web: false });
    const deadUrl = down.smtpUrl;
    await down.stop(); // nothing listens there now
    const dead = nodemailer.createTransport(deadUrl, { connectionTimeout: 2000 } as any);
    const now = new Date();
    expect(await deliverOutbox(t.db, now, { transport: dead })).toMatchObject({ sent: 0, failed: 1 });
    const [m] = await t.db.outboxMessage.findMany({ where: { userId: s.user.id } });
    expect(m).toMatchObject({ state: "PENDING", attempts: 1 });
    expect(m!.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(m!.nextAttemptAt.getTime()).toBe(now.getTime() + 60_000);
    // not due yet: a run right away sends nothing
    expect((await deliverOutbox(t.db, now, { transport })).sent).toBe(0);
    // after the backoff the mail goes out
    expect((await deliverOutbox(t.db, new Date(now.getTime() + 61_000), { transport })).sent).toBe(1);
    await smtp.waitFor((x) => x.to.includes(s.user.email) && x.subject === "Wachtwoord herstellen");
  });

  it("never sends a message twice when two runners deliver at the same time", async () => {
    const seekers = await Promise.all(Array.from({ length: 6 }, () => f.seeker()));
    for (const s of seekers) await gql(app, REQUEST, { e: s.user.email });
    const before = smtp.messages.length;
    const [a, b] = await Promise.all([
      deliverOutbox(t.db, new Date(), { transport }),
      deliverOutbox(t.db, new Date(), { transport }),
    ]);
    expect(a.sent + b.sent).toBe(6);
    await new Promise((r) => setTimeout(r, 200));
    const got = smtp.messages.slice(before).flatMap((m) => m.to);
    expect(got.sort()).toEqual(seekers.map((s) => s.user.email).sort());
  });

  it("writes the registration mail in the registration's transaction, in the chosen language", async () => {
    const REGISTER = `mutation($input: SeekerRegisterInput!) { seekerRegister(input: $input) { __typename } }`;
    const input = {
      email: "mail-newcomer@example.org",
      password: "registration passphrase",
      firstName: "Ada",
      lastName: "Jansen",
      birthDate: "1990-02-03",
      income: { amount: 28000 },
      locale: "en",
    };
    expect((await gql(app, REGISTER, { input })).data.seekerRegister.__typename).toBe(
      "SeekerRegisterSuccess",
    );
    // an invalid registration writes no mail
    await gql(app, REGISTER, { input: { ...input, email: "mail-bad@example.org", birthDate: "2020-01-01" } });
    const rows = await t.db.outboxMessage.findMany({});
    expect(rows.map((r) => [r.kind, r.toAddress, r.locale])).toEqual([
      ["EMAIL_VERIFY", "mail-newcomer@example.org", "en"],
    ]);
    await deliverOutbox(t.db, new Date(), { transport });
    const mail = await smtp.waitFor((m) => m.to.includes("mail-newcomer@example.org"));
    expect(mail.subject).toBe("Confirm your e-mail address");
    expect(mail.text).toMatch(/email-bevestigen\?token=/);
  });
});
