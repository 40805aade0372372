/**
 * The objection route (bezwaar, issue 15 item 1) without JavaScript: a seeker whose urgency
 * application was rejected reads the last day to object in the decision letter, files an
 * objection with a document from it, and follows it on /mijn/bezwaren; another assessor than the
 * one who rejected (Awb art. 7:5) decides it upheld on /werk/bezwaren, which grants the
 * declaration; the seeker then sees the upheld decision and the granted declaration. Axe on the
 * new pages.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, gql, launch, newContext, registerViaApi, signIn, uniqueEmail } from "./support.ts";

const DEMO_PASSWORD = "Woonbeurt-demo-2026";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function token(email: string, password = DEMO_PASSWORD): Promise<string> {
  const r = await gql<{ sessionCreate: { session?: { token: string } } }>(
    `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { ... on SessionCreateSuccess { session { token } } } }`,
    { e: email, p: password },
  );
  if (!r.sessionCreate.session) throw new Error(`sign-in failed for ${email}`);
  return r.sessionCreate.session.token;
}

/** A second assessor in the demo assessor's organisation (created by the demo administrator). */
async function otherAssessor(): Promise<string> {
  const demo = await token("beoordelaar@demo.woonbeurt.nl");
  const { account } = await gql<{
    account: { roles: Array<{ role: string; organisation: { id: string } }> };
  }>(`{ account { roles { role organisation { id } } } }`, {}, demo);
  const organisationId = account.roles.find((r) => r.role === "ASSESSOR")!.organisation.id;
  const admin = await token("beheerder@demo.woonbeurt.nl");
  const email = uniqueEmail("rejecting-assessor");
  const r = await gql<{ staffAccountCreate: { created?: { initialPassword: string }; message?: string } }>(
    `mutation($i: StaffAccountCreateInput!) { staffAccountCreate(input: $i) { ... on Error { message } ... on StaffAccountCreateSuccess { created { initialPassword } } } }`,
    {
      i: {
        email,
        displayName: "Eerste Beoordelaar",
        organisationId,
        role: "ASSESSOR",
        credential: "INITIAL_PASSWORD",
      },
    },
    admin,
  );
  if (!r.staffAccountCreate.created) throw new Error(`staffAccountCreate: ${r.staffAccountCreate.message}`);
  return token(email, r.staffAccountCreate.created.initialPassword);
}

