/**
 * No server error anywhere a visitor can go: crawl every page reachable by following links, signed
 * out and as each demo seeker, in Dutch and with `lang=en`, and assert that no answer is a 5xx.
 * Each distinct route (path with its identifiers abstracted, e.g. `/woning/:id`) is also checked
 * with axe, once per account in Dutch and once over all accounts in English. Every page must also
 * show no message key in place of its text (each route is sent only the messages it uses).
 *
 * The stack is the one `pnpm start` gives a newcomer: `scripts/start.ts` seeds the `small` region
 * against today's date with the demo accounts (e2e/global-setup.ts), so closed and let listings,
 * past responses with final positions and urgency decisions are all there to be reached.
 *
 * What the crawl follows: `<a href>` on every HTML answer and the `Location` of every redirect,
 * same origin only, without the fragment. It skips `/uitloggen` (signing out ends the session
 * the crawl runs in) and form-action URLs (`?/respond`: POST targets, not pages). URLs are
 * de-duplicated without `lang` (every URL is requested once without it and once with `lang=en`)
 * and without `terug` (the sign-in form's return address: one such URL is requested, not one per
 * page that links to the sign-in form).
 *
 * Bounded: more than {@link MAX_PAGES} distinct URLs fails the test (a link generator, not
 * pages). To keep the run short, the accounts share the listing pages in English: each listing
 * page linked from the public lists is requested in English by one account (signed out or a
 * seeker, chosen by a hash of its URL); listing pages linked from a seeker's own pages (`/mijn…`,
 * `/account`, `/urgentie…`) by that seeker, and every other page by every account. In Dutch every
 * account requests every page.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { Parser } from "htmlparser2";
import { DEMO_ACCOUNTS } from "@woonbeurt/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launch, newContext, portalUrl, signIn } from "./support.ts";

/** Requests in flight per crawl. */
const CONCURRENCY = 4;
/** A crawl that finds more distinct URLs than this has found a URL generator, not pages. */
const MAX_PAGES = 2500;
/** Paths the crawl never requests (GET links that change state or end the session). */
const SKIP_PATHS = new Set(["/uitloggen"]);
/** Query parameters that do not make a different page. */
const IGNORED_PARAMS = ["lang", "terug"];

type Language = "nl" | "en";

interface Visit {
  /** What was requested: path and query, without `lang`. */
  url: string;
  status: number;
  /** The page that first linked here (for the failure message). */
  from: string;
  html: boolean;
  /** Message keys the page showed instead of their text. */
  untranslated: string[];
}

interface CrawlOptions {
  language: Language;
  /** `cookie` header of the signed-in seeker, or none. */
  cookie?: string;
  /** Whether to follow a link to `url` found on `from` (default: all). */
  follow?: (url: string, from: string) => boolean;
  /** Where the crawl starts (default `/`). */
  start?: string;
}

/** `/woning/WB-2026-00485` → `/woning/:id`: any path segment with a digit is an identifier. */
function routeOf(url: string): string {
  return url
    .split("?")[0]!
    .split("/")
    .map((segment) => (/\d/.test(segment) ? ":id" : segment))
    .join("/");
}

/** Same-origin path and query of a link found on `base` (without `lang`), or null when not followed. */
function followable(href: string, base: string): { url: string; key: string } | null {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  if (url.origin !== new URL(portalUrl()).origin) return null;
  if (SKIP_PATHS.has(url.pathname)) return null;
  // SvelteKit form actions (`?/name`) are POST targets, not pages.
  if ([...url.searchParams.keys()].some((k) => k.startsWith("/"))) return null;
  url.hash = "";
  url.searchParams.delete("lang");
  const key = new URL(url);
  for (const p of IGNORED_PARAMS) key.searchParams.delete(p);
  return { url: url.pathname + url.search, key: key.pathname + key.search };
}

function withLanguage(url: string, language: Language): string {
  const u = new URL(url, portalUrl());
  if (language === "en") u.searchParams.set("lang", "en");
  return u.pathname + u.search;
}

