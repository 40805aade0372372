/**
 * The assessor's journey (issue 12, item 2), with and without JavaScript: sign in as the demo
 * assessor, find a fresh application in the filtered queue, open its document (the read lands in
 * the audit log the supervisor reads), take it into review, ask for more information (the seeker
 * sees the question), decide with the confirm step, and read the decision letter on the
 * assessor's page and on the seeker's /urgentie page. Axe on every page.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiUrl,
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
/** A 1×1 PNG: the smallest document the API accepts. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function staffToken(email: string): Promise<string> {
  const r = await gql<{ sessionCreate: { session?: { token: string } } }>(
    `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { ... on SessionCreateSuccess { session { token } } } }`,
    { e: email, p: DEMO_PASSWORD },
  );
  if (!r.sessionCreate.session) throw new Error(`sign-in failed for ${email}`);
  return r.sessionCreate.session.token;
}

/** A seeker with a submitted CHRONIC_MEDICAL application carrying one PNG document. */
async function submittedApplication(lastName: string) {
  const email = uniqueEmail("urgent");
  const token = await registerViaApi(email, { lastName });
  const form = new FormData();
  form.set(
    "operations",
    JSON.stringify({
      query: `mutation($input: UrgencyApplicationCreateInput!) { urgencyApplicationCreate(input: $input) { __typename ... on Error { message } ... on UrgencyApplicationCreateSuccess { urgencyApplication { id documents { id } } } } }`,
      variables: {
        input: {
          category: "CHRONIC_MEDICAL",
          situation: "Ik kan de trap naar mijn woning op de derde verdieping niet meer op door mijn ziekte.",
          documents: [null],
        },
      },
    }),
  );
  form.set("map", JSON.stringify({ "0": ["variables.input.documents.0"] }));
  form.set("0", new Blob([PNG], { type: "image/png" }), "verklaring-arts.png");
  const res = await fetch(apiUrl(), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "graphql-require-preflight": "1" },
    body: form,
  });
  const body = (await res.json()) as {
    data: {
      urgencyApplicationCreate: {
        message?: string;
        urgencyApplication?: { id: string; documents: { id: string }[] };
      };
    };
  };
  const app = body.data.urgencyApplicationCreate.urgencyApplication;
  if (!app) throw new Error(`create failed: ${JSON.stringify(body)}`);
  await gql(
    `mutation($id: ID!) { urgencyApplicationSubmit(input: { id: $id }) { __typename } }`,
    { id: app.id },
    token,
  );
  return { email, id: app.id, documentId: app.documents[0]!.id };
}

