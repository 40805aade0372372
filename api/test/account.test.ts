/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Account settings (schema/account.ts): password change, change of address confirmed by mail,
 * verification at registration, notification settings with one-click unsubscribe, and the inbox.
 * Mail is read from a real SMTP server started here.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { passwordConfirmFailures, registrationsPerIp } from "../src/auth/rate-limit.ts";
import { startMailCatcher, type MailCatcher } from "../src/mail/catcher.ts";
import { deliverOutbox, enqueueMail, unsubscribeToken } from "../src/mail/outbox.ts";
import { linkAttemptsPerIp } from "../src/schema/account.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, PASSWORD, type App } from "./fixtures.ts";

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
  await passwordConfirmFailures.clear();
  await registrationsPerIp.clear();
  await linkAttemptsPerIp.clear();
});

const deliver = () => deliverOutbox(t.db, new Date(), { transport });
const SIGN_IN = `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { __typename ... on SessionCreateSuccess { session { token } } } }`;
const signIn = async (e: string, p: string) => (await gql(app, SIGN_IN, { e, p })).data.sessionCreate;
const CONFIRM = `mutation($t: String!) { emailConfirm(input: { token: $t }) { __typename ... on EmailConfirmSuccess { confirmation { email changed } } ... on Error { code } } }`;
const tokenIn = (text: string) => /email-bevestigen\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

describe("password change", () => {
  const CHANGE = `mutation($c: String!, $n: String!) { passwordChange(input: { currentPassword: $c, newPassword: $n }) { __typename ... on Error { code message } } }`;

  it("needs the current password, signs out the other sessions and mails a notice", async () => {
    const s = await f.seeker();
    const other = (await signIn(s.user.email, PASSWORD)).session.token;
    const wrong = await gql(app, CHANGE, { c: "not my password", n: "a new long passphrase" }, s.token);
    expect(wrong.data.passwordChange).toMatchObject({
      __typename: "InvalidCredentialsError",
      message: "The current password is incorrect",
    });
    const short = await gql(app, CHANGE, { c: PASSWORD, n: "short" }, s.token);
    expect(short.data.passwordChange.__typename).toBe("ValidationError");
    const ok = await gql(app, CHANGE, { c: PASSWORD, n: "a new long passphrase" }, s.token);
    expect(ok.data.passwordChange.__typename).toBe("PasswordChangeSuccess");
    // this session goes on, the other one is signed out
    expect((await gql(app, `{ account { email } }`, {}, s.token)).data.account.email).toBe(s.user.email);
    expect((await gql(app, `{ account { email } }`, {}, other)).data.account).toBeNull();
    expect((await signIn(s.user.email, PASSWORD)).__typename).toBe("InvalidCredentialsError");
    expect((await signIn(s.user.email, "a new long passphrase")).__typename).toBe("SessionCreateSuccess");
    await deliver();
    const mail = await smtp.waitFor((m) => m.to.includes(s.user.email) && /wachtwoord/i.test(m.subject));
    expect(mail.subject).toBe("Uw wachtwoord is gewijzigd");
  });
});

