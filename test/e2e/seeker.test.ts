/**
 * Signed-in journeys with JavaScript: register (with a household member and the summary step),
 * the dashboard's registration clock, eligibility rule by rule and positions on a listing,
 * respond and withdraw, a woongroep motivation, editing household and income, the urgency
 * application (draft, steps, document, submit, withdraw, status), personal access tokens, data
 * export and deleting the account. Every page is checked with axe while signed in.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARTIFACTS,
  PASSWORD,
  eligibleReferences,
  expectAccessible,
  gql,
  launch,
  newContext,
  screenshot,
  uniqueEmail,
} from "./support.ts";

let browser: Browser;
let page: Page;
const email = uniqueEmail("seeker");
let token = "";

beforeAll(async () => {
  browser = await launch();
  page = await (await newContext(browser)).newPage();
});
afterAll(async () => browser?.close());

/**
 * Set up a pending offer for the seeker through the API, as the landlord would: a new listing
 * (cheapest non-woongroep Mitros dwelling) with a short response window, the seeker's response,
 * close, offer. Returns the listing's title.
 */
async function offerToSeeker(seekerToken: string): Promise<{ title: string }> {
  const signIn = await gql<{ sessionCreate: { session?: { token: string }; message?: string } }>(
    `mutation { sessionCreate(input: { email: "verhuur.mitros@demo.woonbeurt.nl", password: "Woonbeurt-demo-2026" }) { ... on SessionCreateSuccess { session { token } } ... on Error { message } } }`,
  );
  const staff = signIn.sessionCreate.session?.token;
  if (!staff) throw new Error(`staff sign-in failed: ${signIn.sessionCreate.message}`);
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
  const title = `E2E aanbod ${Date.now().toString(36)}`;
  const closesAt = new Date(Date.now() + 8000);
  type R = { __typename: string; message?: string; listing?: { id: string } };
  const check = (r: R, what: string) => {
    if (r.message) throw new Error(`${what}: ${r.message}`);
    return r;
  };
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
  const idInput = { input: { id: listingId } };
  const published = await gql<{ listingPublish: R }>(
    `mutation($input: ListingIdInput!) { listingPublish(input: $input) { __typename ... on Error { message } } }`,
    idInput,
    staff,
  );
  check(published.listingPublish, "listingPublish");
  const responded = await gql<{ listingRespond: R }>(
    `mutation($input: ListingRespondInput!) { listingRespond(input: $input) { __typename ... on Error { message } } }`,
    { input: { listingId } },
    seekerToken,
  );
  check(responded.listingRespond, "listingRespond");
  await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now()) + 1500));
  const closed = await gql<{ listingClose: R }>(
    `mutation($input: ListingIdInput!) { listingClose(input: $input) { __typename ... on Error { message } } }`,
    idInput,
    staff,
  );
  if (closed.listingClose.message) {
    // The API's minute job closes due listings itself (jobs.ts closeDueListings, the same
    // closeListingTx); if it came first, the listing must now be closed, not still open.
    const st = await gql<{ node: { status: string } | null }>(
      `query($id: ID!) { node(id: $id) { ... on Listing { status } } }`,
      { id: listingId },
      staff,
    );
    if (st.node?.status !== "CLOSED") check(closed.listingClose, "listingClose");
  }
  const offered = await gql<{ offerMake: R }>(
    `mutation($input: OfferMakeInput!) { offerMake(input: $input) { __typename ... on Error { message } } }`,
    { input: { listingId } },
    staff,
  );
  check(offered.offerMake, "offerMake");
  return { title };
}

async function sessionToken(): Promise<string> {
  const cookies = await page.context().cookies();
  const c = cookies.find((x) => x.name === "wb_session");
  if (!c) throw new Error("no wb_session cookie");
  expect(c.httpOnly).toBe(true);
  expect(c.sameSite).toBe("Lax");
  expect(c.path).toBe("/");
  return c.value;
}

