/**
 * The staff workspace for landlord staff (issue 12, item 1), with and without JavaScript:
 * sign-in routing (a landlord lands on /werk/verhuur, a staff-only account's /mijn goes there
 * too, an account with several roles chooses on /werk, a seeker gets no workspace), the listing
 * overview with its filters, and the journey from a closed response window to a published
 * letting: close, the ranked candidate, offer with a deadline, record acceptance, publish the
 * result — every irreversible step behind a confirm form. axe on every page.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PASSWORD,
  expectAccessible,
  expectNoHorizontalScroll,
  gql,
  launch,
  newContext,
  registerViaApi,
  signIn,
  uniqueEmail,
} from "./support.ts";

const DEMO_PASSWORD = "Woonbeurt-demo-2026";
const LANDLORD = "verhuur.mitros@demo.woonbeurt.nl";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

type R = { __typename: string; message?: string; listing?: { id: string } };
function check<T extends R>(r: T, what: string): T {
  if (r.message) throw new Error(`${what}: ${r.message}`);
  return r;
}

async function apiSignIn(email: string, password: string): Promise<string> {
  const signIn = await gql<{ sessionCreate: { session?: { token: string }; message?: string } }>(
    `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { ... on SessionCreateSuccess { session { token } } ... on Error { message } } }`,
    { e: email, p: password },
  );
  if (!signIn.sessionCreate.session) throw new Error(`sign-in failed: ${signIn.sessionCreate.message}`);
  return signIn.sessionCreate.session.token;
}

/**
 * A Mitros listing whose response window has just ended, with one response by a new seeker
 * (set up through the API as a landlord would). Returns its title and the seeker's name.
 */
async function listingReadyToClose(): Promise<{ title: string }> {
  const staff = await apiSignIn(LANDLORD, DEMO_PASSWORD);
  const seeker = await registerViaApi(uniqueEmail("landlord-journey"));
  const { staffListings } = await gql<{
    staffListings: {
      edges: Array<{
        node: { totalRent: number; dwelling: { id: string; woongroep: { name: string } | null } };
      }>;
    };
  }>(
    `{ staffListings(first: 100) { edges { node { totalRent dwelling { id woongroep { name } } } } } }`,
    {},
    staff,
  );
  const dwelling = staffListings.edges
    .map((e) => e.node)
    .filter((n) => !n.dwelling.woongroep)
    .sort((a, b) => a.totalRent - b.totalRent)[0]?.dwelling;
  if (!dwelling) throw new Error("no Mitros dwelling");
  const title = `E2E verhuur ${Date.now().toString(36)}`;
  const closesAt = new Date(Date.now() + 6000);
  const created = await gql<{ listingCreate: R }>(
    `mutation($input: ListingCreateMutationInput!) { listingCreate(input: $input) { __typename ... on Error { message } ... on ListingCreateSuccess { listing { id } } } }`,
    {
      input: {
        listing: {
          dwellingId: dwelling.id,
          allocationModel: "AANBOD",
          closesAt: closesAt.toISOString(),
          title,
          householdMin: 1,
          householdMax: 99,
        },
      },
    },
    staff,
  );
  const listingId = check(created.listingCreate, "listingCreate").listing!.id;
  const published = await gql<{ listingPublish: R }>(
    `mutation($input: ListingIdInput!) { listingPublish(input: $input) { __typename ... on Error { message } } }`,
    { input: { id: listingId } },
    staff,
  );
  check(published.listingPublish, "listingPublish");
  const responded = await gql<{ listingRespond: R }>(
    `mutation($input: ListingRespondInput!) { listingRespond(input: $input) { __typename ... on Error { message } } }`,
    { input: { listingId } },
    seeker,
  );
  check(responded.listingRespond, "listingRespond");
  await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now()) + 1000));
  return { title };
}

/** Sign in through the portal's form and wait for the page sign-in routes to. */
async function signInTo(page: Page, email: string, password: string, to: RegExp): Promise<void> {
  await page.goto("/inloggen");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel(/^Wachtwoord/).fill(password);
  await Promise.all([page.waitForURL(to), page.getByRole("button", { name: "Inloggen" }).click()]);
}

