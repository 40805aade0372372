/**
 * The landlord's listing editor (issue 12 item 1, issue 11 item 5), without JavaScript: a landlord
 * staff member creates a draft listing with a new dwelling, publishes it and sees the rules'
 * problem at its field, corrects it, uploads a photo with its alt text (a renamed text file is
 * refused), and publishes. The public listing page then shows the photo with its alt text (served
 * resized through /foto), cards without a photo show the local placeholder, and axe passes on the
 * editor and the listing page (axe needs scripts, so those checks run in a JavaScript context).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectAccessible,
  expectNoHorizontalScroll,
  gql,
  launch,
  newContext,
  signIn,
  uniqueEmail,
} from "./support.ts";

const DEMO_PASSWORD = "Woonbeurt-demo-2026";
const STAFF = "verhuur.mitros@demo.woonbeurt.nl";
/** A 64×48 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAfUlEQVRoge2SAQkAURSDFs5wy3IpL4Y8/sAAOha+nia6AQuoviK7UO8S3YAFVF+RXah3iW7AAqqvyC7Uu0Q3YAHVV2QX6l2iG7CA6iuyC/Uu0Q1YQPUV2YV6l+gGLKD6iuxCvUt0AxZQfUV2od4lugELqL4iu1DvEt2AxwN+SyyJANp2+CoAAAAASUVORK5CYII=",
  "base64",
);
const ALT = "Lichte woonkamer met grote ramen aan de tuinzijde";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function signInStaff(page: Page, target: string): Promise<void> {
  const path = new RegExp(`^[^?#]*//[^/]+${target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
  await signIn(page, STAFF, DEMO_PASSWORD, path, `/inloggen?terug=${encodeURIComponent(target)}`);
}

/** The day after `days` days from now, as YYYY-MM-DD. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

/** Whether an <img> loaded (its bytes decoded into a picture). */
const loaded = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

