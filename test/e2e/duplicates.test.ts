/**
 * Issue 15 item 3: one registration per household. Two registrations of one person (same name and
 * birth date, written differently) are both accepted and appear in the administrators' queue of
 * duplicate registrations; the administrator merges them from the queue without JavaScript
 * (choosing the registration to keep is required: the error summary says so; a confirmation step
 * comes before the merge). The closed registration can no longer respond, and its account holder
 * gets a mail saying where the registration went. Pages checked with axe.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectAccessible,
  expectNoHorizontalScroll,
  gql,
  launch,
  newContext,
  registerViaApi,
  signIn,
  uniqueEmail,
  waitForMail,
} from "./support.ts";

const ADMIN = "beheerder@demo.woonbeurt.nl";
const DEMO_PASSWORD = "Woonbeurt-demo-2026";
const LAST = `Dubbelaar${Date.now().toString(36)}`;

let browser: Browser;
let admin: Page;

beforeAll(async () => {
  browser = await launch();
  admin = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
  admin.setDefaultTimeout(30_000);
});
afterAll(async () => browser?.close());

describe("duplicate registrations", () => {
  it("an administrator merges two registrations of one person from the queue without JavaScript", async () => {
    const firstEmail = uniqueEmail("dup-first");
    const secondEmail = uniqueEmail("dup-second");
    const first = await registerViaApi(firstEmail, {
      firstName: "Joëlle",
      lastName: LAST,
      birthDate: "1987-08-19",
    });
    // the same person again, written differently: still accepted (never silently blocked)
    const second = await registerViaApi(secondEmail, {
      firstName: "joelle",
      lastName: ` ${LAST.toUpperCase()} `,
      birthDate: "1987-08-19",
    });
    for (const token of [first, second]) {
      const v = await gql<{ viewer: { status: string } }>(`{ viewer { status } }`, {}, token);
      expect(v.viewer.status).toBe("ACTIVE");
    }

    await signIn(admin, ADMIN, DEMO_PASSWORD, /\/werk/);
    await admin.goto("/werk/beheer");
    await admin.getByRole("link", { name: "Dubbele inschrijvingen" }).click();
    await admin.waitForURL(/\/werk\/beheer\/dubbele-inschrijvingen/);
    expect(await admin.getByRole("heading", { level: 1 }).textContent()).toBe("Dubbele inschrijvingen");
    const row = admin.getByRole("row").filter({ hasText: LAST });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain("Zelfde naam en geboortedatum");
    await Promise.all([
      admin.waitForURL(/\/werk\/beheer\/dubbele-inschrijvingen\/[^/?]+$/),
      row.getByRole("link").click(),
    ]);
    expect(await admin.getByRole("heading", { level: 1 }).textContent()).toBe(
      "Mogelijk dubbele inschrijving",
    );
    expect(await admin.getByText(firstEmail).count()).toBeGreaterThan(0);
    expect(await admin.getByText(secondEmail).count()).toBeGreaterThan(0);
    const detailPath = new URL(admin.url()).pathname;

    // axe needs JavaScript in the page: the same pages in a second, scripted session, at 360 px
    const scripted = await (await newContext(browser, { width: 360, height: 800 })).newPage();
    await signIn(scripted, ADMIN, DEMO_PASSWORD, /\/werk/);
    await scripted.goto("/werk/beheer/dubbele-inschrijvingen", { waitUntil: "networkidle" });
    await expectAccessible(scripted, "duplicate queue");
    await expectNoHorizontalScroll(scripted);
    await scripted.goto(detailPath, { waitUntil: "networkidle" });
    await expectAccessible(scripted, "duplicate detail");
    await expectNoHorizontalScroll(scripted);
    await scripted.getByLabel(new RegExp(firstEmail.replace(/[.+]/g, "\\$&"))).check();
    await scripted.getByRole("button", { name: "Samenvoegen…" }).click();
    await scripted.getByRole("heading", { name: "Samenvoegen bevestigen" }).waitFor();
    await expectAccessible(scripted, "duplicate merge confirmation");
    await scripted.context().close();

    // No registration chosen: the error summary names the field.
    await admin.getByRole("button", { name: "Samenvoegen…" }).click();
    await admin.waitForLoadState();
    const summary = admin.getByRole("alert");
    expect(await summary.textContent()).toContain("Kies welke inschrijving blijft.");

    // Keep the first registration; confirm.
    await admin.getByLabel(new RegExp(firstEmail.replace(/[.+]/g, "\\$&"))).check();
    await admin.getByRole("button", { name: "Samenvoegen…" }).click();
    await admin.waitForLoadState();
    expect(await admin.getByRole("heading", { name: "Samenvoegen bevestigen" }).count()).toBe(1);
    await Promise.all([
      admin.waitForURL(/\/werk\/beheer\/dubbele-inschrijvingen\?melding=merged/),
      admin.getByRole("button", { name: "Ja, samenvoegen" }).click(),
    ]);
    expect(await admin.getByRole("status").textContent()).toContain("De inschrijvingen zijn samengevoegd.");
    expect(await admin.getByRole("row").filter({ hasText: LAST }).count()).toBe(0);

    // The second registration is closed; its holder is told by mail where it went.
    const closed = await gql<{ viewer: { status: string } }>(`{ viewer { status } }`, {}, second);
    expect(closed.viewer.status).toBe("MERGED");
    const kept = await gql<{ viewer: { status: string; registrationNumber: number } }>(
      `{ viewer { status registrationNumber } }`,
      {},
      first,
    );
    expect(kept.viewer.status).toBe("ACTIVE");
    // signing in to the closed registration, the dashboard says where it went
    const closedPage = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    await signIn(closedPage, secondEmail);
    const notice = closedPage.getByRole("status").filter({ hasText: "samengevoegd" });
    expect(await notice.textContent()).toContain(`inschrijfnummer ${kept.viewer.registrationNumber}`);
    await closedPage.context().close();
    const mail = await waitForMail(secondEmail, (m) => /samengevoegd/.test(m.subject));
    expect(mail.text).toContain(`inschrijfnummer ${kept.viewer.registrationNumber}`);
  });
});