/** Follow a link and wait for the page it leads to. */
async function follow(page: Page, name: string | RegExp): Promise<void> {
  const link = page.getByRole("link", { name }).first();
  const href = await link.getAttribute("href");
  await Promise.all([page.waitForURL((u) => u.href.includes(href!.split("#")[0]!)), link.click()]);
}

/** Submit a confirm form and wait for the listing page's notice. */
async function confirm(page: Page, button: string | RegExp, notice: RegExp): Promise<void> {
  await page.getByRole("button", { name: button }).click();
  await expect
    .poll(() => page.getByRole("status").filter({ hasText: notice }).count(), { timeout: 15_000 })
    .toBe(1);
}

for (const javaScriptEnabled of [true, false]) {
  describe(`landlord staff ${javaScriptEnabled ? "with" : "without"} JavaScript`, () => {
    it("signs in to the listings, filters them, and lets a dwelling from close to published result", async () => {
      const { title } = await listingReadyToClose();
      const context = await newContext(browser, { javaScriptEnabled, width: javaScriptEnabled ? 1280 : 360 });
      const page = await context.newPage();
      try {
        // Sign-in routing: the landlord lands on their listings, not on the seeker dashboard.
        await signInTo(page, LANDLORD, DEMO_PASSWORD, /\/werk\/verhuur$/);
        await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Woningen");
        await expect.poll(() => page.getByRole("link", { name: "Werkplek" }).count()).toBe(1);
        await expectAccessible(page, "landlord listings");
        if (!javaScriptEnabled) await expectNoHorizontalScroll(page);
        // A staff-only account's /mijn goes to its workspace.
        await page.goto("/mijn");
        expect(new URL(page.url()).pathname).toBe("/werk/verhuur");

        // Filters: status and text narrow the list to the new listing.
        await page.getByLabel("Status").selectOption("CLOSED");
        await Promise.all([
          page.waitForURL(/status=CLOSED/),
          page.getByRole("button", { name: "Toepassen" }).click(),
        ]);
        const statuses = await page.locator("tbody tr td:nth-child(2)").allTextContents();
        expect(statuses.length).toBeGreaterThan(0);
        expect(new Set(statuses.map((s) => s.trim()))).toEqual(new Set(["Gesloten"]));
        await page.getByLabel("Status").selectOption("");
        await page.getByLabel(/^Zoeken/).fill(title);
        await Promise.all([
          page.waitForURL(/q=E2E/),
          page.getByRole("button", { name: "Toepassen" }).click(),
        ]);
        await expect.poll(() => page.locator("tbody tr").count()).toBe(1);
        await expectAccessible(page, "landlord listings filtered");

        await follow(page, title);
        await expectAccessible(page, "landlord listing");
        // The scheduled job may have closed the listing already; otherwise close it here.
        const closeLink = page.getByRole("link", { name: "Sluiten en volgorde vastleggen" });
        if ((await closeLink.count()) === 1) {
          await follow(page, "Sluiten en volgorde vastleggen");
          await expectAccessible(page, "close confirmation");
          await confirm(page, "Ja, nu sluiten", /De woning is gesloten/);
        }
        // The ranked candidate with tier, registration years and reason.
        const candidate = page.locator("ol.candidates > li").first();
        const text = async () => ((await candidate.textContent()) ?? "").replace(/\s+/g, " ");
        await expect.poll(text).toMatch(/Plaats 1: Eva Tester/);
        expect(await text()).toMatch(/Voorrang Inschrijfduur Inschrijfduur \(jaren\) 0,0/);

        // Offer with a deadline (confirm step with a date field).
        await follow(page, "Aanbieden aan de volgende kandidaat");
        await expectAccessible(page, "offer confirmation");
        const deadline = new Date(Date.now() + 5 * 86400000).toISOString().slice(0, 10);
        await page.getByLabel("Reageren uiterlijk op").fill(deadline);
        await confirm(page, "Ja, aanbieden", /aangeboden aan de volgende kandidaat/);
        await expect.poll(() => page.getByText(/Aangeboden aan Eva Tester \(plaats 1\)/).count()).toBe(1);

        // After the viewing: the candidate accepts.
        await follow(page, /^Geaccepteerd$/);
        await expectAccessible(page, "outcome confirmation");
        await confirm(page, /^Geaccepteerd$/, /de verhuring is vastgelegd/);

        // Publish the letting result.
        await follow(page, "Resultaat publiceren");
        await expectAccessible(page, "publish confirmation");
        await confirm(page, "Ja, publiceren", /resultaat van de verhuring is gepubliceerd/);
        await expect.poll(() => page.getByText(/Resultaat gepubliceerd op/).count()).toBe(1);
        await expectAccessible(page, "let listing");
      } finally {
        await context.close();
      }
    }, 480_000);
  });
}