/** Top-level namespaces of the portal's messages (`nav`, `listing`, …). */
const NAMESPACES = Object.keys(
  JSON.parse(readFileSync(new URL("../../portal/messages/nl.json", import.meta.url), "utf8")) as object,
);
/**
 * A message key shown instead of its text (`listing.title`): what a page shows when its route
 * was sent without a namespace it uses (issue 11 item 8 sends each route only its own).
 */
const RAW_KEY = new RegExp(
  `(?<![\\w@./:-])(?:${NAMESPACES.join("|")})\\.[A-Za-z_]+(?:\\.[A-Za-z_]+)*(?![\\w@/-])`,
);
/** Elements whose text is not prose: scripts, styles, and code (a rule-set parameter path). */
const CODE = new Set(["script", "style", "code"]);
/** Attributes whose values are shown or read out (text alternatives, labels, hints). */
const SHOWN_ATTRIBUTES = ["alt", "title", "aria-label", "placeholder", "value"];

/**
 * The `href` of every `<a>` in an HTML document, and the message keys it shows untranslated in
 * text or in shown attributes (scripts, styles and `<code>` left out).
 */
function scan(html: string): { hrefs: string[]; untranslated: string[] } {
  const hrefs: string[] = [];
  const untranslated: string[] = [];
  let hidden = 0;
  const check = (text: string) => {
    const key = RAW_KEY.exec(text)?.[0];
    if (key) untranslated.push(key);
  };
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === "a" && attributes.href) hrefs.push(attributes.href);
      if (CODE.has(name)) hidden += 1;
      for (const attribute of SHOWN_ATTRIBUTES) if (attributes[attribute]) check(attributes[attribute]);
    },
    onclosetag(name) {
      if (CODE.has(name)) hidden -= 1;
    },
    ontext(text) {
      if (hidden === 0) check(text);
    },
  });
  parser.write(html);
  parser.end();
  return { hrefs, untranslated };
}

/**
 * Breadth-first crawl from `/`. In English every request carries `lang=en`; in Dutch none does
 * (Dutch is the portal's default).
 * @throws when more than {@link MAX_PAGES} distinct URLs turn up.
 */
