/**
 * Representatives (gemachtigden, issue 15 item 2), end to end: a seeker authorises a care worker
 * on /mijn/gemachtigden (without JavaScript), the care worker signs in with their own account,
 * finds the seeker on /vertegenwoordiger and responds to a home for them; the seeker sees the
 * response on /mijn and revokes the authorisation; the care worker is refused from then on.
 * Axe on every page.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARTIFACTS,
  eligibleReferences,
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

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

/** A care organisation with one REPRESENTATIVE account, made by the demo administrator. */
async function careWorker(): Promise<{ email: string; password: string }> {
  const signInAdmin = await gql<{ sessionCreate: { session?: { token: string } } }>(
    `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { ... on SessionCreateSuccess { session { token } } } }`,
    { e: "beheerder@demo.woonbeurt.nl", p: DEMO_PASSWORD },
  );
  const admin = signInAdmin.sessionCreate.session!.token;
  const tag = Date.now().toString(36);
  const org = await gql<{ organisationCreate: { organisation?: { id: string }; message?: string } }>(
    `mutation($input: OrganisationCreateInput!) { organisationCreate(input: $input) { ... on Error { message } ... on OrganisationCreateSuccess { organisation { id } } } }`,
    { input: { kind: "CARE_ORGANISATION", name: `Maatschappelijk Werk ${tag}` } },
    admin,
  );
  if (!org.organisationCreate.organisation) throw new Error(org.organisationCreate.message);
  const email = uniqueEmail("rep");
  const created = await gql<{
    staffAccountCreate: { created?: { initialPassword: string }; message?: string };
  }>(
    `mutation($input: StaffAccountCreateInput!) { staffAccountCreate(input: $input) { ... on Error { message } ... on StaffAccountCreateSuccess { created { initialPassword } } } }`,
    {
      input: {
        email,
        displayName: "Rita de Vries",
        organisationId: org.organisationCreate.organisation.id,
        role: "REPRESENTATIVE",
        credential: "INITIAL_PASSWORD",
      },
    },
    admin,
  );
  if (!created.staffAccountCreate.created) throw new Error(created.staffAccountCreate.message);
  return { email, password: created.staffAccountCreate.created.initialPassword };
}

