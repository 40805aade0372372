/**
 * The seeker's account and profile forms: changing the password (without JavaScript), asking for
 * a new e-mail address and opening the mailed link (with JavaScript), where you live and work
 * (municipality and kern; without JavaScript, with an unknown kern refused at the field), the
 * same questions at registration, and axe on each new page.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PASSWORD,
  expectAccessible,
  gql,
  launch,
  newContext,
  registerViaApi,
  screenshot,
  signIn,
  uniqueEmail,
  waitForMail,
} from "./support.ts";

interface Municipality {
  id: string;
  name: string;
  cores: string[];
}

const NEW_PASSWORD = "a fresh and longer passphrase";
let browser: Browser;
let noJs: BrowserContext;
let page: Page;
/** Signed in with JavaScript by the e-mail change test; the axe checks go on in it. */
let jsPage: Page;
let email = uniqueEmail("account");
/** Two municipalities with a kern of their own that the other lacks (from the seeded reference list). */
let home: Municipality;
let work: Municipality;

const sessionCreate = (e: string, p: string) =>
  gql<{ sessionCreate: { __typename: string; session?: { token: string } } }>(
    `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { __typename ... on SessionCreateSuccess { session { token } } } }`,
    { e, p },
  );

/** A kern of `m` that `other` does not have (so a label picks one option only). */
const ownCore = (m: Municipality, other: Municipality) => m.cores.find((c) => !other.cores.includes(c))!;

beforeAll(async () => {
  browser = await launch();
  noJs = await newContext(browser, { javaScriptEnabled: false });
  page = await noJs.newPage();
  await registerViaApi(email);
  const { municipalities } = await gql<{ municipalities: Municipality[] }>(
    `{ municipalities { id name cores } }`,
  );
  const withKernen = municipalities.filter((m) => m.cores.length >= 2);
  expect(withKernen.length, "seeded municipalities with several kernen").toBeGreaterThanOrEqual(2);
  [home, work] = [withKernen[0]!, withKernen[1]!];
});
afterAll(async () => browser?.close());

/** Submit a form without JavaScript: click, and wait for the portal's answer to the POST. */
async function submit(p: Page, name: string | RegExp): Promise<void> {
  await Promise.all([
    p.waitForResponse((r) => r.request().method() === "POST" && r.url().startsWith(p.url().split("?")[0]!)),
    p.getByRole("button", { name }).click(),
  ]);
  await p.waitForLoadState("load");
}