async function crawl(options: CrawlOptions): Promise<Visit[]> {
  const base = portalUrl();
  const start = options.start ?? "/";
  const queue: Array<{ url: string; from: string }> = [{ url: start, from: "(start)" }];
  const seen = new Set([start]);
  const visits: Visit[] = [];
  let active = 0;
  const enqueue = (href: string, page: string) => {
    const link = followable(href, new URL(page, base).href);
    if (!link || seen.has(link.key)) return;
    if (options.follow && !options.follow(link.url, page)) return;
    seen.add(link.key);
    queue.push({ url: link.url, from: page });
    if (seen.size > MAX_PAGES) throw new Error(`more than ${MAX_PAGES} distinct URLs (last from ${page})`);
  };
  const worker = async () => {
    for (;;) {
      const next = queue.shift();
      if (!next) {
        if (active === 0) return;
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      active += 1;
      try {
        const res = await fetch(new URL(withLanguage(next.url, options.language), base), {
          redirect: "manual",
          headers: options.cookie ? { cookie: options.cookie } : {},
          signal: AbortSignal.timeout(60_000),
        });
        const html = (res.headers.get("content-type") ?? "").includes("text/html");
        const location = res.headers.get("location");
        if (location) enqueue(location, next.url);
        const found = html ? scan(await res.text()) : { hrefs: [], untranslated: [] };
        if (!html) await res.body?.cancel();
        visits.push({
          url: next.url,
          status: res.status,
          from: next.from,
          html,
          untranslated: found.untranslated,
        });
        for (const href of found.hrefs) enqueue(href, next.url);
      } finally {
        active -= 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return visits;
}

/** Stable share of `url` among `n` crawlers: 0 … n-1. */
function shareOf(url: string, n: number): number {
  return createHash("sha256").update(url).digest().readUInt32BE(0) % n;
}

const SEEKERS = DEMO_ACCOUNTS.filter((a) => a.role === "SEEKER");
/** Demo landlord staff: their crawl covers the workspace (/werk); public pages are crawled above. */
const LANDLORDS = DEMO_ACCOUNTS.filter((a) => a.role === "LANDLORD_STAFF");
const WORKSPACE_LISTING = /^\/werk\/verhuur\/[^/?]+/;
const OWN_PAGES = /^\/(mijn|account|urgentie)(\/|\?|$)/;
/** The English share of account `index` (0 … SEEKERS.length; signed out is the last). */
function englishShare(index: number): (url: string, from: string) => boolean {
  return (url, from) =>
    OWN_PAGES.test(from) || !url.startsWith("/woning/") || shareOf(url, SEEKERS.length + 1) === index;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

/** Routes already checked with axe in English (once over all accounts, to save time). */
const axedInEnglish = new Set<string>();

/**
 * Crawl in both languages as one account; returns the 5xx answers and axe violations, one line
 * each, and checks that the crawl reached the pages it should.
 */
async function crawlAs(
  account: { email: string; password: string } | null,
  englishShare: ((url: string, from: string) => boolean) | undefined,
  staff = false,
): Promise<{ failures: string[]; inaccessible: string[] }> {
  const failures: string[] = [];
  const inaccessible: string[] = [];
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    let cookie: string | undefined;
    if (account) {
      await signIn(page, account.email, account.password, staff ? /\/werk/ : undefined);
      cookie = (await context.cookies())
        .filter((c) => c.name !== "lang")
        .map((c) => `${c.name}=${c.value}`)
        .join("; ");
    }
    for (const language of ["nl", "en"] as const) {
      const visits = staff
        ? // Staff: the workspace only; in English one listing page in ten.
          await crawl({
            language,
            cookie,
            start: "/werk",
            follow: (url) =>
              url.startsWith("/werk") &&
              (language === "nl" || !WORKSPACE_LISTING.test(url) || shareOf(url.split("?")[0]!, 10) === 0),
          })
        : await crawl({ language, cookie, follow: language === "en" ? englishShare : undefined });
      if (staff) {
        // The landlord's listings and their pages (with the confirm steps linked from them).
        expect(visits.map((v) => v.url)).toEqual(expect.arrayContaining(["/werk", "/werk/verhuur"]));
        const own = visits.filter((v) => WORKSPACE_LISTING.test(v.url)).length;
        expect(own, `workspace listing pages crawled in ${language}`).toBeGreaterThan(
          language === "nl" ? 5 : 0,
        );
      } else {
        const listings = visits.filter((v) => routeOf(v.url) === "/woning/:id").length;
        // The crawl went where a visitor goes: the seeker's own pages, and listings of every state
        // (the seed has about 30 open listings and hundreds closed or let).
        if (account) expect(visits.map((v) => v.url)).toEqual(expect.arrayContaining(["/mijn", "/account"]));
        expect(listings, `listing pages crawled in ${language}`).toBeGreaterThan(
          language === "nl" ? 100 : 30,
        );
      }

      for (const v of visits) {
        if (v.status >= 500)
          failures.push(`${v.status} ${withLanguage(v.url, language)} (linked from ${v.from})`);
        for (const key of v.untranslated)
          failures.push(`untranslated "${key}" on ${withLanguage(v.url, language)}`);
      }

      // axe once per route (and per error status) on a page that rendered, Dutch before English
      // (`lang=en` sets the language cookie of the browser context).
      const routes = new Map<string, string>();
      for (const v of visits) {
        if (!v.html || v.status >= 500 || (v.status >= 300 && v.status < 400)) continue;
        const route = v.status >= 400 ? `error ${v.status}` : routeOf(v.url);
        if (language === "en" && axedInEnglish.has(route)) continue;
        if (!routes.has(route)) routes.set(route, v.url);
      }
      for (const [route, url] of routes) {
        if (language === "en") axedInEnglish.add(route);
        await page.goto(withLanguage(url, language));
        for (const v of await axeViolations(page)) inaccessible.push(`${route} (${page.url()}): ${v}`);
      }
    }
  } finally {
    await context.close();
  }
  return { failures, inaccessible };
}

describe("crawl: no page answers 5xx", () => {
  it("the seed has demo seekers to crawl as", () => {
    expect(SEEKERS.map((s) => s.email)).toEqual(
      expect.arrayContaining(["zoeker@demo.woonbeurt.nl", "starter@demo.woonbeurt.nl"]),
    );
  });

  it("signed out: every reachable page in Dutch and English, axe clean per route", async () => {
    const { failures, inaccessible } = await crawlAs(null, englishShare(SEEKERS.length));
    expect(failures, "server errors and untranslated keys signed out").toEqual([]);
    expect(inaccessible, "axe signed out").toEqual([]);
  }, 600_000);

  SEEKERS.forEach((seeker, index) => {
    it(`${seeker.email}: every reachable page in Dutch and English, axe clean per route`, async () => {
      const { failures, inaccessible } = await crawlAs(seeker, englishShare(index));
      expect(failures, `server errors and untranslated keys for ${seeker.email}`).toEqual([]);
      expect(inaccessible, `axe for ${seeker.email}`).toEqual([]);
    }, 600_000);
  });

  LANDLORDS.forEach((landlord) => {
    it(`${landlord.email}: every workspace page in Dutch and English, axe clean per route`, async () => {
      const { failures, inaccessible } = await crawlAs(landlord, undefined, true);
      expect(failures, `server errors and untranslated keys for ${landlord.email}`).toEqual([]);
      expect(inaccessible, `axe for ${landlord.email}`).toEqual([]);
    }, 600_000);
  });
});

/** The staff sections of the workspace this crawl covers, per demo staff account. */
const STAFF_SECTIONS: Record<string, string> = {
  "beoordelaar@demo.woonbeurt.nl": "/werk/beoordeling",
  "commissie@demo.woonbeurt.nl": "/werk/commissie",
  "beheerder@demo.woonbeurt.nl": "/werk/beheer",
};

describe("crawl: the staff workspace answers no 5xx", () => {
  const staff = DEMO_ACCOUNTS.filter((a) => a.email in STAFF_SECTIONS);
  it("the seed has the demo staff accounts", () => {
    expect(staff.map((a) => a.email).sort()).toEqual(Object.keys(STAFF_SECTIONS).sort());
  });

  staff.forEach((account) => {
    const section = STAFF_SECTIONS[account.email]!;
    it(`${account.email}: every page under ${section} in Dutch and English, axe clean per route`, async () => {
      const context = await newContext(browser);
      const failures: string[] = [];
      const inaccessible: string[] = [];
      try {
        const page = await context.newPage();
        await signIn(
          page,
          account.email,
          account.password,
          new RegExp(`^[^?#]*//[^/]+${section}`),
          `/inloggen?terug=${encodeURIComponent(section)}`,
        );
        const cookie = (await context.cookies())
          .filter((c) => c.name !== "lang")
          .map((c) => `${c.name}=${c.value}`)
          .join("; ");
        // Public pages are crawled signed out above; here the workspace pages only.
        const follow = (url: string) => url.startsWith("/werk/");
        for (const language of ["nl", "en"] as const) {
          const visits = await crawl({ language, cookie, follow, start: section });
          expect(visits.length, `pages under ${section}`).toBeGreaterThan(1);
          for (const v of visits) {
            if (v.status >= 500)
              failures.push(`${v.status} ${withLanguage(v.url, language)} (linked from ${v.from})`);
            for (const key of v.untranslated)
              failures.push(`untranslated "${key}" on ${withLanguage(v.url, language)}`);
          }
          const routes = new Map<string, string>();
          for (const v of visits)
            if (v.html && v.status < 300 && !routes.has(routeOf(v.url))) routes.set(routeOf(v.url), v.url);
          for (const [route, url] of routes) {
            await page.goto(withLanguage(url, language));
            for (const x of await axeViolations(page)) inaccessible.push(`${route} (${page.url()}): ${x}`);
          }
        }
      } finally {
        await context.close();
      }
      expect(failures, `server errors and untranslated keys for ${account.email}`).toEqual([]);
      expect(inaccessible, `axe for ${account.email}`).toEqual([]);
    }, 600_000);
  });
});