describe("representatives", () => {
  it("a seeker authorises a care worker, who responds for them; after revocation the care worker is refused", async () => {
    const rep = await careWorker();
    const seekerEmail = uniqueEmail("machtiger");
    const lastName = `Gemachtigd${Date.now().toString(36)}`;
    const seekerToken = await registerViaApi(seekerEmail, { lastName });
    const [reference] = await eligibleReferences(seekerToken, "AANBOD");
    expect(reference, "an open AANBOD listing the seeker qualifies for").toBeTruthy();

    // the seeker authorises the care worker — without JavaScript (axe needs scripts: it runs
    // on the same page with JavaScript below)
    const noJsCtx = await newContext(browser, { javaScriptEnabled: false, width: 360 });
    const noJs = await noJsCtx.newPage();
    noJs.setDefaultTimeout(20_000);
    await signIn(noJs, seekerEmail);
    await noJs.goto("/mijn/gemachtigden");
    await expectNoHorizontalScroll(noJs);
    // an unknown address: the error summary says so
    await noJs.getByLabel("E-mailadres van uw gemachtigde").fill("niemand@example.org");
    await noJs.getByRole("button", { name: "Machtigen" }).click();
    await expect
      .poll(() => noJs.getByRole("alert").textContent())
      .toMatch(/representative account|gemachtigde/i);
    await noJs.getByLabel("E-mailadres van uw gemachtigde").fill(rep.email);
    await noJs.getByLabel(/^Reageren/).check();
    await noJs.getByRole("button", { name: "Machtigen" }).click();
    await expect.poll(() => noJs.getByRole("status").first().textContent()).toContain("Rita de Vries");
    await expect
      .poll(() => noJs.getByRole("row", { name: /Rita de Vries/ }).textContent())
      .toMatch(/Inzien, Reageren/);
    await noJsCtx.close();

    const seekerCtx = await newContext(browser, { width: 360 });
    const seeker = await seekerCtx.newPage();
    seeker.setDefaultTimeout(20_000);
    await signIn(seeker, seekerEmail);
    await seeker.goto("/mijn/gemachtigden");
    await expectAccessible(seeker, "gemachtigden (een machtiging)");

    // the care worker signs in and starts at the people they act for
    const repCtx = await newContext(browser);
    const carer = await repCtx.newPage();
    carer.setDefaultTimeout(20_000);
    await signIn(carer, rep.email, rep.password, /\/vertegenwoordiger/);
    await expectAccessible(carer, "vertegenwoordiger");
    await carer.getByRole("link", { name: new RegExp(lastName) }).click();
    await carer.waitForURL(/\/vertegenwoordiger\/.+/);
    const actingUrl = carer.url();
    await expect.poll(() => carer.getByRole("heading", { level: 1 }).textContent()).toContain(lastName);
    await expectAccessible(carer, "namens de woningzoekende");
    const item = carer.getByRole("listitem").filter({ hasText: reference! });
    await Promise.all([
      carer.waitForURL(/melding=responded/),
      item.getByRole("button", { name: /Reageer namens/ }).click(),
    ]);
    await expect.poll(() => carer.getByRole("status").textContent()).toContain("gereageerd namens");
    // the response now shows among the seeker's open responses on this page
    const responses = carer.getByRole("list", { name: "Lopende reacties" });
    await expect.poll(() => responses.textContent()).toContain(reference!);

    // the seeker sees the response as their own, then revokes
    await seeker.goto("/mijn");
    const activeSection = seeker.locator("section", { has: seeker.locator("#active-title") });
    await expect
      .poll(() => activeSection.locator(`a[href*="/woning/${encodeURIComponent(reference!)}"]`).count())
      .toBe(1);
    await seeker.goto("/mijn/gemachtigden");
    await seeker.getByRole("button", { name: /Intrekken/ }).click();
    await expect.poll(() => seeker.getByRole("status").first().textContent()).toMatch(/ingetrokken/);
    await expect.poll(() => seeker.getByText("U heeft niemand gemachtigd.").count()).toBe(1);

    // the care worker is refused from then on
    const refused = await carer.goto(actingUrl);
    expect(refused?.status()).toBe(404);
    await expect.poll(() => carer.locator("main").textContent()).toMatch(/beëindigd/);
    await carer.goto("/vertegenwoordiger");
    await expect.poll(() => carer.getByText(/Niemand heeft u/).count()).toBe(1);

    await seekerCtx.close();
    await repCtx.close();
  });

  it("a care worker with URGENCY_APPLICATION applies for urgency for the seeker on the portal, without JavaScript too", async () => {
    const rep = await careWorker();
    const seekerEmail = uniqueEmail("urgentie-namens");
    const lastName = `Urgent${Date.now().toString(36)}`;
    const seekerToken = await registerViaApi(seekerEmail, { lastName });
    const until = new Date(Date.now() + 60 * 86400000).toISOString();
    const granted = await gql<{ authorisationCreate: { __typename: string } }>(
      `mutation($e: String!, $u: DateTime!) { authorisationCreate(input: { representativeEmail: $e, scopes: [URGENCY_APPLICATION], validUntil: $u }) { __typename } }`,
      { e: rep.email, u: until },
      seekerToken,
    );
    expect(granted.authorisationCreate.__typename).toBe("AuthorisationCreateSuccess");

    // with JavaScript: from the seeker's page to the urgency page, axe on each, then a draft
    const repCtx = await newContext(browser);
    const carer = await repCtx.newPage();
    carer.setDefaultTimeout(20_000);
    await signIn(carer, rep.email, rep.password, /\/vertegenwoordiger/);
    await carer.getByRole("link", { name: new RegExp(lastName) }).click();
    await carer.waitForURL(/\/vertegenwoordiger\/[^/]+$/);
    await Promise.all([
      carer.waitForURL(/\/urgentie$/),
      carer.getByRole("link", { name: /Urgentie aanvragen namens/ }).click(),
    ]);
    const listUrl = carer.url();
    await expect.poll(() => carer.getByRole("heading", { level: 1 }).textContent()).toContain(lastName);
    expect(await carer.getByText(/heeft nog geen urgentieaanvraag/).count()).toBe(1);
    await expectAccessible(carer, "urgentie namens (lijst)");
    await carer.getByLabel("Uitstroom uit daklozenopvang").check();
    await Promise.all([
      carer.waitForURL(/\/urgentie\/[^/?]+\?stap=2/),
      carer.getByRole("button", { name: "Start de aanvraag (concept)" }).click(),
    ]);
    const draftUrl = carer.url();
    await expect.poll(() => carer.getByRole("heading", { level: 1 }).textContent()).toContain(lastName);
    await expectAccessible(carer, "urgentie namens (situatie)");

    // without JavaScript: the same steps as the seeker's form, errors included, then submit
    const noJsCtx = await newContext(browser, { javaScriptEnabled: false, width: 360 });
    const noJs = await noJsCtx.newPage();
    noJs.setDefaultTimeout(20_000);
    await signIn(noJs, rep.email, rep.password, /\/vertegenwoordiger/);
    await noJs.goto(draftUrl);
    await expectNoHorizontalScroll(noJs);
    await noJs.getByLabel(/^Beschrijf uw situatie/).fill("Te kort");
    await noJs.getByRole("button", { name: "Opslaan en verder" }).click();
    await expect.poll(() => noJs.getByRole("alert").count()).toBeGreaterThan(0);
    await noJs
      .getByLabel(/^Beschrijf uw situatie/)
      .fill(
        "Verlaat over zes weken de maatschappelijke opvang en heeft geen eigen woonruimte om naartoe te gaan.",
      );
    await Promise.all([
      noJs.waitForURL(/stap=3/),
      noJs.getByRole("button", { name: "Opslaan en verder" }).click(),
    ]);
    const pdf = path.join(ARTIFACTS, "opvangverklaring.pdf");
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    await noJs.getByLabel(/^Documenten toevoegen/).setInputFiles(pdf);
    await Promise.all([
      noJs.waitForURL(/stap=4/),
      noJs.getByRole("button", { name: "Opslaan en verder" }).click(),
    ]);
    await Promise.all([
      noJs.waitForURL(/stap=5/),
      noJs.getByRole("button", { name: "Opslaan en verder" }).click(),
    ]);
    expect(await noJs.getByText("opvangverklaring.pdf").count()).toBe(1);
    await Promise.all([
      noJs.waitForURL(/melding=submitted/),
      noJs.getByRole("button", { name: "Aanvraag indienen" }).click(),
    ]);
    await expect.poll(() => noJs.getByRole("status").textContent()).toMatch(/is ingediend/);
    await expect.poll(() => noJs.getByRole("table").textContent()).toMatch(/Ingediend/);
    await noJsCtx.close();

    // the seeker has the submitted application, with the representative's document
    const mine = await gql<{
      viewer: {
        urgencyApplications: {
          edges: Array<{
            node: { status: string; category: string; documents: Array<{ fileName: string }> };
          }>;
        };
      };
    }>(
      `{ viewer { urgencyApplications(first: 5) { edges { node { status category documents { fileName } } } } } }`,
      {},
      seekerToken,
    );
    expect(mine.viewer.urgencyApplications.edges.map((e) => e.node)).toEqual([
      {
        status: "SUBMITTED",
        category: "LEAVING_HOMELESS_SHELTER",
        documents: [{ fileName: "opvangverklaring.pdf" }],
      },
    ]);

    // in English, with the open application: no second one can be started; axe clean
    await carer.goto(`${listUrl}?lang=en`);
    await expect
      .poll(() => carer.getByRole("heading", { level: 1 }).textContent())
      .toContain("Urgency on behalf of");
    expect(await carer.getByText(/already has an open application/).count()).toBe(1);
    expect(await carer.getByRole("button", { name: /Start/ }).count()).toBe(0);
    await expectAccessible(carer, "urgency on behalf (English)");
    // the submitted application's form is closed: back to the list
    await carer.goto(draftUrl);
    await carer.waitForURL(/\/urgentie$/);
    await repCtx.close();
  });
});
