/**
 * The staff journeys of issue 12 from sign-in to each role's main outcome, with and without
 * JavaScript, axe on every page of the JavaScript run:
 * - landlord staff: a closed listing's candidates → offer → a declined offer recorded (the next
 *   candidate gets the offer) → accepted → letting result published (public through the API);
 * - woongroep committee: verdicts on the responses to their woongroep's listing (an unsuitable
 *   verdict confirmed first) → the order they lead to → the landlord's offer goes to the candidate
 *   the committee found suitable, not to the one with the longest registration;
 * - administrator: a new rule-set version from the one in force, with the diff confirmed first.
 * (The assessor's journey is test/e2e/staff-assessor.test.ts.) Listings are created through the
 * API with a short response window, as a landlord's own system would.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, gql, launch, newContext, registerViaApi, signIn, uniqueEmail } from "./support.ts";

const DEMO_PASSWORD = "Woonbeurt-demo-2026";
const LANDLORDS = ["verhuur.mitros", "verhuur.portaal", "verhuur.boex"].map((n) => `${n}@demo.woonbeurt.nl`);

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

type Result = { __typename: string; message?: string; listing?: { id: string; reference: string } };
function ok<T extends { message?: string }>(r: T, what: string): T {
  if (r.message) throw new Error(`${what}: ${r.message}`);
  return r;
}

async function staffToken(email: string): Promise<string> {
  const r = await gql<{ sessionCreate: { session?: { token: string }; message?: string } }>(
    `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { ... on Error { message } ... on SessionCreateSuccess { session { token } } } }`,
    { e: email, p: DEMO_PASSWORD },
  );
  if (!r.sessionCreate.session) throw new Error(`sign-in failed for ${email}: ${r.sessionCreate.message}`);
  return r.sessionCreate.session.token;
}

interface StaffDwelling {
  id: string;
  totalRent: number;
  woongroep: string | null;
  /** Accessibility label (a wheelchair dwelling needs an accessibility indication). */
  accessibility: string;
}
/** The dwellings of the staff member's listings (one entry per dwelling). */
async function dwellingsOf(token: string): Promise<StaffDwelling[]> {
  const { staffListings } = await gql<{
    staffListings: {
      edges: Array<{
        node: {
          totalRent: number;
          dwelling: { id: string; accessibility: string; woongroep: { name: string } | null };
        };
      }>;
    };
  }>(
    `{ staffListings(first: 100) { edges { node { totalRent dwelling { id accessibility woongroep { name } } } } } }`,
    {},
    token,
  );
  const byId = new Map<string, StaffDwelling>();
  for (const { node } of staffListings.edges)
    byId.set(node.dwelling.id, {
      id: node.dwelling.id,
      totalRent: node.totalRent,
      woongroep: node.dwelling.woongroep?.name ?? null,
      accessibility: node.dwelling.accessibility,
    });
  return [...byId.values()];
}

/**
 * A published listing of `dwellingId` closing in `seconds`, with a response from each seeker (and a
 * motivation where the model needs one); returns its id and reference.
 */
async function listingWithResponses(
  staff: string,
  dwellingId: string,
  model: "AANBOD" | "WOONGROEP",
  title: string,
  seekers: string[],
  seconds: number,
): Promise<{ id: string; reference: string; closesAt: Date }> {
  const closesAt = new Date(Date.now() + seconds * 1000);
  const created = await gql<{ listingCreate: Result }>(
    `mutation($input: ListingCreateMutationInput!) { listingCreate(input: $input) { __typename ... on Error { message } ... on ListingCreateSuccess { listing { id reference } } } }`,
    {
      input: {
        listing: {
          dwellingId,
          allocationModel: model,
          closesAt: closesAt.toISOString(),
          title,
          householdMin: 1,
          householdMax: 99,
        },
      },
    },
    staff,
  );
  const listing = ok(created.listingCreate, "listingCreate").listing!;
  const published = await gql<{ listingPublish: Result }>(
    `mutation($input: ListingIdInput!) { listingPublish(input: $input) { __typename ... on Error { message } } }`,
    { input: { id: listing.id } },
    staff,
  );
  ok(published.listingPublish, "listingPublish");
  for (const [index, token] of seekers.entries()) {
    const responded = await gql<{ listingRespond: Result }>(
      `mutation($input: ListingRespondInput!) { listingRespond(input: $input) { __typename ... on Error { message } } }`,
      {
        input: {
          listingId: listing.id,
          ...(model === "WOONGROEP"
            ? {
                motivation: `Ik wil graag bijdragen aan het samenleven in de woongroep (kandidaat ${index + 1}).`,
              }
            : {}),
        },
      },
      token,
    );
    ok(responded.listingRespond, `listingRespond ${index + 1}`);
  }
  return { ...listing, closesAt };
}