describe("seeker with JavaScript", () => {
  it("shows field errors with an error summary that gets focus", async () => {
    await page.goto("/inschrijven");
    await page.getByRole("button", { name: "Verder naar controleren" }).click();
    const summary = page.getByRole("alert");
    await summary.waitFor();
    // focused once hydrated (a click before hydration submits natively and the summary is focused
    // when the page hydrates)
    await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary"), null, {
      timeout: 5000,
    });
    const email = page.getByLabel(/^E-mailadres/);
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await email.getAttribute("aria-describedby")) ?? "";
    expect(await page.locator(`#${describedBy.split(" ").at(-1)}`).textContent()).toMatch(
      /geldig e-mailadres/,
    );
    await expectAccessible(page, "inschrijven with errors");
    await screenshot(page, "inschrijven-fouten");
  });

  it("registers with a household member through the summary step", async () => {
    await page.goto("/inschrijven");
    await page.getByLabel(/^E-mailadres/).fill(email);
    await page.getByLabel(/^Voornaam/).fill("Noor");
    await page.getByLabel(/^Achternaam/).fill("de Vries");
    await page.getByLabel(/^Geboortedatum/).fill("1991-03-05");
    await page.getByRole("button", { name: "Huisgenoot toevoegen" }).click();
    await page.locator("#register-member-0-firstName").waitFor();
    await page.locator("#register-member-0-role").selectOption("PARTNER");
    await page.locator("#register-member-0-firstName").fill("Sam");
    await page.locator("#register-member-0-birthDate").fill("1992-07-01");
    await page.getByLabel(/^Bruto huishoudinkomen/).fill("31.250");
    await page.getByLabel(/^Hoe woont u nu/).selectOption("WITH_PARENTS");
    await page.getByLabel(/^Ik ga akkoord/).check();
    await page.getByRole("button", { name: "Verder naar controleren" }).click();
    await page.getByRole("heading", { name: "Controleer uw gegevens" }).waitFor();
    expect(await page.getByText("Huishouden van 2 personen").count()).toBe(1);
    expect(await page.getByText(/€\s31\.250/).count()).toBe(1);
    await expectAccessible(page, "inschrijven summary");
    await screenshot(page, "inschrijven-samenvatting");
    // the password is chosen on the summary step, so it never makes a round trip
    await page
      .getByLabel(/^Wachtwoord/)
      .first()
      .fill(PASSWORD);
    await page.getByLabel(/^Herhaal het wachtwoord/).fill(PASSWORD);
    await Promise.all([
      page.waitForURL(/\/inloggen\?ingeschreven=1/),
      page.getByRole("button", { name: "Bevestigen en inschrijven" }).click(),
    ]);
    expect(await page.getByRole("status").textContent()).toMatch(/Kijk in uw e-mail/);
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel(/^Wachtwoord/).fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/mijn/), page.getByRole("button", { name: "Inloggen" }).click()]);
    token = await sessionToken();
  });

  it("dashboard shows the registration clock starting", async () => {
    await page.getByRole("heading", { name: "Uw inschrijfduur" }).waitFor();
    expect(await page.getByText("U bent ingeschreven").count()).toBe(1);
    expect(await page.locator("section[aria-labelledby=reg-title]").textContent()).toMatch(/0,00 jaar/);
    await expectAccessible(page, "mijn");
    await screenshot(page, "mijn-nl");
  });

  it("explains eligibility rule by rule, shows positions, responds and withdraws", async () => {
    const [ref] = await eligibleReferences(token, "AANBOD");
    expect(ref, "an open AANBOD listing the new seeker qualifies for").toBeTruthy();
    await page.goto(`/woning/${ref}`);
    expect(await page.getByText("U komt in aanmerking").count()).toBeGreaterThan(0);
    const checks = page.locator("ul.checks li");
    expect(await checks.count()).toBeGreaterThan(2);
    expect(await page.locator("ul.checks").textContent()).toMatch(/huishoudinkomen van €\s31\.250/);
    expect(await page.getByText("Als u nu reageert").count()).toBe(1);
    expect(await page.getByText("Verwacht bij sluiting").count()).toBe(1);
    expect(await page.getByText("Hoe geschat").count()).toBe(1);
    // the estimate's measured error on closed listings (the API's backtest)
    expect(await page.locator(".estimate-error").textContent()).toMatch(
      /Doorgaans zat deze schatting er [\d,]+ plaatsen naast/,
    );
    // the criteria come from the API, in Dutch, with their source rule
    const criteria = page.locator("ul.criteria li");
    expect(await criteria.count()).toBeGreaterThan(1);
    expect(await page.locator("ul.criteria").textContent()).toMatch(/inkomen/i);
    await expectAccessible(page, "woning signed in");
    await screenshot(page, "woning-ingelogd");
    await Promise.all([
      page.waitForURL(/gereageerd=1/),
      page.getByRole("button", { name: "Reageer op deze woning" }).click(),
    ]);
    expect(await page.getByText("Uw reactie is ontvangen.").count()).toBe(1);
    expect(await page.getByText("Positie nu").count()).toBe(1);
    await page.goto("/mijn");
    expect(await page.locator("section[aria-labelledby=active-title] tbody tr").count()).toBe(1);
    await page.goto(`/woning/${ref}`);
    await Promise.all([
      page.waitForURL(/ingetrokken=1/),
      page.getByRole("button", { name: "Reactie intrekken" }).click(),
    ]);
    expect(await page.getByText("Uw reactie is ingetrokken.").count()).toBe(1);
  });

  it("lists only eligible listings with per-card eligibility and position", async () => {
    await page.goto("/aanbod?passend=1");
    const cards = page.locator("ul.cards > li");
    const n = await cards.count();
    expect(n).toBeGreaterThan(0);
    expect(await page.locator("ul.cards .badge--ok").count()).toBe(n);
    expect(await cards.first().textContent()).toMatch(/Als u nu reageert|Positie nu/);
    await expectAccessible(page, "aanbod signed in");
    await page.goto("/aanbod");
    expect(await page.locator("ul.cards .badge--ok, ul.cards .badge--bad").count()).toBeGreaterThan(0);
  });

  it("combines 'only what I qualify for' with the other filters and the order", async () => {
    await page.goto("/aanbod?passend=1&kamers=2&sorteer=RENT_ASC");
    expect(await page.getByRole("status").first().textContent()).toMatch(/\d+ woning/);
    const cards = page.locator("ul.cards > li");
    const n = await cards.count();
    expect(await page.locator("ul.cards .badge--ok").count()).toBe(n);
    const rows = await page.locator("ul.cards > li").evaluateAll((lis) =>
      lis.map((li) => {
        const facts = [...li.querySelectorAll("dl.facts dt")].map((dt) => [
          dt.textContent?.trim(),
          dt.nextElementSibling?.textContent?.trim() ?? "",
        ]);
        const get = (label: string) => facts.find(([k]) => k === label)?.[1] ?? "";
        return { rooms: Number(get("Kamers")), rent: li.textContent ?? "" };
      }),
    );
    for (const r of rows) expect(r.rooms).toBeGreaterThanOrEqual(2);
    // the filters stay filled in, and the toggle stays on
    expect(await page.locator("#f-passend").isChecked()).toBe(true);
    expect(await page.locator("#f-kamers").inputValue()).toBe("2");
    expect(await page.locator("#f-sorteer").inputValue()).toBe("RENT_ASC");
  });

  it("declines a pending offer after a confirmation step (also without JavaScript)", async () => {
    const listingRef = await offerToSeeker(token);
    await page.goto("/mijn");
    const offers = page.locator("section[aria-labelledby=offers-title]");
    await offers.waitFor();
    expect(await offers.textContent()).toContain(listingRef.title);
    // step 1: the decline link asks for confirmation first; "no" keeps the offer
    await page.getByRole("link", { name: new RegExp(`Aanbod weigeren\\s*:\\s*${listingRef.title}`) }).click();
    await page.getByRole("heading", { name: /Weet u zeker dat u .* wilt weigeren\?/ }).waitFor();
    await expectAccessible(page, "mijn offer decline confirmation");
    await screenshot(page, "mijn-aanbod-weigeren");
    await page.getByRole("link", { name: "Nee, terug" }).click();
    await page
      .getByRole("link", { name: new RegExp(`Aanbod weigeren\\s*:\\s*${listingRef.title}`) })
      .waitFor();
    // step 2, without JavaScript: confirm with a reason
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    await ctx.addCookies(await page.context().cookies());
    const nojs = await ctx.newPage();
    await nojs.goto("/mijn");
    await Promise.all([
      nojs.waitForURL(/weigeren=/),
      nojs.getByRole("link", { name: new RegExp(`Aanbod weigeren\\s*:\\s*${listingRef.title}`) }).click(),
    ]);
    await nojs.getByLabel(/^Reden/).fill("De woning is te ver van mijn werk.");
    await Promise.all([
      nojs.waitForURL(/opgeslagen=offerDeclined/),
      nojs.getByRole("button", { name: "Ja, aanbod weigeren" }).click(),
    ]);
    expect(await nojs.getByText("U hebt het aanbod geweigerd.", { exact: false }).count()).toBe(1);
    expect(await nojs.locator("section[aria-labelledby=offers-title]").count()).toBe(0);
    // the response moved from active to past, as declined
    expect(await nojs.locator("section[aria-labelledby=past-title]").textContent()).toMatch(
      new RegExp(`${listingRef.title}.*Afgewezen|${listingRef.title}.*Geweigerd`, "s"),
    );
    await ctx.close();
    const { viewer } = await gql<{ viewer: { offers: Array<{ outcome: string; outcomeReason: string }> } }>(
      `{ viewer { offers { outcome outcomeReason } } }`,
      {},
      token,
    );
    expect(viewer.offers.some((o) => o.outcome === "DECLINED" && /te ver/.test(o.outcomeReason))).toBe(true);
  });

  it("woongroep listing asks for a motivation and explains dragend", async () => {
    const [ref] = await eligibleReferences(token, "WOONGROEP");
    if (!ref) return; // the seed has no open woongroep listing this seeker qualifies for
    await page.goto(`/woning/${ref}`);
    expect(await page.getByText("Wat betekent 'dragend'?").count()).toBe(1);
    await page.getByRole("button", { name: "Reageer op deze woning" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.locator("#respond-motivation").getAttribute("aria-invalid")).toBe("true");
    await page
      .locator("#respond-motivation")
      .fill(
        "Ik kook graag voor anderen en help buren met boodschappen en de tuin. Ik organiseer ook graag een maandelijkse koffieochtend.",
      );
    await Promise.all([
      page.waitForURL(/gereageerd=1/),
      page.getByRole("button", { name: "Reageer op deze woning" }).click(),
    ]);
    expect(await page.getByRole("heading", { name: "Uw motivatie" }).count()).toBe(1);
    await expectAccessible(page, "woongroep");
    await screenshot(page, "woning-woongroep");
  });

  it("edits household and income", async () => {
    await page.goto("/mijn/huishouden");
    await expectAccessible(page, "huishouden");
    await page.getByRole("button", { name: "Huisgenoot 1 verwijderen" }).click();
    await page.getByText("U verhuist alleen").waitFor();
    await Promise.all([
      page.waitForURL(/opgeslagen=household/),
      page.getByRole("button", { name: "Opslaan" }).click(),
    ]);
    expect(await page.getByText("Huishouden van 1 persoon").count()).toBeGreaterThan(0);
    await page.goto("/mijn/inkomen");
    await expectAccessible(page, "inkomen");
    await page.getByLabel(/^Bruto huishoudinkomen/).fill("abc");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByRole("alert").waitFor();
    await page.getByLabel(/^Bruto huishoudinkomen/).fill("29500");
    await Promise.all([
      page.waitForURL(/opgeslagen=income/),
      page.getByRole("button", { name: "Opslaan" }).click(),
    ]);
    expect(await page.getByText(/Huidig huishoudinkomen: €\s29\.500/).count()).toBe(1);
  });

  it("applies for urgency in steps: draft, document, profile, submit, withdraw", async () => {
    await page.goto("/urgentie");
    await expectAccessible(page, "urgentie");
    await page.getByLabel("Mantelzorg (geven of ontvangen)").check();
    await Promise.all([
      page.waitForURL(/bewerken\?stap=2/),
      page.getByRole("button", { name: "Start de aanvraag (concept)" }).click(),
    ]);
    await page.getByLabel(/^Beschrijf uw situatie/).fill("Te kort");
    await page.getByRole("button", { name: "Opslaan en verder" }).click();
    await page.getByRole("alert").waitFor();
    await page
      .getByLabel(/^Beschrijf uw situatie/)
      .fill("Ik zorg dagelijks voor mijn moeder die in een andere stad woont; reizen kost vier uur per dag.");
    await Promise.all([
      page.waitForURL(/stap=3/),
      page.getByRole("button", { name: "Opslaan en verder" }).click(),
    ]);
    await expectAccessible(page, "urgentie documenten");
    const pdf = path.join(ARTIFACTS, "verklaring.pdf");
    fs.writeFileSync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    await page.getByLabel(/^Documenten toevoegen/).setInputFiles(pdf);
    await Promise.all([
      page.waitForURL(/stap=4/),
      page.getByRole("button", { name: "Opslaan en verder" }).click(),
    ]);
    await page.getByLabel("Vanaf verdieping").fill("1");
    await Promise.all([
      page.waitForURL(/stap=5/),
      page.getByRole("button", { name: "Opslaan en verder" }).click(),
    ]);
    expect(await page.getByText("verklaring.pdf").count()).toBe(1);
    await expectAccessible(page, "urgentie samenvatting");
    await screenshot(page, "urgentie-samenvatting");
    await Promise.all([
      page.waitForURL(/melding=submitted/),
      page.getByRole("button", { name: "Aanvraag indienen" }).click(),
    ]);
    expect(await page.locator("ol.timeline").textContent()).toMatch(/Ingediend/);
    await expectAccessible(page, "urgentie status");
    await screenshot(page, "urgentie-status");
    await page.getByRole("button", { name: "Intrekken" }).click();
    await page.getByRole("alert").waitFor();
    await page.getByLabel("Ja, ik wil deze aanvraag intrekken").check();
    await Promise.all([
      page.waitForURL(/melding=withdrawn/),
      page.getByRole("button", { name: "Intrekken" }).click(),
    ]);
    expect(await page.locator("ol.timeline").textContent()).toMatch(/Ingetrokken/);
    await page.goto("/mijn");
    expect(await page.locator("section[aria-labelledby=urgency-title]").textContent()).toMatch(/Ingetrokken/);
  });

  it("creates a personal access token that works against the API, then revokes it", async () => {
    await page.goto("/account");
    await expectAccessible(page, "account");
    await page.getByLabel(/^Naam/).fill("Mijn woon-app");
    await page.getByRole("button", { name: "Token aanmaken" }).click();
    const shown = page.locator("#new-token");
    await shown.waitFor();
    const pat = (await shown.textContent())!.trim();
    const data = await gql<{ viewer: { email: string } | null }>(`{ viewer { email } }`, {}, pat);
    expect(data.viewer?.email).toBe(email);
    await screenshot(page, "account");
    await page.goto("/account");
    expect(
      (await page.getByText("nog niet gebruikt").count()) +
        (await page.locator("td").filter({ hasText: /\d{4}/ }).count()),
    ).toBeGreaterThan(0);
    await page.getByRole("button", { name: /Intrekken Mijn woon-app/ }).click();
    await page.getByText("Het token is ingetrokken.").waitFor();
    const after = await gql<{ viewer: unknown }>(`{ viewer { email } }`, {}, pat).catch(() => ({
      viewer: null,
    }));
    expect(after.viewer).toBeNull();
  });

  it("downloads my data", async () => {
    await page.goto("/account");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download mijn gegevens" }).click(),
    ]);
    const file = path.join(ARTIFACTS, "mijn-gegevens.export.txt");
    await download.saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, "utf8")) as { email: string };
    expect(exported.email).toBe(email);
  });

  it("accepts a pending offer after a confirmation step (the confirmation without JavaScript)", async () => {
    const listingRef = await offerToSeeker(token);
    await page.goto("/mijn");
    const acceptLink = () =>
      page.getByRole("link", { name: new RegExp(`Aanbod accepteren\\s*:\\s*${listingRef.title}`) });
    await acceptLink().click();
    await page.getByRole("heading", { name: /Wilt u .* accepteren\?/ }).waitFor();
    expect(await page.getByText("U houdt 75% van uw inschrijfduur", { exact: false }).count()).toBe(1);
    await expectAccessible(page, "mijn offer accept confirmation");
    await page.getByRole("link", { name: "Nee, terug" }).click();
    await acceptLink().waitFor();
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    await ctx.addCookies(await page.context().cookies());
    const nojs = await ctx.newPage();
    await nojs.goto("/mijn");
    await Promise.all([
      nojs.waitForURL(/accepteren=/),
      nojs.getByRole("link", { name: new RegExp(`Aanbod accepteren\\s*:\\s*${listingRef.title}`) }).click(),
    ]);
    await Promise.all([
      nojs.waitForURL(/opgeslagen=offerAccepted/),
      nojs.getByRole("button", { name: "Ja, aanbod accepteren" }).click(),
    ]);
    expect(await nojs.getByText("U hebt het aanbod geaccepteerd.", { exact: false }).count()).toBe(1);
    expect(await nojs.locator("section[aria-labelledby=offers-title]").count()).toBe(0);
    await ctx.close();
    const { viewer } = await gql<{
      viewer: { offers: Array<{ outcome: string; listing: { title: string; status: string } }> };
    }>(`{ viewer { offers { outcome listing { title status } } } }`, {}, token);
    expect(viewer.offers).toContainEqual({
      outcome: "ACCEPTED",
      listing: { title: listingRef.title, status: "LET" },
    });
  });

  it("deletes the account (password confirmed) and signs out", async () => {
    await page.goto("/account");
    await page.getByRole("button", { name: "Account definitief verwijderen" }).click();
    await page.getByRole("alert").waitFor();
    await page.getByLabel("Uw wachtwoord ter bevestiging").fill(PASSWORD);
    await page.getByLabel("Ik begrijp dat dit niet ongedaan kan worden").check();
    await Promise.all([
      page.waitForURL(/verwijderd=1/),
      page.getByRole("button", { name: "Account definitief verwijderen" }).click(),
    ]);
    expect(await page.getByText("Uw account en persoonsgegevens zijn verwijderd.").count()).toBe(1);
    expect((await page.context().cookies()).find((c) => c.name === "wb_session")).toBeUndefined();
  });
});