describe("objection against a rejected urgency application", () => {
  it(
    "is filed without JavaScript, decided upheld by another assessor, and grants the declaration",
    { timeout: 180_000 },
    async () => {
      const email = uniqueEmail("bezwaar");
      const seekerToken = await registerViaApi(email, { lastName: "Bezwaarmaker" });
      const created = await gql<{ urgencyApplicationCreate: { urgencyApplication: { id: string } } }>(
        `mutation { urgencyApplicationCreate(input: { category: MANTELZORG, situation: "Ik zorg elke dag voor mijn moeder, die twee straten verderop woont en niet meer alleen kan." }) { ... on UrgencyApplicationCreateSuccess { urgencyApplication { id } } } }`,
        {},
        seekerToken,
      );
      const id = created.urgencyApplicationCreate.urgencyApplication.id;
      await gql(
        `mutation($id: ID!) { urgencyApplicationSubmit(input: { id: $id }) { __typename } }`,
        { id },
        seekerToken,
      );
      const rejecter = await otherAssessor();
      const rejected = await gql<{ urgencyApplicationDecide: { __typename: string } }>(
        `mutation($id: ID!) { urgencyApplicationDecide(input: { id: $id, decision: REJECT, reason: "De zorg is niet aangetoond met een verklaring." }) { __typename } }`,
        { id },
        rejecter,
      );
      expect(rejected.urgencyApplicationDecide.__typename).toBe("UrgencyApplicationDecideSuccess");

      // The seeker, without JavaScript: the decision letter states the last day and links to the form.
      const seeker = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
      await signIn(seeker, email);
      await seeker.goto(`/urgentie/${encodeURIComponent(id)}`);
      await expect
        .poll(() => seeker.locator(".decision-letter").textContent())
        .toMatch(/bezwaar maken tot en met \d+ \w+ \d{4}/);
      await seeker.getByRole("link", { name: "Bezwaar maken tegen dit besluit" }).click();
      await seeker.waitForURL(/\/bezwaar\/nieuw/);
      // Too short first: the error summary names the field.
      await seeker.getByLabel("Waarom bent u het niet eens met het besluit?").fill("Niet eens.");
      await seeker.getByRole("button", { name: "Verstuur" }).click();
      await expect.poll(() => seeker.getByRole("alert").textContent()).toContain("minimaal 20");
      await seeker
        .getByLabel("Waarom bent u het niet eens met het besluit?")
        .fill("Ik heb wel een mantelzorgverklaring van de huisarts; die stuur ik hierbij mee.");
      await seeker.setInputFiles("input[name=documents]", {
        name: "mantelzorgverklaring.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from("%PDF-1.4\nmantelzorgverklaring\n%%EOF\n"),
      });
      await seeker.getByRole("button", { name: "Verstuur" }).click();
      await seeker.waitForURL(/\/mijn\/bezwaren\/.+\?melding=filed/);
      const objectionId = decodeURIComponent(new URL(seeker.url()).pathname.split("/").pop()!);
      const detail = await seeker.locator("main").textContent();
      expect(detail).toContain("Ontvangen");
      expect(detail).toContain("mantelzorgverklaring.pdf");
      await seeker.goto("/mijn/bezwaren");
      expect(await seeker.locator("main").textContent()).toContain("Bezwaar tegen urgentiebesluit");

      // Another assessor (the demo one), without JavaScript, decides it upheld.
      const staff = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
      await signIn(
        staff,
        "beoordelaar@demo.woonbeurt.nl",
        DEMO_PASSWORD,
        /\/werk/,
        "/inloggen?terug=/werk/bezwaren",
      );
      await staff.goto("/werk/bezwaren");
      expect(await staff.locator("main").textContent()).toContain("Bezwaar tegen urgentiebesluit");
      await staff.goto(`/werk/bezwaren/${encodeURIComponent(objectionId)}`);
      expect(await staff.locator("main").textContent()).toContain("mantelzorgverklaring");
      await staff.getByLabel("Gegrond", { exact: true }).check();
      await staff
        .getByLabel("Beslissing met motivering")
        .fill("Het bezwaar is gegrond: de verklaring van de huisarts toont de dagelijkse mantelzorg aan.");
      await staff.getByLabel("Geldigheid in maanden (niet verplicht)").fill("12");
      await staff.getByRole("button", { name: "Neem beslissing" }).click();
      await staff.waitForURL(/melding=decided/);
      expect(await staff.locator("main").textContent()).toContain("Gegrond");

      // The seeker sees the decision and the granted declaration.
      await seeker.goto(`/mijn/bezwaren/${encodeURIComponent(objectionId)}`);
      const decided = await seeker.locator("main").textContent();
      expect(decided).toContain("Beslist");
      expect(decided).toContain("de verklaring van de huisarts");
      await seeker.getByRole("link", { name: "Bekijk uw urgentieaanvraag" }).click();
      await seeker.waitForURL(/\/urgentie\//);
      const letter = await seeker.locator(".decision-letter").textContent();
      expect(letter).toContain("Urgentie toegekend");
      expect(await seeker.locator(".lead").textContent()).toContain("Toegekend");
      expect(letter).toContain("U hebt bezwaar gemaakt tegen dit besluit.");

      // Axe (it needs JavaScript) on the new pages, for the seeker and the assessor.
      const seekerJs = await (await newContext(browser)).newPage();
      await signIn(seekerJs, email);
      for (const path of ["/mijn/bezwaren", `/mijn/bezwaren/${encodeURIComponent(objectionId)}`]) {
        await seekerJs.goto(path, { waitUntil: "networkidle" });
        await expectAccessible(seekerJs, path);
      }
      const staffJs = await (await newContext(browser)).newPage();
      await signIn(
        staffJs,
        "beoordelaar@demo.woonbeurt.nl",
        DEMO_PASSWORD,
        /\/werk/,
        "/inloggen?terug=/werk/bezwaren",
      );
      for (const path of ["/werk/bezwaren", `/werk/bezwaren/${encodeURIComponent(objectionId)}`]) {
        await staffJs.goto(path, { waitUntil: "networkidle" });
        await expectAccessible(staffJs, path);
      }
    },
  );
});