describe("sign-in routing", () => {
  it("an account with several roles chooses on /werk; a seeker gets no workspace", async () => {
    const admin = await apiSignIn("beheerder@demo.woonbeurt.nl", DEMO_PASSWORD);
    const { organisations } = await gql<{
      organisations: { edges: Array<{ node: { id: string; name: string } }> };
    }>(`{ organisations(first: 100) { edges { node { id name } } } }`);
    const org = (name: string) => organisations.edges.find((e) => e.node.name === name)!.node.id;
    const email = uniqueEmail("two-roles");
    const created = await gql<{
      staffAccountCreate: {
        message?: string;
        created?: { initialPassword: string; staffAccount: { id: string } };
      };
    }>(
      `mutation($i: StaffAccountCreateInput!) { staffAccountCreate(input: $i) { ... on Error { message } ... on StaffAccountCreateSuccess { created { initialPassword staffAccount { id } } } } }`,
      {
        i: {
          email,
          displayName: "Twee Rollen",
          organisationId: org("Mitros"),
          role: "LANDLORD_STAFF",
          credential: "INITIAL_PASSWORD",
        },
      },
      admin,
    );
    if (!created.staffAccountCreate.created)
      throw new Error(`staffAccountCreate: ${created.staffAccountCreate.message}`);
    const { initialPassword, staffAccount } = created.staffAccountCreate.created;
    const member = await gql<{ staffMembershipCreate: { __typename: string; message?: string } }>(
      `mutation($i: StaffMembershipCreateInput!) { staffMembershipCreate(input: $i) { __typename ... on Error { message } } }`,
      {
        i: {
          staffAccountId: staffAccount.id,
          organisationId: org("Urgentiecommissie Regio Utrecht"),
          role: "ASSESSOR",
        },
      },
      admin,
    );
    expect(member.staffMembershipCreate.__typename).toBe("StaffMembershipCreateSuccess");

    for (const javaScriptEnabled of [true, false]) {
      const context = await newContext(browser, { javaScriptEnabled });
      const page = await context.newPage();
      try {
        await signInTo(page, email, initialPassword, /\/werk$/);
        await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Werkplek");
        const sections = page.getByRole("main").getByRole("heading", { level: 2 });
        expect(await sections.allTextContents()).toEqual(["Verhuur", "Urgentiebeoordeling"]);
        await expectAccessible(page, "role chooser");
        await page.goto("/mijn");
        expect(new URL(page.url()).pathname).toBe("/werk");
        await follow(page, "Verhuur");
        expect(new URL(page.url()).pathname).toBe("/werk/verhuur");
      } finally {
        await context.close();
      }
    }

    // A seeker still signs in to /mijn and is refused the workspace.
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      const seekerEmail = uniqueEmail("no-workspace");
      await registerViaApi(seekerEmail);
      await signIn(page, seekerEmail, PASSWORD);
      const answer = await page.goto("/werk/verhuur");
      expect(answer?.status()).toBe(403);
      await expect
        .poll(() => page.getByText("U heeft geen toegang tot dit deel van de werkplek.").count())
        .toBe(1);
    } finally {
      await context.close();
    }
  }, 480_000);
});
