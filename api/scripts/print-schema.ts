/**
 * Print the GraphQL schema to api/schema.graphql (committed; api/test/schema.test.ts fails when it
 * is stale). Run: pnpm --filter @woonbeurt/api run schema:print
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { schema } from "../src/schema/index.ts";

// Load graphql the way Node resolves it (the copy Pothos built the schema with): test runners
// may otherwise hand this file a second copy ("from another module or realm").
const { lexicographicSortSchema, printSchema } = createRequire(import.meta.url)(
  "graphql",
) as typeof import("graphql");

export const SCHEMA_PATH = fileURLToPath(new URL("../schema.graphql", import.meta.url));

/** The SDL as committed. */
export function printedSchema(): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_PATH, printedSchema());
  console.info(`wrote ${SCHEMA_PATH}`);
}
