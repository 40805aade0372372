/**
 * With JavaScript disabled: register (summary step included), sign out, sign in, respond and
 * withdraw — plain HTML forms and SvelteKit form actions only. Also the forgotten-password flow,
 * reading the development mail the API writes to its log.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PASSWORD,
  eligibleReferences,
  gql,
  launch,
  newContext,
  registerViaApi,
  screenshot,
  uniqueEmail,
  waitForMail,
} from "./support.ts";

let browser: Browser;
let page: Page;
const email = uniqueEmail("nojs");

beforeAll(async () => {
  browser = await launch();
  page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
});
afterAll(async () => browser?.close());

async function submit(name: string | RegExp, url: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url), page.getByRole("button", { name }).click()]);
}

describe("without JavaScript", () => {
  it("registers with a household member, choosing the password on the summary step", async () => {
    await page.goto("/inschrijven");
    await page.getByLabel(/^E-mailadres/).fill(email);
    expect(await page.locator("input[type=password]").count(), "no password on the details step").toBe(0);
    await page.getByLabel(/^Voornaam/).fill("Jan");
    await page.getByLabel(/^Achternaam/).fill("Zonder Script");
    await page.getByLabel(/^Geboortedatum/).fill("1988-11-20");
    // adding and removing household members are full-page round trips without JavaScript
    await page.getByRole("button", { name: "Huisgenoot toevoegen" }).click();
    await page.locator("#register-member-0-role").selectOption("CHILD");
    await page.locator("#register-member-0-firstName").fill("Lotte");
    await page.locator("#register-member-0-birthDate").fill("2015-02-03");
    await page.getByRole("button", { name: "Huisgenoot toevoegen" }).click();
    await page.locator("#register-member-1-firstName").fill("Weg");
    await page.getByRole("button", { name: "Huisgenoot 2 verwijderen" }).click();
    await page.locator("#register-member-1-firstName").waitFor({ state: "detached" });
    expect(await page.locator("#register-member-1-firstName").count()).toBe(0);
    expect(
      await page
        .getByLabel(/^Voornaam/)
        .first()
        .inputValue(),
    ).toBe("Jan");
    await page.getByLabel(/^Bruto huishoudinkomen/).fill("27000");
    await page.getByLabel(/^Ik ga akkoord/).check();
    await page.getByRole("button", { name: "Verder naar controleren" }).click();
    await page.getByRole("heading", { name: "Controleer uw gegevens" }).waitFor();
    expect(await page.getByText("Huishouden van 2 personen").count()).toBe(1);
    // a mismatching confirmation: asked again on the summary, and the password is not echoed back
    await page
      .getByLabel(/^Wachtwoord/)
      .first()
      .fill(PASSWORD);
    await page.getByLabel(/^Herhaal het wachtwoord/).fill(`${PASSWORD}!`);
    await submit("Bevestigen en inschrijven", /\?\/register/);
    await page.getByRole("heading", { name: "Controleer uw gegevens" }).waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/niet gelijk/);
    const html = await page.content();
    expect(html.includes(PASSWORD), "password never sent back to the browser").toBe(false);
    expect(
      await page
        .getByLabel(/^Wachtwoord/)
        .first()
        .inputValue(),
    ).toBe("");
    await page
      .getByLabel(/^Wachtwoord/)
      .first()
      .fill(PASSWORD);
    await page.getByLabel(/^Herhaal het wachtwoord/).fill(PASSWORD);
    await screenshot(page, "nojs-inschrijven-samenvatting");
    // the same "check your e-mail" answer as for a taken address; then sign in
    await submit("Bevestigen en inschrijven", /\/inloggen\?ingeschreven=1/);
    expect(await page.getByRole("status").textContent()).toMatch(/Kijk in uw e-mail/);
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel(/^Wachtwoord/).fill(PASSWORD);
    await submit("Inloggen", /\/mijn\?welkom=1/);
    expect(await page.getByRole("heading", { name: "Uw inschrijfduur" }).count()).toBe(1);
  });

  it("filters listings at 360 px and wide through the disclosure", async () => {
    const narrow = await (await newContext(browser, { javaScriptEnabled: false, width: 360 })).newPage();
    await narrow.goto("/aanbod");
    expect(await narrow.locator("#f-kamers").isVisible()).toBe(false);
    await narrow.locator("details.filters-disclosure > summary").click();
    await narrow.locator("#f-kamers").selectOption("2");
    await Promise.all([
      narrow.waitForURL(/kamers=2/),
      narrow.getByRole("button", { name: "Toon woningen" }).click(),
    ]);
    expect(await narrow.locator("details.filters-disclosure > summary").textContent()).toMatch(
      /1 filter actief/,
    );
    await narrow.context().close();
    const wide = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    await wide.goto("/aanbod");
    expect(await wide.locator("#f-kamers").isVisible(), "open on wide screens without JavaScript").toBe(true);
    await wide.context().close();
  });

  it("signs out and in again", async () => {
    await submit("Uitloggen", /uitgelogd=1/);
    expect(await page.getByText("U bent uitgelogd.").count()).toBe(1);
    await page.goto("/inloggen");
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel(/^Wachtwoord/).fill("wrong password 123");
    await page.getByRole("button", { name: "Inloggen" }).click();
    expect(await page.getByRole("alert").textContent()).toMatch(/klopt niet/);
    // (axe needs script execution, so accessibility is checked in the JavaScript runs)
    await page.getByLabel(/^Wachtwoord/).fill(PASSWORD);
    await submit("Inloggen", /\/mijn/);
  });

  it("responds and withdraws", async () => {
    const token = (await page.context().cookies()).find((c) => c.name === "wb_session")!.value;
    const [ref] = await eligibleReferences(token, "AANBOD");
    expect(ref).toBeTruthy();
    await page.goto(`/woning/${ref}`);
    await submit("Reageer op deze woning", /gereageerd=1/);
    expect(await page.getByText("Uw reactie is ontvangen.").count()).toBe(1);
    await screenshot(page, "nojs-woning-gereageerd");
    await submit("Reactie intrekken", /ingetrokken=1/);
    expect(await page.getByText("Uw reactie is ingetrokken.").count()).toBe(1);
  });

  it("resets a forgotten password", async () => {
    const other = uniqueEmail("reset");
    const session = await registerViaApi(other);
    const created = await gql<{ personalAccessTokenCreate: { created: { token: string } } }>(
      `mutation { personalAccessTokenCreate(input: { name: "App", scopes: [SEEKER_READ] }) { ... on PersonalAccessTokenCreateSuccess { created { token } } } }`,
      {},
      session,
    );
    const appToken = created.personalAccessTokenCreate.created.token;
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const p = await ctx.newPage();
    await p.goto("/wachtwoord-vergeten");
    await p.getByLabel(/^E-mailadres/).fill(other);
    await p.getByRole("button", { name: "Stuur de link" }).click();
    expect(await p.getByRole("status").textContent()).toMatch(other);
    // the mail, delivered through SMTP by the outbox job to the suite's own SMTP server
    const mail = await waitForMail(other, (m) => /wachtwoord-herstellen/.test(m.text));
    expect(mail.subject).toBe("Wachtwoord herstellen");
    const link = /\/wachtwoord-herstellen\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(link, "reset link in the mail").toBeTruthy();
    await p.goto(`/wachtwoord-herstellen?token=${link}`);
    await p.getByLabel(/^Nieuw wachtwoord/).fill("a brand new secret phrase");
    await p.getByLabel(/^Herhaal het wachtwoord/).fill("a brand new secret phrase");
    // revoking the app tokens is offered and chosen by default
    expect(await p.getByLabel(/tokens voor apps intrekken/).isChecked()).toBe(true);
    await Promise.all([
      p.waitForURL(/\/mijn/),
      p.getByRole("button", { name: "Wachtwoord opslaan" }).click(),
    ]);
    await ctx.close();
    expect((await gql<{ account: unknown }>(`{ account { email } }`, {}, appToken)).account).toBeNull();
  });
});