async function signInStaff(page: Page, email: string, target: string): Promise<void> {
  const path = new RegExp(`^[^?#]*//[^/]+${target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
  await signIn(page, email, DEMO_PASSWORD, path, `/inloggen?terug=${encodeURIComponent(target)}`);
}

describe.each([
  { js: true, decision: "Toekennen" as const },
  { js: false, decision: "Afwijzen" as const },
])("assessor journey (JavaScript: $js)", ({ js, decision }) => {
  it("queue → document → review → information request → decision → letter", async () => {
    const lastName = `Beoordeeld${js ? "Js" : "Html"}${Date.now().toString(36)}`;
    const app = await submittedApplication(lastName);
    // axe needs script execution, so accessibility is checked in the JavaScript run.
    const expectA11y = js ? expectAccessible : async () => {};
    const context = await newContext(browser, { javaScriptEnabled: js });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    try {
      // Signed out, the section sends to sign-in; a seeker gets a 403 page.
      const seekerContext = await newContext(browser, { javaScriptEnabled: js });
      seekerContext.setDefaultTimeout(30_000);
      const seekerPage = await seekerContext.newPage();
      await signIn(seekerPage, app.email);
      const forbidden = await seekerPage.goto("/werk/beoordeling");
      expect(forbidden?.status()).toBe(403);

      await signInStaff(page, "beoordelaar@demo.woonbeurt.nl", "/werk/beoordeling");
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("beoordelen");
      await expectA11y(page, "assessor queue");

      // Filter: only submitted CHRONIC_MEDICAL applications; the new one is listed with its age.
      await page.getByLabel("In behandeling").uncheck();
      await page.getByLabel("Categorie").selectOption("CHRONIC_MEDICAL");
      await Promise.all([
        page.waitForURL(/categorie=CHRONIC_MEDICAL/),
        page.getByRole("button", { name: "Filter toepassen" }).click(),
      ]);
      const row = page.getByRole("row").filter({ hasText: lastName });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain("0 dagen");
      await row.getByRole("link").click();
      await page.waitForURL(/\/werk\/beoordeling\/[^/?]+$/);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain(lastName);
      await expectA11y(page, "application");

      // The document opens inline in the browser; the read is in the supervisor's audit log.
      const link = page.getByRole("link", { name: /verklaring-arts\.png/ });
      const doc = await context.request.get((await link.getAttribute("href"))!);
      expect(doc.status()).toBe(200);
      expect(doc.headers()["content-type"]).toBe("image/png");
      expect(doc.headers()["content-disposition"]).toMatch(/^inline/);
      expect(Buffer.from(await doc.body()).equals(PNG)).toBe(true);
      const admin = await staffToken("beheerder@demo.woonbeurt.nl");
      const audit = await gql<{ auditEvents: { totalCount: number } }>(
        `query($f: AuditEventFilter) { auditEvents(first: 1, filter: $f) { totalCount } }`,
        {
          f: {
            actorEmail: "beoordelaar@demo.woonbeurt.nl",
            entityType: "UrgencyDocument",
            entityId: app.documentId,
          },
        },
        admin,
      );
      expect(audit.auditEvents.totalCount).toBeGreaterThanOrEqual(1);

      await page.getByRole("button", { name: "In behandeling nemen" }).click();
      await expect
        .poll(() => page.getByRole("status").first().textContent())
        .toContain("in behandeling genomen");

      const question = "Stuur ons de verklaring van uw huisarts over de trap.";
      await page.getByLabel("Wat moet de aanvrager aanleveren of toelichten?").fill(question);
      await page.getByRole("button", { name: "Informatie vragen" }).click();
      await expect
        .poll(() => page.getByRole("status").first().textContent())
        .toContain("aanvullende informatie");
      await seekerPage.goto(`/urgentie/${encodeURIComponent(app.id)}`);
      expect(await seekerPage.locator("main").textContent()).toContain(question);
      await expectA11y(seekerPage, "seeker application with a question");

      // The seeker answers on the same page, with the document asked for; a too short answer is
      // refused at the field first.
      await seekerPage.getByLabel("Uw antwoord").fill("Ok");
      await seekerPage.getByRole("button", { name: "Antwoord versturen" }).click();
      await expect
        .poll(() => seekerPage.locator("#urgency-information-answer-error").textContent())
        .toContain("Schrijf een antwoord van 5 tot 5000 tekens");
      const answer = "Hierbij de verklaring van mijn huisarts over de trap.";
      await seekerPage.getByLabel("Uw antwoord").fill(answer);
      // (another file than the one sent with the application: the same file is stored once)
      await seekerPage.getByLabel("Gevraagde stukken (optioneel)").setInputFiles({
        name: "huisarts-trap.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from(`%PDF-1.4\nverklaring huisarts trap ${lastName}\n`),
      });
      await Promise.all([
        seekerPage.waitForURL(/melding=answered/),
        seekerPage.getByRole("button", { name: "Antwoord versturen" }).click(),
      ]);
      expect(await seekerPage.locator("main").textContent()).toContain(answer);
      expect(await seekerPage.getByRole("button", { name: "Antwoord versturen" }).count()).toBe(0);
      await expectA11y(seekerPage, "seeker application answered");
      // The assessor sees the answer and the new document with the application.
      await page.reload();
      expect(await page.locator("main").textContent()).toContain(answer);
      expect(await page.getByRole("link", { name: /huisarts-trap\.pdf/ }).count()).toBe(1);

      // Decide: the first post asks to confirm, nothing is decided yet.
      await page.getByLabel(decision).check();
      const reason = js
        ? "Medische verklaring bevestigt dat traplopen onmogelijk is."
        : "Verhuizen lost het medische probleem niet op; een aanpassing van de woning wel.";
      await page.getByLabel("Motivering").fill(reason);
      if (js) await page.getByLabel("Geldigheid (maanden)").fill("12");
      await page.getByRole("button", { name: "Verder naar bevestigen" }).click();
      await expect.poll(() => page.getByRole("heading", { name: "Besluit bevestigen" }).count()).toBe(1);
      await expectA11y(page, "confirm decision");
      await page.getByRole("button", { name: "Besluit vastleggen" }).click();
      await expect
        .poll(() => page.getByRole("status").first().textContent())
        .toContain("Het besluit is vastgelegd");
      const title = js ? "Urgentie toegekend" : "Urgentie afgewezen";
      expect(await page.getByRole("heading", { name: title }).count()).toBe(1);
      await expectA11y(page, "decision letter (assessor)");

      // The seeker reads the same letter on their /urgentie page.
      await seekerPage.goto(`/urgentie/${encodeURIComponent(app.id)}`);
      const letter = await seekerPage.locator(".decision-letter").textContent();
      expect(letter).toContain(title);
      expect(letter).toContain(reason);
      if (js) expect(letter).toContain("Chronische medische problematiek");
      await expectA11y(seekerPage, "decision letter (seeker)");
      await seekerContext.close();

      // At 360 px the queue does not scroll sideways.
      await page.setViewportSize({ width: 360, height: 800 });
      await page.goto("/werk/beoordeling");
      await expectNoHorizontalScroll(page);
    } finally {
      await context.close();
    }
  }, 240_000);
});
