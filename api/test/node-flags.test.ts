/**
 * The API's production process runs with the V8 flags of `api/scripts/node-flags.mjs` wherever it
 * is started with plain node: `pnpm start:prod` (scripts/start-prod.mjs, which imports them),
 * `api/package.json`'s `start:prod`, the container (`api/Dockerfile`) and the README's
 * instructions; the benchmark imports them too, so what it measures is what production runs.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { API_NODE_FLAGS } from "../scripts/node-flags.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

describe("the API's node flags", () => {
  it("are the same wherever production starts the compiled API", () => {
    expect(API_NODE_FLAGS).toEqual(["--max-semi-space-size=32", "--heap-growing-percent=100"]);
    const flags = API_NODE_FLAGS.join(" ");
    const pkg = JSON.parse(read("api/package.json")) as { scripts: Record<string, string> };
    expect(pkg.scripts["start:prod"]).toBe(`node ${flags} dist/main.js`);
    expect(read("api/Dockerfile")).toContain(
      `CMD ["node", ${API_NODE_FLAGS.map((f) => JSON.stringify(f)).join(", ")}, "api/dist/main.js"]`,
    );
    expect(read("scripts/start-prod.mjs")).toMatch(/spawn\(process\.execPath, \[\.\.\.API_NODE_FLAGS, /);
    expect(read("README.md")).toContain(`node ${flags} api/dist/main.js`);
  });
});
