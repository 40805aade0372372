/**
 * The portal's GraphQL operations are valid against the API's printed schema
 * (api/schema.graphql), so a renamed field fails here rather than in a browser.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import * as operations from "../../portal/src/lib/server/operations.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const schema = buildSchema(fs.readFileSync(path.join(root, "api", "schema.graphql"), "utf8"));

const ops = Object.entries(operations).filter(
  (e): e is [string, { name: string; document: string }] =>
    typeof e[1] === "object" && e[1] !== null && "document" in e[1],
);

describe("portal operations against api/schema.graphql", () => {
  it("has operations", () => expect(ops.length).toBeGreaterThan(20));
  for (const [exportName, op] of ops) {
    it(`${exportName} (${op.name}) is valid`, () => {
      const errors = validate(schema, parse(op.document)).map((e) => e.message);
      expect(errors).toEqual([]);
    });
  }
});