describe("listing editor without JavaScript", () => {
  it("draft → rules' problem at its field → photo with alt text → published, shown to seekers", async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signInStaff(page, "/werk/verhuur/nieuw");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Nieuwe advertentie");

    // an empty form: the error summary names the fields
    await page.getByRole("button", { name: "Concept opslaan" }).click();
    const summary = page.locator(".error-summary");
    expect(await summary.isVisible()).toBe(true);
    expect(await summary.getByRole("link").count()).toBeGreaterThanOrEqual(5);

    const title = `Driekamerwoning Editorstraat ${Date.now().toString(36)}`;
    await page.getByLabel("Straat").fill("Editorstraat");
    await page.getByLabel("Huisnummer").fill("17");
    await page.getByLabel("Postcode").fill("3511 ab");
    await page.getByLabel("Plaats").fill("Utrecht");
    await page.getByLabel("Gemeente").selectOption({ index: 1 });
    await page.getByLabel("Soort woning").selectOption("APARTMENT");
    await page.getByLabel("Aantal kamers").fill("3");
    await page.getByLabel("Woonoppervlakte (m²)").fill("72");
    await page.getByLabel("Kale huur").fill("612,50");
    await page.getByLabel("Titel").fill(title);
    await page.getByLabel("Sluitingsdatum").fill(inDays(14));
    // middle rent does not fit a social rent: the rules say so at publication
    await page.getByLabel("Inkomensgroep").selectOption("MIDDLE_RENT");
    await Promise.all([
      page.waitForURL(/\/bewerken\?aangemaakt=1$/),
      page.getByRole("button", { name: "Concept opslaan" }).click(),
    ]);
    const editUrl = page.url().replace(/\?.*$/, "");
    const reference = decodeURIComponent(editUrl.split("/").at(-2)!);

    await page.getByRole("button", { name: "Publiceren" }).click();
    const problem = page.locator(".error-summary a[href='#listing-incomeBand']");
    const summaryText = (await page.locator(".error-summary").textContent()) ?? "";
    expect(await problem.count(), summaryText).toBe(1);
    expect(await page.locator("#listing-incomeBand").getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Inkomensgroep").selectOption("DAEB");
    await Promise.all([
      page.waitForURL(/\?opgeslagen=1$/),
      page.getByRole("button", { name: "Wijzigingen opslaan" }).click(),
    ]);

    // the draft's dwelling can still change: the rent goes to the draft listing too
    await page.getByLabel("Kale huur").fill("598");
    await Promise.all([
      page.waitForURL(/\?opgeslagen=1$/),
      page.getByRole("button", { name: "Woning opslaan" }).click(),
    ]);
    expect(await page.getByLabel("Kale huur").inputValue()).toBe("598");

    // a text file named .jpg is refused; a real photo needs its alt text and then is shown
    const add = page.locator("form[action='?/photoAdd']");
    await add.getByLabel("Foto", { exact: true }).setInputFiles({
      name: "woonkamer.jpg",
      mimeType: "image/jpeg",
      buffer: Buffer.from("Dit is geen foto.\n"),
    });
    await add.getByLabel("Beschrijving (alt-tekst) in het Nederlands").fill(ALT);
    await add.getByRole("button", { name: "Foto toevoegen" }).click();
    expect(await page.locator(".error-summary").textContent()).toContain("must be a JPEG, PNG or WebP image");
    await add.getByLabel("Foto", { exact: true }).setInputFiles({
      name: "woonkamer.png",
      mimeType: "image/png",
      buffer: PNG,
    });
    await add.getByLabel("Beschrijving (alt-tekst) in het Nederlands").fill(ALT);
    await Promise.all([
      page.waitForURL(/\?foto=1/),
      add.getByRole("button", { name: "Foto toevoegen" }).click(),
    ]);
    expect(await page.getByRole("img", { name: ALT }).count()).toBe(1);
    expect(await loaded(page, `img[alt="${ALT}"]`)).toBe(true);

    await Promise.all([
      page.waitForURL(/\?gepubliceerd=1$/),
      page.getByRole("button", { name: "Publiceren" }).click(),
    ]);
    expect(await page.getByRole("status").textContent()).toContain("gepubliceerd");
    await ctx.close();

    // the editor, with scripts for axe, at 360 px
    const staffCtx = await newContext(browser, { width: 360, height: 800 });
    const staffPage = await staffCtx.newPage();
    await signInStaff(staffPage, "/werk/verhuur/nieuw");
    await expectAccessible(staffPage, "new listing form");
    await expectNoHorizontalScroll(staffPage);
    await staffPage.goto(new URL(editUrl).pathname, { waitUntil: "networkidle" });
    await expectAccessible(staffPage, "listing editor");
    await expectNoHorizontalScroll(staffPage);
    await staffCtx.close();

    // a seeker (anonymous) sees the photo with its alt text, resized, sized against layout shift
    const publicCtx = await newContext(browser);
    const pub = await publicCtx.newPage();
    await pub.goto(`/woning/${encodeURIComponent(reference)}`, { waitUntil: "networkidle" });
    const img = pub.getByRole("img", { name: ALT });
    expect(await img.count()).toBe(1);
    expect(await img.getAttribute("srcset")).toMatch(/\/foto\/[0-9a-f-]+\?w=480 480w/);
    expect(await img.getAttribute("width")).toBe("64");
    expect(await img.getAttribute("height")).toBe("48");
    expect(await loaded(pub, `img[alt="${ALT}"]`)).toBe(true);
    const served = await pub.request.get(
      (await img.getAttribute("src"))!.replace(/^\//, `${new URL(pub.url()).origin}/`),
    );
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("image/webp");
    expect(served.headers()["cache-control"]).toBe("public, max-age=86400");
    await expectAccessible(pub, "listing page with photo");

    // cards without a photo show the local placeholder drawing
    await pub.goto("/aanbod", { waitUntil: "networkidle" });
    const placeholder = pub.getByRole("img", { name: "Geen foto beschikbaar" }).first();
    expect(await placeholder.getAttribute("src")).toMatch(/woning-placeholder\.svg$/);
    await expectAccessible(pub, "listings with placeholders");
    await publicCtx.close();
  });
});

/** A session token for `email` (sessionCreate through the API). */
async function apiToken(email: string, password = DEMO_PASSWORD): Promise<string> {
  const r = await gql<{ sessionCreate: { session?: { token: string } } }>(
    `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { ... on SessionCreateSuccess { session { token } } } }`,
    { e: email, p: password },
  );
  if (!r.sessionCreate.session) throw new Error(`sign-in failed for ${email}`);
  return r.sessionCreate.session.token;
}

/**
 * A new staff account with LANDLORD_STAFF at two landlords (made by the demo administrator):
 * its email and one-time password, and the two landlords in the order the roles were granted.
 */
async function staffOfTwoLandlords(): Promise<{
  email: string;
  password: string;
  landlords: Array<{ id: string; name: string }>;
}> {
  const admin = await apiToken("beheerder@demo.woonbeurt.nl");
  const { organisations } = await gql<{
    organisations: { edges: Array<{ node: { id: string; name: string } }> };
  }>(`{ organisations(kind: LANDLORD, first: 10) { edges { node { id name } } } }`, {}, admin);
  const landlords = organisations.edges.map((e) => e.node).slice(0, 2);
  expect(landlords).toHaveLength(2);
  const email = uniqueEmail("two-landlords");
  const made = await gql<{
    staffAccountCreate: {
      created?: { initialPassword: string; staffAccount: { id: string } };
      message?: string;
    };
  }>(
    `mutation($i: StaffAccountCreateInput!) { staffAccountCreate(input: $i) { ... on Error { message } ... on StaffAccountCreateSuccess { created { initialPassword staffAccount { id } } } } }`,
    {
      i: {
        email,
        displayName: "Verhuurder Twee Corporaties",
        organisationId: landlords[0]!.id,
        role: "LANDLORD_STAFF",
        credential: "INITIAL_PASSWORD",
      },
    },
    admin,
  );
  if (!made.staffAccountCreate.created)
    throw new Error(`staffAccountCreate: ${made.staffAccountCreate.message}`);
  const second = await gql<{ staffMembershipCreate: { __typename: string } }>(
    `mutation($i: StaffMembershipCreateInput!) { staffMembershipCreate(input: $i) { __typename } }`,
    {
      i: {
        staffAccountId: made.staffAccountCreate.created.staffAccount.id,
        organisationId: landlords[1]!.id,
        role: "LANDLORD_STAFF",
      },
    },
    admin,
  );
  expect(second.staffMembershipCreate.__typename).toBe("StaffMembershipCreateSuccess");
  return { email, password: made.staffAccountCreate.created.initialPassword, landlords };
}

describe("listing editor for staff of several landlords", () => {
  it("asks which landlord a new dwelling belongs to and puts it in that stock", async () => {
    const { email, password, landlords } = await staffOfTwoLandlords();
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    const target = "/werk/verhuur/nieuw";
    await signIn(
      page,
      email,
      password,
      /\/werk\/verhuur\/nieuw/,
      `/inloggen?terug=${encodeURIComponent(target)}`,
    );
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Nieuwe advertentie");

    const select = page.getByLabel("Verhuurder");
    expect(await select.locator("option").allTextContents()).toEqual([
      "Kies een verhuurder",
      ...landlords.map((l) => l.name),
    ]);

    const title = `Tweekamerwoning Verhuurderslaan ${Date.now().toString(36)}`;
    await page.getByLabel("Straat").fill("Verhuurderslaan");
    await page.getByLabel("Huisnummer").fill("3");
    await page.getByLabel("Postcode").fill("3511 ab");
    await page.getByLabel("Plaats").fill("Utrecht");
    await page.getByLabel("Gemeente").selectOption({ index: 1 });
    await page.getByLabel("Soort woning").selectOption("APARTMENT");
    await page.getByLabel("Aantal kamers").fill("2");
    await page.getByLabel("Woonoppervlakte (m²)").fill("55");
    await page.getByLabel("Kale huur").fill("580");
    await page.getByLabel("Titel").fill(title);
    await page.getByLabel("Sluitingsdatum").fill(inDays(14));

    // no landlord chosen: the form comes back with the question at its field, nothing is made
    await page.getByRole("button", { name: "Concept opslaan" }).click();
    await page.waitForLoadState("networkidle");
    const summary = page.locator(".error-summary");
    expect(await summary.locator("a[href='#listing-landlordId']").textContent()).toContain(
      "Kies de verhuurder van de nieuwe woning.",
    );
    expect(await page.locator("#listing-landlordId").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Titel").inputValue()).toBe(title);

    await page.getByLabel("Verhuurder").selectOption(landlords[1]!.id);
    await Promise.all([
      page.waitForURL(/\/bewerken\?aangemaakt=1$/),
      page.getByRole("button", { name: "Concept opslaan" }).click(),
    ]);
    const reference = decodeURIComponent(page.url().replace(/\?.*$/, "").split("/").at(-2)!);
    await ctx.close();

    const token = await apiToken(email, password);
    const read = await gql<{ listing: { title: string; landlord: { name: string } } | null }>(
      `query($r: String!) { listing(reference: $r) { title landlord { name } } }`,
      { r: reference },
      token,
    );
    expect(read.listing).toEqual({ title, landlord: { name: landlords[1]!.name } });
  });
});
