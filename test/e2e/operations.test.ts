/**
 * The portal's GraphQL operations are valid against the API's printed schema
 * (api/schema.graphql), so a renamed field fails here rather than in a browser. The operations
 * are gql.tada documents (`graphql(\`…\`)`) written next to the routes that run them and shared
 * fragments in portal/src/lib/server; `pnpm --filter @woonbeurt/portal run typecheck` types them
 * from the schema, and this test validates each operation document, with the fragments it
 * spreads, as the API will (also without a type check).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, Kind, parse, print, validate, visit, type DefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { LOTTERY_DRAW_QUERY } from "../../portal/src/lib/lottery-verify.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const schema = buildSchema(fs.readFileSync(path.join(root, "api", "schema.graphql"), "utf8"));

/** Every portal source file (.ts and .svelte) under portal/src, except generated ones. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sources(p);
    return /\.(ts|svelte)$/.test(e.name) ? [p] : [];
  });
}

/** The text of every `graphql(\`…\`)` document in the portal (not in comments), with its file. */
const documents = sources(path.join(root, "portal", "src")).flatMap((file) =>
  [...fs.readFileSync(file, "utf8").matchAll(/^(?![ \t]*\*).*?\bgraphql\(\s*`([^`]*)`/gm)].map((m) => ({
    file: path.relative(root, file),
    text: m[1]!,
  })),
);
const definitions = documents.flatMap((d) => parse(d.text).definitions.map((def) => ({ file: d.file, def })));
const fragments = new Map(
  definitions.flatMap(({ def }) => (def.kind === Kind.FRAGMENT_DEFINITION ? [[def.name.value, def]] : [])),
);
const operations = definitions.flatMap(({ file, def }) =>
  def.kind === Kind.OPERATION_DEFINITION ? [{ file, def, name: def.name?.value ?? "(anonymous)" }] : [],
);

/** An operation with every fragment it spreads, directly or through other fragments. */
function withFragments(op: DefinitionNode): DefinitionNode[] {
  const needed = new Map<string, DefinitionNode>();
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (fragment && !needed.has(name)) {
          needed.set(name, fragment);
          walk(fragment);
        }
      },
    });
  walk(op);
  return [op, ...needed.values()];
}

describe("portal operations against api/schema.graphql", () => {
  it("finds the portal's operations, each named once (the name is the operation's id in logs)", () => {
    expect(operations.length).toBeGreaterThan(100);
    const names = operations.map((o) => o.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const fragmentNames = definitions.flatMap(({ def }) =>
      def.kind === Kind.FRAGMENT_DEFINITION ? [def.name.value] : [],
    );
    expect(fragmentNames.filter((n, i) => fragmentNames.indexOf(n) !== i)).toEqual([]);
  });

  for (const op of operations) {
    it(`${op.name} (${op.file}) is valid`, () => {
      const doc = { kind: Kind.DOCUMENT, definitions: withFragments(op.def) } as const;
      expect(validate(schema, doc).map((e) => e.message)).toEqual([]);
    });
  }

  it("the draw page runs the same document as `pnpm lottery:verify`", () => {
    const portal = operations.find((o) => o.name === "LotteryDraw");
    expect(portal).toBeDefined();
    expect(print(portal!.def)).toBe(print(parse(LOTTERY_DRAW_QUERY).definitions[0]!));
  });
});
