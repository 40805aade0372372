/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Notifications (mail/notify.ts): a listing closing tells every responder the final position, an
 * offer tells its candidate, the deadline reminder goes out once, each in the seeker's language,
 * mailed through a real SMTP server started here and shown in the inbox.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { runJobsOnce } from "../src/jobs.ts";
import { startMailCatcher, type MailCatcher } from "../src/mail/catcher.ts";
import { deliverOutbox } from "../src/mail/outbox.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

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
  // the jobs' own delivery step sends through it too (mail/outbox.ts transportFromEnv)
  process.env.SMTP_URL = smtp.smtpUrl;
  transport = nodemailer.createTransport(smtp.smtpUrl);
});
afterAll(async () => {
  transport?.close();
  await smtp?.stop();
  await t?.drop();
});

const DAY = 86_400_000;
const respond = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename } }`;

describe("workflow notifications", () => {
  it("closing a listing mails each responder their final position; an offer and its reminder follow", async () => {
    const org = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", org.id);
    const l = await f.listing(org.id);
    const first = await f.seeker({ registrationDate: "2010-01-01" });
    const second = await f.seeker({ registrationDate: "2016-01-01" });
    await t.db.user.update({ where: { id: second.user.id }, data: { locale: "en" } });
    for (const s of [first, second])
      expect(
        (await gql(app, respond, { id: gid("Listing", l.id) }, s.token)).data.listingRespond.__typename,
      ).toBe("ListingRespondSuccess");
    const closesAt = new Date(Date.now() + DAY);
    await t.db.listing.update({ where: { id: l.id }, data: { closesAt } });
    const now = new Date(closesAt.getTime() + 1000);
    expect((await runJobsOnce(t.db, now)).listingsClosed).toBeGreaterThanOrEqual(1);
    await deliverOutbox(t.db, now, { transport });
    const nl = await smtp.waitFor((m) => m.to.includes(first.user.email));
    expect(nl.subject).toBe(`Uw positie voor ${l.title}`);
    expect(nl.text).toContain("Uw definitieve positie is 1 van 2 kandidaten");
    const en = await smtp.waitFor((m) => m.to.includes(second.user.email));
    expect(en.text).toContain("Your final position is 2 of 2 candidates");
    // the same message is in the inbox
    const inbox = await gql(
      app,
      `{ account { messages { edges { node { kind subject } } } } }`,
      {},
      second.token,
    );
    expect(inbox.data.account.messages.edges.map((e: any) => e.node.kind)).toEqual(["POSITION_FIXED"]);

    // an offer to the first candidate, answer within 2 days
    const respondBy = new Date(Date.now() + 2 * DAY);
    const made = await gql(
      app,
      `mutation($id: ID!, $by: DateTime!) { offerMake(input: { listingId: $id, respondBy: $by }) { __typename ... on Error { message } } }`,
      { id: gid("Listing", l.id), by: respondBy.toISOString() },
      staff.token,
    );
    expect(made.data.offerMake.__typename).toBe("OfferMakeSuccess");
    await deliverOutbox(t.db, new Date(), { transport });
    const offer = await smtp.waitFor(
      (m) => m.to.includes(first.user.email) && m.subject.startsWith("Aanbieding"),
    );
    expect(offer.text).toContain(l.title);
    // reminder: not yet two days before, once within the last 24 hours, never twice
    expect((await runJobsOnce(t.db, new Date(respondBy.getTime() - 2 * DAY + 60_000))).remindersWritten).toBe(
      0,
    );
    const late = new Date(respondBy.getTime() - 12 * 3600_000);
    expect((await runJobsOnce(t.db, late)).remindersWritten).toBe(1);
    expect((await runJobsOnce(t.db, late)).remindersWritten).toBe(0);
    const reminders = await t.db.outboxMessage.findMany({
      where: { userId: first.user.id, kind: "OFFER_DEADLINE_NEAR" },
    });
    expect(reminders).toHaveLength(1);
  });
});