/** Wait until the listing's response window has passed. */
async function windowPassed(closesAt: Date): Promise<void> {
  await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now()) + 1500));
}

async function signInStaff(page: Page, email: string, target: string): Promise<void> {
  const path = new RegExp(`^[^?#]*//[^/]+${target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
  await signIn(page, email, DEMO_PASSWORD, path, `/inloggen?terug=${encodeURIComponent(target)}`);
}

/** Click and wait for the navigation it causes (a link or a form post with or without JavaScript). */
async function follow(page: Page, url: RegExp, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForURL(url), click()]);
}

describe.each([{ js: true }, { js: false }])("staff journeys (JavaScript: $js)", ({ js }) => {
  const expectA11y = js ? expectAccessible : async () => {};
  const tag = `${js ? "js" : "html"}${Date.now().toString(36)}`;

  it("landlord: candidates → offer → declined, offered to the next → accepted → result published", async () => {
    const staffEmail = LANDLORDS[0]!;
    const staff = await staffToken(staffEmail);
    // Cheap dwellings all three test seekers qualify for; the seeker suite takes the cheapest.
    const dwelling = (await dwellingsOf(staff))
      .filter((d) => !d.woongroep && d.accessibility === "NONE")
      .sort((a, b) => a.totalRent - b.totalRent)[js ? 1 : 2];
    if (!dwelling) throw new Error("no dwelling for the landlord journey");
    const seekers = [
      await registerViaApi(uniqueEmail("cand-a"), { lastName: `Eerste${tag}` }),
      await registerViaApi(uniqueEmail("cand-b"), { lastName: `Tweede${tag}` }),
    ];
    const title = `E2E verhuur ${tag}`;
    const listing = await listingWithResponses(staff, dwelling.id, "AANBOD", title, seekers, 10);

    const context = await newContext(browser, { javaScriptEnabled: js });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    try {
      await signInStaff(page, staffEmail, "/werk/verhuur");
      await expectA11y(page, "landlord listings");
      // Find the listing with the list's search filter.
      await page.getByLabel("Zoeken (referentie, titel of adres)").fill(listing.reference);
      await follow(page, /[?&]q=/, () => page.getByRole("button", { name: "Toepassen" }).click());
      await follow(page, new RegExp(`/werk/verhuur/${listing.reference}`), () =>
        page.getByRole("link", { name: title }).click(),
      );
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain(title);
      await windowPassed(listing.closesAt);
      await page.reload();

      // Close (unless the API's minute job already did); the order becomes final.
      const close = page.getByRole("link", { name: "Sluiten en volgorde vastleggen" });
      if (await close.count()) {
        await follow(page, /bevestig=close/, () => close.click());
        await expectA11y(page, "close confirmation");
        await follow(page, /opgeslagen=closed/, () =>
          page.getByRole("button", { name: "Ja, nu sluiten" }).click(),
        );
      }
      await expect.poll(() => page.locator("main").textContent()).toContain("Definitieve volgorde");
      await expectA11y(page, "closed listing with its candidates");

      // Offer to the best placed candidate; the confirm step comes first.
      const pendingCandidate = async () => {
        const pending = (await page.locator(".panel", { hasText: "Openstaand aanbod" }).textContent()) ?? "";
        return pending.includes(`Eerste${tag}`)
          ? "Eerste"
          : pending.includes(`Tweede${tag}`)
            ? "Tweede"
            : pending;
      };
      await follow(page, /bevestig=offer/, () =>
        page.getByRole("link", { name: "Aanbieden aan de volgende kandidaat" }).click(),
      );
      await expectA11y(page, "offer confirmation");
      await follow(page, /opgeslagen=offered/, () =>
        page.getByRole("button", { name: "Ja, aanbieden" }).click(),
      );
      const first = await pendingCandidate();
      expect(["Eerste", "Tweede"]).toContain(first);
      await expectA11y(page, "pending offer");

      // The first candidate declines (recorded with a reason after confirming): the dwelling is
      // offered to the next candidate at once.
      await follow(page, /uitkomst=DECLINED/, () => page.getByRole("link", { name: "Geweigerd" }).click());
      await page.getByLabel("Reden (optioneel)").fill("Woning te ver van het werk.");
      await follow(page, /opgeslagen=outcome/, () => page.getByRole("button", { name: "Geweigerd" }).click());
      expect(await page.getByRole("status").first().textContent()).toContain("De uitkomst is vastgelegd");
      expect(await pendingCandidate()).toBe(first === "Eerste" ? "Tweede" : "Eerste");

      // The next candidate accepts: the letting is recorded.
      await follow(page, /uitkomst=ACCEPTED/, () => page.getByRole("link", { name: "Geaccepteerd" }).click());
      await expectA11y(page, "accept confirmation");
      await follow(page, /opgeslagen=let/, () => page.getByRole("button", { name: "Geaccepteerd" }).click());
      expect(await page.getByRole("status").first().textContent()).toContain("verhuring is vastgelegd");
      const offers = page.getByRole("table").filter({ hasText: "Aangeboden op" });
      expect(await offers.textContent()).toContain("Geweigerd");
      expect(await offers.textContent()).toContain("Geaccepteerd");

      // Publish the result (after confirming): it shows on the public listing page.
      await follow(page, /bevestig=publishResult/, () =>
        page.getByRole("link", { name: "Resultaat publiceren" }).click(),
      );
      await expectA11y(page, "publish confirmation");
      await follow(page, /opgeslagen=published/, () =>
        page.getByRole("button", { name: "Ja, publiceren" }).click(),
      );
      expect(await page.locator("main").textContent()).toContain("Resultaat gepubliceerd op");
      const status = await gql<{
        listing: { status: string; result: { publishedAt: string | null } | null };
      }>(`query($r: String!) { listing(reference: $r) { status result { publishedAt } } }`, {
        r: listing.reference,
      });
      expect(status.listing.status).toBe("LET");
      expect(status.listing.result?.publishedAt).toBeTruthy();
    } finally {
      await context.close();
    }
  }, 240_000);

  it("landlord: direct mediation of a BEMIDDELING listing to a referred household (found by number and birth date)", async () => {
    const staffEmail = LANDLORDS[0]!;
    const staff = await staffToken(staffEmail);
    const dwelling = (await dwellingsOf(staff))
      .filter((d) => !d.woongroep && d.accessibility === "NONE")
      .sort((a, b) => a.totalRent - b.totalRent)[js ? 3 : 4];
    if (!dwelling) throw new Error("no dwelling for mediation");
    const lastName = `Verwezen${tag}`;
    const seeker = await registerViaApi(uniqueEmail("referral"), { lastName });
    const me = await gql<{ viewer: { registrationNumber: number; birthDate: string } }>(
      `{ viewer { registrationNumber birthDate } }`,
      {},
      seeker,
    );
    const title = `E2E bemiddeling ${tag}`;
    const created = await gql<{ listingCreate: Result }>(
      `mutation($input: ListingCreateMutationInput!) { listingCreate(input: $input) { __typename ... on Error { message } ... on ListingCreateSuccess { listing { id reference } } } }`,
      {
        input: {
          listing: {
            dwellingId: dwelling.id,
            allocationModel: "BEMIDDELING",
            closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
            title,
            householdMin: 1,
            householdMax: 99,
          },
        },
      },
      staff,
    );
    const listing = ok(created.listingCreate, "listingCreate").listing!;

    const context = await newContext(browser, { javaScriptEnabled: js });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    try {
      await signInStaff(page, staffEmail, `/werk/verhuur/${listing.reference}`);
      await follow(page, /\/bemiddeling/, () =>
        page.getByRole("link", { name: "Direct bemiddelen" }).click(),
      );
      await expectA11y(page, "direct mediation");
      // A number with the wrong birth date finds nobody.
      await page.getByLabel("Inschrijfnummer").fill(String(me.viewer.registrationNumber));
      await page.getByLabel("Geboortedatum van de aanvrager").fill("1950-01-01");
      await follow(page, /nummer=/, () => page.getByRole("button", { name: "Zoeken" }).click());
      expect(await page.getByRole("status").first().textContent()).toContain("geen inschrijving");
      await page.getByLabel("Geboortedatum van de aanvrager").fill(me.viewer.birthDate.slice(0, 10));
      await follow(page, new RegExp(`geboortedatum=${me.viewer.birthDate.slice(0, 10)}`), () =>
        page.getByRole("button", { name: "Zoeken" }).click(),
      );
      expect(await page.getByRole("heading", { level: 2, name: new RegExp(lastName) }).count()).toBe(1);
      expect(await page.locator("main").textContent()).toContain("Geen geldige urgentieverklaring");
      await expectA11y(page, "household found");
      // A referral needs its reference and target group; then a confirm step.
      await page.getByLabel("Een bemiddelingsverzoek").check();
      await page.getByRole("button", { name: "Verder naar bevestigen" }).click();
      await expect
        .poll(() => page.locator("main").textContent())
        .toContain("Vul het kenmerk van het verzoek in");
      await page.getByLabel("Een bemiddelingsverzoek").check();
      await page.getByLabel("Kenmerk van het bemiddelingsverzoek").fill("GEM-UTR-2026-0042");
      await page.getByLabel("Doelgroep van het verzoek").selectOption("STATUSHOUDER");
      await page.getByRole("button", { name: "Verder naar bevestigen" }).click();
      await page.getByRole("heading", { name: "Toewijzing bevestigen" }).waitFor();
      await expectA11y(page, "mediation confirmation");
      await follow(page, /opgeslagen=let/, () => page.getByRole("button", { name: "Ja, toewijzen" }).click());
      expect(await page.getByRole("status").first().textContent()).toContain("verhuring is vastgelegd");
      const after = await gql<{ node: { status: string; letting: { decidedBy: string } | null } }>(
        `query($id: ID!) { node(id: $id) { ... on Listing { status letting { decidedBy } } } }`,
        { id: listing.id },
        staff,
      );
      expect(after.node).toEqual({ status: "LET", letting: { decidedBy: "MEDIATION" } });
    } finally {
      await context.close();
    }
  }, 240_000);

  it("committee: verdicts (unsuitable confirmed first) → order → the offer goes to the suitable candidate", async () => {
    // The landlord of Woongroep De Zambesi and one of its dwellings.
    let owner: { token: string; dwelling: StaffDwelling } | null = null;
    for (const email of LANDLORDS) {
      const token = await staffToken(email);
      const zambesi = (await dwellingsOf(token)).filter(
        (d) => d.woongroep === "Woongroep De Zambesi" && d.accessibility === "NONE",
      );
      if (zambesi.length) owner = { token, dwelling: zambesi[js ? 0 : Math.min(1, zambesi.length - 1)]! };
      if (owner) break;
    }
    if (!owner) throw new Error("no landlord with a Zambesi dwelling");
    const seekers = {
      [`Ouder${tag}`]: await registerViaApi(uniqueEmail("wg-a"), { lastName: `Ouder${tag}` }),
      [`Jonger${tag}`]: await registerViaApi(uniqueEmail("wg-b"), { lastName: `Jonger${tag}` }),
    };
    const title = `E2E woongroep ${tag}`;
    const listing = await listingWithResponses(
      owner.token,
      owner.dwelling.id,
      "WOONGROEP",
      title,
      Object.values(seekers),
      10,
    );

    const context = await newContext(browser, { javaScriptEnabled: js });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    try {
      await signInStaff(page, "commissie@demo.woonbeurt.nl", "/werk/commissie");
      await expectA11y(page, "committee listings");
      await follow(page, new RegExp(`/werk/commissie/${listing.reference}`), () =>
        page.getByRole("link", { name: title }).click(),
      );
      await expectA11y(page, "committee listing");
      // Only name, motivation and registration years: no income or household.
      const main = (await page.locator("main").textContent()) ?? "";
      expect(main).toContain("Ik wil graag bijdragen aan het samenleven");
      expect(main).not.toMatch(/inkomen \d|per jaar/i);

      const card = (name: string) => page.locator("article").filter({ hasText: name });
      const orderText = async () => (await page.locator("ol.order").textContent()) ?? "";
      // Without verdicts the order is by registration years (here equal, then response time): the
      // committee finds the first unsuitable and the second suitable, so the second must lead.
      const names = Object.keys(seekers);
      const before = await orderText();
      const [ahead, behind] = names.sort((a, b) => before.indexOf(a) - before.indexOf(b)) as [string, string];
      expect(before.indexOf(ahead)).toBeGreaterThanOrEqual(0);

      // A verdict without a reason is not saved (the browser's required check, or the server's).
      const first = card(ahead);
      await first.getByLabel("Ongeschikt").check();
      await first.getByRole("button", { name: /Oordeel over .* opslaan/ }).click();
      await page.waitForLoadState("networkidle");
      expect(await page.getByRole("heading", { name: "Ongeschikt bevestigen" }).count()).toBe(0);
      await card(ahead).getByLabel("Ongeschikt").check();
      await card(ahead)
        .getByLabel(/Reden van het oordeel/)
        .fill("Past niet bij de afspraken over samen koken.");
      await card(ahead)
        .getByRole("button", { name: /Oordeel over .* opslaan/ })
        .click();
      // Unsuitable asks to confirm first; nothing is saved yet.
      await page.getByRole("heading", { name: "Ongeschikt bevestigen" }).waitFor();
      await expectA11y(page, "unsuitable confirmation");
      await page.getByRole("button", { name: "Ja, ongeschikt" }).click();
      await expect
        .poll(() => page.getByRole("status").first().textContent())
        .toContain("Het oordeel is opgeslagen");

      await card(behind).getByLabel("Geschikt", { exact: true }).check();
      await card(behind)
        .getByLabel(/Reden van het oordeel/)
        .fill("Sterke motivatie, kookt graag voor de groep.");
      await card(behind)
        .getByRole("button", { name: /Oordeel over .* opslaan/ })
        .click();
      await expect.poll(async () => (await card(behind).textContent()) ?? "").toContain("Sterke motivatie");
      // The order now: the suitable candidate first; the unsuitable one is out.
      const after = await orderText();
      expect(after).toContain(behind);
      expect(after).not.toContain(ahead);
      await expectA11y(page, "committee listing after verdicts");

      // After the window the landlord closes and offers: to the candidate found suitable.
      await windowPassed(listing.closesAt);
      const closed = await gql<{ listingClose: Result }>(
        `mutation($input: ListingIdInput!) { listingClose(input: $input) { __typename ... on Error { message } } }`,
        { input: { id: listing.id } },
        owner.token,
      );
      if (closed.listingClose.message) {
        const st = await gql<{ listing: { status: string } }>(
          `query($r: String!) { listing(reference: $r) { status } }`,
          {
            r: listing.reference,
          },
        );
        expect(st.listing.status, closed.listingClose.message).toBe("CLOSED");
      }
      const offered = await gql<{ offerMake: Result }>(
        `mutation($input: OfferMakeInput!) { offerMake(input: $input) { __typename ... on Error { message } } }`,
        { input: { listingId: listing.id } },
        owner.token,
      );
      ok(offered.offerMake, "offerMake");
      const mine = await gql<{ listing: { viewerResponse: { status: string } | null } }>(
        `query($r: String!) { listing(reference: $r) { viewerResponse { status } } }`,
        { r: listing.reference },
        seekers[behind]!,
      );
      expect(mine.listing.viewerResponse?.status).toBe("OFFERED");
    } finally {
      await context.close();
    }
  }, 240_000);

  it("administrator: a new rule-set version from the one in force, the diff confirmed first", async () => {
    const context = await newContext(browser, { javaScriptEnabled: js });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    try {
      await signInStaff(page, "beheerder@demo.woonbeurt.nl", "/werk/beheer");
      await follow(page, /\/werk\/beheer\/regels/, () =>
        page.getByRole("link", { name: "Regelsets" }).click(),
      );
      await expectA11y(page, "rule sets");
      const name = `Regio Utrecht ${tag}`;
      // Far in the future (and later for the second run), so no other test meets this version.
      const effective = new Date(Date.now() + (js ? 900 : 901) * 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel("Naam").fill(name);
      await page.getByLabel("Geldig vanaf").fill(effective);
      await page.getByLabel("Toelichting").fill("Urgentie een maand langer geldig (e2e).");
      const field = page.getByLabel("Parameters (JSON)");
      const parameters = JSON.parse(await field.inputValue()) as {
        urgency: { defaultValidityMonths: number };
      };
      const before = parameters.urgency.defaultValidityMonths;
      parameters.urgency.defaultValidityMonths = before + 1;
      // Invalid JSON first: refused at the field.
      await field.fill("{ niet geldig");
      await page.getByRole("button", { name: "Verschillen tonen" }).click();
      await expect.poll(() => page.locator("main").textContent()).toContain("geen geldig JSON-object");
      await page.getByLabel("Parameters (JSON)").fill(JSON.stringify(parameters, null, 2));
      await page.getByRole("button", { name: "Verschillen tonen" }).click();
      // The diff: one change, nothing stored yet.
      await page.getByRole("heading", { name: "Nieuwe versie bevestigen" }).waitFor();
      const diff = page.getByRole("table", { name: "Wijzigingen" });
      expect(await diff.textContent()).toContain("urgency.defaultValidityMonths");
      expect(await diff.textContent()).toContain(String(before + 1));
      await expectA11y(page, "rule-set diff");
      await page.getByRole("button", { name: "Versie vastleggen" }).click();
      await expect
        .poll(() => page.getByRole("status").first().textContent())
        .toContain("De nieuwe regelsetversie is vastgelegd");
      expect(await page.getByRole("table").first().textContent()).toContain(name);
      await expectA11y(page, "rule sets after creating a version");
    } finally {
      await context.close();
    }
  }, 120_000);
});
