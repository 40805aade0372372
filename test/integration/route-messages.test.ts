/**
 * Each page carries only the messages its route uses (issue 11 item 8): the portal sends the
 * namespaces `routeNamespaces` finds in the route's files and their imports. These tests run it
 * over the portal's sources on disk, as the portal's server does over its bundled copy. The crawl
 * (test/e2e/crawl.test.ts) checks the other side: no page shows a message key instead of its text.
 */
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { pickNamespaces, routeNamespaces, type Sources } from "../../portal/src/lib/i18n/route-namespaces.ts";
import { repoRoot } from "../../prisma/src/index.ts";

type Tree = { [key: string]: string | Tree };
const portal = path.join(repoRoot(), "portal");
const sources: Sources = {};
function read(folder: string, recursive: boolean) {
  for (const entry of fs.readdirSync(path.join(portal, folder), { withFileTypes: true })) {
    const file = `${folder}/${entry.name}`;
    if (entry.isDirectory()) {
      if (recursive) read(file, true);
    } else if (/\.(svelte|ts)$/.test(entry.name))
      sources[file] = fs.readFileSync(path.join(portal, file), "utf8");
  }
}
read("src", false);
read("src/routes", true);
read("src/lib", true);
const nl = JSON.parse(fs.readFileSync(path.join(portal, "messages", "nl.json"), "utf8")) as Tree;
const namespaces = Object.keys(nl);
/** Route ids of every page (`/woning/[reference]`). */
const routes = Object.keys(sources)
  .filter((f) => f.endsWith("/+page.svelte"))
  .map((f) => f.slice("src/routes".length, -"/+page.svelte".length) || "/");
const gzipped = (value: unknown) => gzipSync(JSON.stringify(value)).length;
const lookup = (tree: Tree, key: string) =>
  key
    .split(".")
    .reduce<string | Tree | undefined>(
      (node, part) => (typeof node === "object" ? node[part] : undefined),
      tree,
    );

describe("messages per route", () => {
  it("the listing pages carry a small part of the dictionary, and no staff texts", () => {
    for (const route of ["/aanbod", "/woning/[reference]"]) {
      const picked = pickNamespaces(nl, routeNamespaces(route, sources, namespaces));
      expect(gzipped(picked), route).toBeLessThan(gzipped(nl) / 4);
      expect(Object.keys(picked), route).not.toContain("simulation");
      expect(Object.keys((picked.werk ?? {}) as Tree), route).not.toContain("beheer");
    }
  });

  it("every key a route's files spell out in full is in the messages it is sent, plurals included", () => {
    const missing: string[] = [];
    for (const route of routes) {
      const picked = pickNamespaces(nl, routeNamespaces(route, sources, namespaces)) as Tree;
      const own = Object.entries(sources).filter(([file]) =>
        file.startsWith(`src/routes${route === "/" ? "" : route}/+page`),
      );
      for (const [, text] of own)
        for (const [, key] of text.matchAll(/["'`]([A-Za-z]+(?:\.[A-Za-z_]+)+)["'`]/g)) {
          const full = lookup(nl, key!) ?? lookup(nl, `${key}_other`);
          if (full === undefined) continue; // not a message key (a path, a field name)
          const sent = lookup(picked, key!) ?? lookup(picked, `${key}_other`);
          if (sent === undefined) missing.push(`${route}: ${key}`);
        }
    }
    expect(missing).toEqual([]);
  });

  it("a page without a route (404) gets the layout's and error page's messages only", () => {
    const paths = routeNamespaces(null, sources, namespaces);
    expect(paths).toEqual(expect.arrayContaining(["errors.heading", "nav.listings"]));
    expect(paths.some((p) => p.startsWith("listing"))).toBe(false);
  });
});
