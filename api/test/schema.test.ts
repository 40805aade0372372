/** The committed api/schema.graphql must match the schema the code builds. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { printedSchema, SCHEMA_PATH } from "../scripts/print-schema.ts";

it("api/schema.graphql is up to date (run: pnpm --filter @woonbeurt/api run schema:print)", () => {
  expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(printedSchema());
});

it("every type and field has a description", () => {
  const sdl = printedSchema();
  // crude but effective: no output field line lacks a preceding docstring in the printed SDL
  const lines = sdl.split("\n");
  const undocumented: string[] = [];
  let inBlock = false;
  let prevDoc = false;
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('"""')) {
      if (!(trimmed.length > 3 && trimmed.endsWith('"""'))) inBlock = !inBlock;
      prevDoc = true;
      continue;
    }
    if (inBlock) continue;
    if (
      /^(type|input|enum|interface|union|scalar) /.test(trimmed) &&
      !prevDoc &&
      !/^(type (Query|Mutation)|scalar )/.test(trimmed)
    )
      undocumented.push(trimmed);
    if (/^\w+(\(.*\))?: /.test(trimmed) && line.startsWith("  ") && !line.startsWith("    ") && !prevDoc)
      undocumented.push(trimmed);
    prevDoc = false;
  }
  expect(
    undocumented.filter(
      (l) =>
        !/^(node|nodes|pageInfo|edges|cursor|hasNextPage|hasPreviousPage|startCursor|endCursor|totalCount|id): /.test(
          l,
        ),
    ),
  ).toEqual([]);
});