describe("account forms", () => {
  it("changes the password without JavaScript: wrong current password at the field, other sessions signed out", async () => {
    const other = (await sessionCreate(email, PASSWORD)).sessionCreate.session!.token;
    await signIn(page, email);
    await page.goto("/account");
    await Promise.all([
      page.waitForURL(/\/account\/wachtwoord$/),
      page.getByRole("link", { name: "Wachtwoord wijzigen" }).click(),
    ]);
    expect(await page.locator("main").textContent()).toContain("uitgelogd op alle andere apparaten");
    expect(await page.getByLabel(/^Huidig wachtwoord/).getAttribute("autocomplete")).toBe("current-password");
    expect(await page.getByLabel(/^Nieuw wachtwoord/).getAttribute("autocomplete")).toBe("new-password");

    await page.getByLabel(/^Huidig wachtwoord/).fill("not my password at all");
    await page.getByLabel(/^Nieuw wachtwoord/).fill(NEW_PASSWORD);
    await page.getByLabel(/^Herhaal het nieuwe wachtwoord/).fill(NEW_PASSWORD);
    await submit(page, "Wachtwoord wijzigen");
    const summary = page.getByRole("alert");
    expect(await summary.textContent()).toContain("Het huidige wachtwoord klopt niet");
    expect(await page.getByLabel(/^Huidig wachtwoord/).getAttribute("aria-invalid")).toBe("true");
    // the summary links to the field
    expect(await summary.getByRole("link").getAttribute("href")).toBe("#password-currentPassword");

    // repeat differs: refused by the portal, nothing sent
    await page.getByLabel(/^Huidig wachtwoord/).fill(PASSWORD);
    await page.getByLabel(/^Nieuw wachtwoord/).fill(NEW_PASSWORD);
    await page.getByLabel(/^Herhaal het nieuwe wachtwoord/).fill(`${NEW_PASSWORD}!`);
    await submit(page, "Wachtwoord wijzigen");
    expect(await page.getByRole("alert").textContent()).toContain("De wachtwoorden zijn niet gelijk");

    await page.getByLabel(/^Huidig wachtwoord/).fill(PASSWORD);
    await page.getByLabel(/^Nieuw wachtwoord/).fill(NEW_PASSWORD);
    await page.getByLabel(/^Herhaal het nieuwe wachtwoord/).fill(NEW_PASSWORD);
    await submit(page, "Wachtwoord wijzigen");
    const status = await page.getByRole("status").textContent();
    expect(status).toContain("Uw wachtwoord is gewijzigd");
    expect(status).toContain("uitgelogd op alle andere apparaten");
    await screenshot(page, "nojs-wachtwoord-gewijzigd");

    // the other session is signed out, this one goes on, and only the new password signs in
    expect((await gql<{ account: unknown }>(`{ account { email } }`, {}, other)).account).toBeNull();
    await page.goto("/mijn");
    expect(page.url()).toMatch(/\/mijn$/);
    expect((await sessionCreate(email, PASSWORD)).sessionCreate.__typename).toBe("InvalidCredentialsError");
    const fresh = await newContext(browser, { javaScriptEnabled: false });
    const p = await fresh.newPage();
    await signIn(p, email, NEW_PASSWORD);
    expect(p.url()).toMatch(/\/mijn/);
    await fresh.close();
  });

  it("sets where you live and work without JavaScript; a kern of another municipality is refused at the field", async () => {
    const homeCore = ownCore(home, work);
    const workCore = ownCore(work, home);
    await page.goto("/mijn");
    expect(await page.locator("main").textContent()).toContain("niet opgegeven");
    await Promise.all([
      page.waitForURL(/\/mijn\/woon-en-werkplaats$/),
      page.getByRole("link", { name: "Woon- en werkplaats wijzigen" }).click(),
    ]);
    // without JavaScript every municipality's kernen are listed, grouped per municipality
    expect(await page.locator("#places-core optgroup").count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator(`#places-core optgroup[label="${work.name}"] option`).count()).toBe(
      work.cores.length,
    );

    await page.getByLabel("Gemeente waar u woont").selectOption(home.id);
    await page.getByLabel("Kern waar u woont").selectOption({ label: workCore });
    await submit(page, "Opslaan");
    expect(await page.getByRole("alert").textContent()).toContain("hoort niet bij de gekozen woongemeente");
    expect(await page.getByLabel("Kern waar u woont").getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "nojs-woon-en-werkplaats-fout");
    // the choices are kept
    expect(await page.getByLabel("Gemeente waar u woont").inputValue()).toBe(home.id);

    await page.getByLabel("Kern waar u woont").selectOption({ label: homeCore });
    await page.getByLabel("Gemeente waar u werkt").selectOption(work.id);
    await page.getByLabel("Kern waar u werkt").selectOption({ label: workCore });
    await Promise.all([
      page.waitForURL(/\/mijn\?opgeslagen=places/),
      page.getByRole("button", { name: "Opslaan" }).click(),
    ]);
    const main = await page.locator("main").textContent();
    expect(main).toContain("Uw woon- en werkplaats zijn opgeslagen.");
    expect(main).toContain(`${homeCore} (gemeente ${home.name})`);
    expect(main).toContain(`${workCore} (gemeente ${work.name})`);
    await screenshot(page, "nojs-mijn-woon-en-werkplaats");

    // the form shows what was saved; clearing work leaves only where you live
    await page.goto("/mijn/woon-en-werkplaats");
    expect(await page.getByLabel("Kern waar u werkt").inputValue()).toBe(workCore);
    await page.getByLabel("Gemeente waar u werkt").selectOption("");
    await page.getByLabel("Kern waar u werkt").selectOption("");
    await Promise.all([
      page.waitForURL(/\/mijn\?opgeslagen=places/),
      page.getByRole("button", { name: "Opslaan" }).click(),
    ]);
    const after = await page.locator("main").textContent();
    expect(after).toContain(`${homeCore} (gemeente ${home.name})`);
    expect(after).not.toContain(`${workCore} (gemeente ${work.name})`);
  });

  it("requests an e-mail change with JavaScript, shows the address awaiting confirmation and opens the mailed link", async () => {
    const ctx = await newContext(browser);
    const p = await ctx.newPage();
    await signIn(p, email, NEW_PASSWORD);
    await p.goto("/account");
    await Promise.all([
      p.waitForURL(/\/account\/email$/),
      p.getByRole("link", { name: "E-mailadres wijzigen" }).click(),
    ]);
    expect(await p.getByLabel(/^Nieuw e-mailadres/).getAttribute("autocomplete")).toBe("email");
    const newEmail = uniqueEmail("moved");

    await p.getByLabel(/^Nieuw e-mailadres/).fill(newEmail);
    await p.getByLabel(/^Huidig wachtwoord/).fill(PASSWORD); // the old one: wrong now
    await p.getByRole("button", { name: "Stuur de bevestigingslink" }).click();
    const summary = p.getByRole("alert");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Het huidige wachtwoord klopt niet");
    // with JavaScript the error summary gets focus
    await p.waitForFunction(() => document.activeElement?.classList.contains("error-summary"));
    expect(await p.getByLabel(/^Nieuw e-mailadres/).inputValue()).toBe(newEmail);

    await p.getByLabel(/^Huidig wachtwoord/).fill(NEW_PASSWORD);
    await p.getByRole("button", { name: "Stuur de bevestigingslink" }).click();
    const status = p.getByRole("status").filter({ hasText: "We hebben een link gestuurd" });
    await status.waitFor();
    expect(await status.textContent()).toContain(newEmail);
    expect(await status.textContent()).toContain("wijzigt pas als u de link");
    await expectAccessible(p, "/account/email after a request");
    await screenshot(p, "email-wijzigen-verstuurd");

    // nothing changed yet: the page shows the address awaiting confirmation
    await p.goto("/account/email");
    const main = await p.locator("main").textContent();
    expect(main).toContain(`Uw huidige e-mailadres is ${email}`);
    expect(main).toContain(`Wacht op bevestiging: ${newEmail}`);

    const mail = await waitForMail(newEmail, (m) => /email-bevestigen/.test(m.text));
    const token = /\/email-bevestigen\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token, "confirmation link in the mail").toBeTruthy();
    await p.goto(`/email-bevestigen?token=${token}`);
    await p.getByRole("button", { name: "Bevestig mijn e-mailadres" }).click();
    await p.getByRole("status").filter({ hasText: newEmail }).waitFor();
    expect(await p.getByRole("status").textContent()).toContain("Uw e-mailadres is gewijzigd");
    expect((await sessionCreate(newEmail, NEW_PASSWORD)).sessionCreate.__typename).toBe(
      "SessionCreateSuccess",
    );
    email = newEmail;
    jsPage = p;
  });

  it("registers with where the household lives (no JavaScript) and shows it on /mijn", async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const p = await ctx.newPage();
    const registrant = uniqueEmail("places");
    const homeCore = ownCore(home, work);
    await p.goto("/inschrijven");
    await p.getByLabel(/^E-mailadres/).fill(registrant);
    await p.getByLabel(/^Voornaam/).fill("Kees");
    await p.getByLabel(/^Achternaam/).fill("Kernbinding");
    await p.getByLabel(/^Geboortedatum/).fill("1991-05-06");
    await p.getByLabel(/^Bruto huishoudinkomen/).fill("30000");
    await p.getByLabel("Gemeente waar u woont").selectOption(home.id);
    await p.getByLabel("Kern waar u woont").selectOption({ label: homeCore });
    await p.getByLabel(/^Ik ga akkoord/).check();
    await submit(p, "Verder naar controleren");
    await p.getByLabel(/^Herhaal het wachtwoord/).waitFor();
    expect(await p.locator("main").textContent()).toContain(`${homeCore} (gemeente ${home.name})`);
    await p.getByLabel(/^Wachtwoord/).fill(PASSWORD);
    await p.getByLabel(/^Herhaal het wachtwoord/).fill(PASSWORD);
    await Promise.all([
      p.waitForURL(/\/inloggen/),
      p.getByRole("button", { name: "Bevestigen en inschrijven" }).click(),
    ]);
    await signIn(p, registrant);
    await p.goto("/mijn");
    const main = await p.locator("main").textContent();
    expect(main).toContain(`${homeCore} (gemeente ${home.name})`);
    await ctx.close();
  });

  it("has no axe violations on the new pages (with JavaScript)", async () => {
    // the same browser session as the e-mail change (signed in with JavaScript there)
    const p = jsPage;
    for (const path of [
      "/account",
      "/account/wachtwoord",
      "/account/email",
      "/mijn/woon-en-werkplaats",
      "/mijn",
    ]) {
      await p.goto(path);
      await expectAccessible(p, path);
    }
    // with JavaScript the kern select lists only the chosen municipality's kernen
    await p.goto("/mijn/woon-en-werkplaats");
    await p.waitForFunction(() => document.querySelectorAll("#places-core optgroup").length === 1);
    expect(await p.locator("#places-core optgroup").getAttribute("label")).toBe(home.name);
    // an error state too: a kern without its municipality (no municipality: every kern listed)
    await p.getByLabel("Gemeente waar u woont").selectOption("");
    await p.getByLabel("Kern waar u woont").selectOption({ label: ownCore(home, work) });
    await p.getByRole("button", { name: "Opslaan" }).click();
    await p.getByRole("alert").waitFor();
    expect(await p.getByRole("alert").textContent()).toContain("Kies ook de gemeente waar u woont");
    await expectAccessible(p, "/mijn/woon-en-werkplaats with an error");
    // registration, with the place questions, signed out
    const out = await newContext(browser);
    const q = await out.newPage();
    await q.goto("/inschrijven");
    await expectAccessible(q, "/inschrijven");
    await out.close();
  });
});