describe("change of e-mail address", () => {
  const REQUEST = `mutation($e: String!, $p: String!) { emailChangeRequest(input: { newEmail: $e, currentPassword: $p }) { __typename ... on EmailChangeRequestSuccess { request { email } } ... on Error { code } } }`;

  it("takes effect only when the link mailed to the new address is opened", async () => {
    const s = await f.seeker();
    const taken = await f.seeker();
    expect(
      (await gql(app, REQUEST, { e: taken.user.email, p: PASSWORD }, s.token)).data.emailChangeRequest
        .__typename,
    ).toBe("EmailTakenError");
    expect(
      (await gql(app, REQUEST, { e: "new@example.org", p: "wrong" }, s.token)).data.emailChangeRequest.code,
    ).toBe("INVALID_CREDENTIALS");
    const newEmail = `moved-${Date.now()}@example.org`;
    const req = await gql(app, REQUEST, { e: newEmail.toUpperCase(), p: PASSWORD }, s.token);
    expect(req.data.emailChangeRequest).toEqual({
      __typename: "EmailChangeRequestSuccess",
      request: { email: newEmail },
    });
    // nothing changed yet
    expect((await gql(app, `{ account { email pendingEmail } }`, {}, s.token)).data.account).toEqual({
      email: s.user.email,
      pendingEmail: newEmail,
    });
    expect((await signIn(newEmail, PASSWORD)).__typename).toBe("InvalidCredentialsError");
    await deliver();
    const mail = await smtp.waitFor((m) => m.to.includes(newEmail));
    expect(mail.subject).toBe("Bevestig uw nieuwe e-mailadres");
    const token = tokenIn(mail.text)!;
    expect((await gql(app, CONFIRM, { t: token })).data.emailConfirm).toEqual({
      __typename: "EmailConfirmSuccess",
      confirmation: { email: newEmail, changed: true },
    });
    expect((await signIn(newEmail, PASSWORD)).__typename).toBe("SessionCreateSuccess");
    expect((await signIn(s.user.email, PASSWORD)).__typename).toBe("InvalidCredentialsError");
    // a link works once
    expect((await gql(app, CONFIRM, { t: token })).data.emailConfirm.code).toBe("INVALID_TOKEN");
    // the old address is told
    await deliver();
    const notice = await smtp.waitFor((m) => m.to.includes(s.user.email) && /gewijzigd/.test(m.subject));
    expect(notice.text).toContain(newEmail);
  });
});

