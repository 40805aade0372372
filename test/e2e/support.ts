/** Helpers for the browser suite: Chromium, axe, screenshots, and API shortcuts for setup. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { expect, inject } from "vitest";

export const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "artifacts");
export const apiUrl = () => inject("apiUrl");
export const portalUrl = () => inject("portalUrl");
export const PASSWORD = "correct horse battery staple";

/** A mail delivered to the suite's SMTP server (global-setup.ts), as its catcher stores it. */
export interface DeliveredMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/**
 * Wait (up to `timeoutMs`) for a mail to `to` matching `match`, delivered through SMTP by the
 * stack's outbox job to the SMTP server the suite started.
 */
export async function waitForMail(
  to: string,
  match: (m: DeliveredMail) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<DeliveredMail> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const all = (await (await fetch(`${inject("mailUrl")}/messages.json`)).json()) as DeliveredMail[];
    const hit = all.reverse().find((m) => m.to.includes(to) && match(m));
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface ContextOptions {
  javaScriptEnabled?: boolean;
  width?: number;
  height?: number;
  locale?: "nl-NL" | "en-GB";
}
export function newContext(browser: Browser, o: ContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: portalUrl(),
    javaScriptEnabled: o.javaScriptEnabled ?? true,
    viewport: { width: o.width ?? 1280, height: o.height ?? 900 },
    locale: o.locale ?? "nl-NL",
  });
}

/** Serious or critical axe violations (WCAG 2.1 A/AA rules) on the page, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  return bad.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")}`,
  );
}

/** No serious or critical axe violations (WCAG 2.1 A/AA rules). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${label} (${page.url()})`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** No horizontal scrolling (responsive at narrow widths). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `horizontal overflow on ${page.url()}`).toBeLessThanOrEqual(1);
}

let counter = 0;
export function uniqueEmail(tag: string): string {
  counter += 1;
  return `e2e-${tag}-${Date.now().toString(36)}-${counter}@example.org`;
}

/** A GraphQL call straight to the API (test setup only; the portal itself is what we test). */
export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const res = await fetch(apiUrl(), {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data as T;
}

/**
 * Register a seeker through the API and sign in; returns the session token. (Registration answers
 * the same receipt for new and taken addresses, so the session comes from sessionCreate.)
 */
export async function registerViaApi(
  email: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const data = await gql<{
    seekerRegister: { __typename: string; registration?: { email: string }; message?: string };
  }>(
    `mutation($input: SeekerRegisterInput!) { seekerRegister(input: $input) { __typename ... on Error { message } ... on SeekerRegisterSuccess { registration { email } } } }`,
    {
      input: {
        email,
        password: PASSWORD,
        firstName: "Eva",
        lastName: "Tester",
        birthDate: "1990-04-12",
        income: { amount: 26000, year: new Date().getFullYear() - 1, source: "TAX_STATEMENT" },
        currentDwelling: { kind: "WITH_PARENTS" },
        ...overrides,
      },
    },
  );
  if (!data.seekerRegister.registration)
    throw new Error(`registration failed: ${data.seekerRegister.message}`);
  const signIn = await gql<{ sessionCreate: { session?: { token: string }; message?: string } }>(
    `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { ... on Error { message } ... on SessionCreateSuccess { session { token } } } }`,
    { e: email, p: PASSWORD },
  );
  if (!signIn.sessionCreate.session) throw new Error(`sign-in failed: ${signIn.sessionCreate.message}`);
  return signIn.sessionCreate.session.token;
}

/** Open listings the seeker qualifies for, as references, optionally of one allocation model. */
export async function eligibleReferences(token: string, model?: string): Promise<string[]> {
  const data = await gql<{
    viewer: { eligibleListings: { edges: Array<{ node: { reference: string; allocationModel: string } }> } };
  }>(
    `{ viewer { eligibleListings(first: 100) { edges { node { reference allocationModel } } } } }`,
    {},
    token,
  );
  return data.viewer.eligibleListings.edges
    .map((e) => e.node)
    .filter((n) => !model || n.allocationModel === model)
    .map((n) => n.reference);
}

/**
 * Sign in through the portal's form at `from` (e.g. `/inloggen?terug=/werk`); waits for `to` (a
 * seeker's /mijn unless given).
 *
 * With JavaScript the page is filled only once it is quiet (its scripts loaded): on a busy machine
 * hydration can finish after the fields were typed and reset them, and the form then posts empty
 * fields. If that still happens (the page stays on /inloggen with the e-mail field empty), it is
 * filled and sent once more; a refusal the portal shows (wrong password, rate limit) fails with
 * that message.
 */
export async function signIn(
  page: Page,
  email: string,
  password = PASSWORD,
  to: RegExp = /\/mijn/,
  from = "/inloggen",
): Promise<void> {
  await page.goto(from, { waitUntil: "networkidle" });
  for (let attempt = 1; ; attempt++) {
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel(/^Wachtwoord/).fill(password);
    try {
      await Promise.all([
        page.waitForURL(to, { timeout: 20_000 }),
        page.getByRole("button", { name: "Inloggen" }).click(),
      ]);
      return;
    } catch (e) {
      if (to.test(page.url())) return;
      const alert = page.getByRole("alert");
      const shown = (await alert.count()) ? await alert.first().textContent() : null;
      const reset = (await page.getByLabel("E-mailadres").inputValue()) === "";
      if (attempt >= 2 || (shown && !reset))
        throw new Error(`sign-in as ${email} did not reach ${to}: ${shown ?? String(e)}`);
      await page.waitForLoadState("networkidle");
    }
  }
}
