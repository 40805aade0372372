/**
 * Issue 13 item 1: the administrator's view of the scheduled jobs, /werk/beheer/taken — every job
 * with its schedule and last run (the stack ran each job at start), the runs per state, and the
 * runs that failed for good — without JavaScript, in Dutch and English; at 360 px checked with axe.
 * (Retrying a dead letter is covered by api/test/job-queue.test.ts: the stack has none to retry.)
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOBS } from "../../api/src/queue.ts";
import { expectAccessible, expectNoHorizontalScroll, launch, newContext, signIn } from "./support.ts";

const ADMIN = "beheerder@demo.woonbeurt.nl";
const DEMO_PASSWORD = "Woonbeurt-demo-2026";

let browser: Browser;
/** Without JavaScript: what a plain browser gets. */
let admin: Page;
/** With JavaScript at 360 px: the axe checks (axe runs as a script in the page). */
let narrow: Page;

beforeAll(async () => {
  browser = await launch();
  admin = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
  narrow = await (await newContext(browser, { width: 360, height: 800 })).newPage();
});
afterAll(async () => browser?.close());

describe("scheduled jobs page", () => {
  it("shows each job's schedule and last run to an administrator, in Dutch and English", async () => {
    await signIn(admin, ADMIN, DEMO_PASSWORD, /\/werk/);
    await admin.goto("/werk/beheer");
    await admin.getByRole("link", { name: "Geplande taken" }).click();
    await admin.waitForURL(/\/werk\/beheer\/taken$/);
    expect(await admin.getByRole("heading", { level: 1 }).textContent()).toBe("Geplande taken");

    const table = admin.getByRole("table", { name: /Geplande taken met hun laatste run/ });
    const rows = table.locator("tbody tr");
    // one row per scheduled job of the queue (api/src/queue.ts)
    expect(await rows.count()).toBe(JOBS.length);
    const close = rows.filter({ has: admin.getByRole("rowheader", { name: "Advertenties sluiten" }) });
    expect(await close.count()).toBe(1);
    const cells = await close.locator("td").allTextContents();
    expect(cells[0]).toBe("elke minuut");
    // the stack ran every job when it started: a start time, not "nog niet"
    expect(cells[1]).not.toBe("nog niet");
    expect(cells[1]).toMatch(/\d/);
    expect(await admin.getByText("Geen definitief mislukte runs.").count()).toBe(1);

    await admin.goto("/werk/beheer/taken?lang=en");
    expect(await admin.getByRole("heading", { level: 1 }).textContent()).toBe("Scheduled jobs");
    const en = admin.getByRole("table", { name: /Scheduled jobs with their last run/ });
    const mail = en.locator("tbody tr").filter({ has: admin.getByRole("rowheader", { name: "Send mail" }) });
    expect((await mail.locator("td").allTextContents())[0]).toBe("every minute");
    expect(await admin.getByText("No runs that failed for good.").count()).toBe(1);
  });

  it("fits 360 px and passes axe in Dutch and English", async () => {
    await signIn(narrow, ADMIN, DEMO_PASSWORD, /\/werk/);
    await narrow.goto("/werk/beheer/taken");
    await expectNoHorizontalScroll(narrow);
    await expectAccessible(narrow, "scheduled jobs (nl, 360 px)");
    await narrow.goto("/werk/beheer/taken?lang=en");
    expect(await narrow.getByRole("heading", { level: 1 }).textContent()).toBe("Scheduled jobs");
    await expectAccessible(narrow, "scheduled jobs (en, 360 px)");
  });
});