describe("verification at registration", () => {
  it("starts unverified, keeps notifications out of the mail until the link is opened", async () => {
    const email = `verify-${Date.now()}@example.org`;
    const reg = await gql(
      app,
      `mutation($i: SeekerRegisterInput!) { seekerRegister(input: $i) { __typename } }`,
      {
        i: {
          email,
          password: "registration passphrase",
          firstName: "Ada",
          lastName: "Jansen",
          birthDate: "1990-02-03",
          income: { amount: 28000 },
        },
      },
    );
    expect(reg.data.seekerRegister.__typename).toBe("SeekerRegisterSuccess");
    const session = (await signIn(email, "registration passphrase")).session.token;
    expect((await gql(app, `{ account { emailVerified } }`, {}, session)).data.account.emailVerified).toBe(
      false,
    );
    // a notification now is inbox-only
    const user = await t.db.user.findUniqueOrThrow({ where: { email } });
    const id = await t.db.$transaction((tx) =>
      enqueueMail(tx, {
        kind: "URGENCY_DECISION",
        params: { granted: false, category: null, validUntil: null },
        to: email,
        userId: user.id,
      }),
    );
    expect((await t.db.outboxMessage.findUniqueOrThrow({ where: { id: id! } })).state).toBe("INBOX_ONLY");
    await deliver();
    const mail = await smtp.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toBe("Bevestig uw e-mailadres");
    expect(smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
    const confirmed = await gql(app, CONFIRM, { t: tokenIn(mail.text) });
    expect(confirmed.data.emailConfirm.confirmation).toEqual({ email, changed: false });
    expect((await gql(app, `{ account { emailVerified } }`, {}, session)).data.account.emailVerified).toBe(
      true,
    );
    const resend = await gql(
      app,
      `mutation { emailVerificationResend { __typename ... on Error { code } } }`,
      {},
      session,
    );
    expect(resend.data.emailVerificationResend.code).toBe("INVALID_STATE");
  });
});

describe("notifications: settings, one-click unsubscribe, inbox", () => {
  const notify = (userId: string, email: string) =>
    t.db.$transaction((tx) =>
      enqueueMail(tx, {
        kind: "OFFER_MADE",
        params: {
          listingTitle: "Teststraat 1",
          reference: "WB-1",
          respondBy: new Date("2026-12-10T12:00:00Z"),
        },
        to: email,
        userId,
        locale: "en",
      }),
    );

  it("mails with RFC 8058 headers; the one-click POST switches the kind off", async () => {
    const s = await f.seeker();
    await notify(s.user.id, s.user.email);
    await deliver();
    const mail = await smtp.waitFor((m) => m.to.includes(s.user.email));
    expect(mail.subject).toBe("Offer: Teststraat 1");
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const post = /<(http[^>]+\/unsubscribe\?token=[^>]+)>/.exec(mail.headers["list-unsubscribe"] ?? "")?.[1];
    expect(post).toBeTruthy();
    const res = await app.fetch(post!.replace(/^http:\/\/[^/]+/, "http://test"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    const settings = (await gql(app, `{ account { notificationSettings { kind enabled } } }`, {}, s.token))
      .data.account.notificationSettings;
    expect(settings.find((x: any) => x.kind === "OFFER_MADE").enabled).toBe(false);
    expect(settings.find((x: any) => x.kind === "POSITION_FIXED").enabled).toBe(true);
    // no more of that kind
    expect(await notify(s.user.id, s.user.email)).toBeNull();
  });

  it("unsubscribes with the portal's signed token, refuses a forged one, and settings switch kinds back on", async () => {
    const s = await f.seeker();
    const UNSUB = `mutation($t: String!) { notificationUnsubscribe(input: { token: $t }) { __typename ... on NotificationUnsubscribeSuccess { unsubscribed { kind } } ... on Error { code } } }`;
    const good = unsubscribeToken(s.user.id, "SEARCH_ALERT");
    const forged = unsubscribeToken(s.user.id, "SEARCH_ALERT").replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await gql(app, UNSUB, { t: forged })).data.notificationUnsubscribe.code).toBe("INVALID_TOKEN");
    expect((await gql(app, UNSUB, { t: good })).data.notificationUnsubscribe.unsubscribed.kind).toBe(
      "SEARCH_ALERT",
    );
    const upd = await gql(
      app,
      `mutation { notificationSettingsUpdate(input: { enabled: [SEARCH_ALERT, OFFER_MADE], language: EN }) { __typename ... on NotificationSettingsUpdateSuccess { account { language notificationSettings { kind enabled } } } } }`,
      {},
      s.token,
    );
    const acc = upd.data.notificationSettingsUpdate.account;
    expect(acc.language).toBe("EN");
    expect(acc.notificationSettings.filter((x: any) => x.enabled).map((x: any) => x.kind)).toEqual([
      "OFFER_MADE",
      "SEARCH_ALERT",
    ]);
  });

  it("shows notifications in the recipient's inbox only, and marks them read", async () => {
    const s = await f.seeker();
    const other = await f.seeker();
    const id = await notify(s.user.id, s.user.email);
    const INBOX = `{ account { unreadMessageCount messages(first: 5) { edges { node { id kind subject body readAt } } } } }`;
    const inbox = (await gql(app, INBOX, {}, s.token)).data.account;
    expect(inbox.unreadMessageCount).toBe(1);
    const msg = inbox.messages.edges[0].node;
    expect(msg).toMatchObject({ kind: "OFFER_MADE", subject: "Offer: Teststraat 1", readAt: null });
    expect(msg.body).toContain("Teststraat 1");
    expect(msg.id).toBe(gid("InboxMessage", id!));
    // someone else sees nothing of it
    expect((await gql(app, INBOX, {}, other.token)).data.account.messages.edges).toEqual([]);
    const READ = `mutation($id: ID!) { inboxMessageMarkRead(input: { id: $id }) { __typename ... on InboxMessageMarkReadSuccess { message { readAt } } ... on Error { code } } }`;
    expect((await gql(app, READ, { id: msg.id }, other.token)).data.inboxMessageMarkRead.code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await gql(app, READ, { id: msg.id }, s.token)).data.inboxMessageMarkRead.message.readAt,
    ).toBeTruthy();
    expect((await gql(app, INBOX, {}, s.token)).data.account.unreadMessageCount).toBe(0);
  });
});
