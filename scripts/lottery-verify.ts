/**
 * `pnpm lottery:verify <reference | draw.json>`: recompute a published lottery draw — commitment,
 * every ticket and the order — from the published data alone (api/src/allocation/LOTTERY.md).
 *
 * - With a file (the JSON download of the portal's lottery page), nothing else is read.
 * - With a listing reference, the draw is fetched from the public API (`API_URL`, default
 *   http://127.0.0.1:4000/graphql; no token) and checked the same way.
 *
 * Prints `OK: …` and exits 0, or prints the first mismatch and exits 1; exits 2 on a usage error
 * or when the draw cannot be fetched.
 */
import { existsSync, readFileSync } from "node:fs";
import {
  drawDocument,
  LOTTERY_DRAW_QUERY,
  verifyDraw,
  type LotteryDrawData,
} from "../portal/src/lib/lottery-verify.ts";

async function fetchDraw(reference: string): Promise<unknown> {
  const api = process.env.API_URL ?? "http://127.0.0.1:4000/graphql";
  const res = await fetch(api, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: LOTTERY_DRAW_QUERY, variables: { reference } }),
  });
  const body = (await res.json()) as {
    data?: { listing: LotteryDrawData | null };
    errors?: { message: string }[];
  };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  const listing = body.data?.listing;
  if (!listing) throw new Error(`no listing with reference ${reference}`);
  const doc = drawDocument(listing, null);
  if (!doc) throw new Error(`listing ${reference} has no published draw (not a lottery, or not closed yet)`);
  return doc;
}

const arg = process.argv.slice(2).find((a) => a !== "--");
if (!arg) {
  console.error("usage: pnpm lottery:verify <listing reference | draw.json>");
  process.exit(2);
}
let doc: unknown;
try {
  doc = existsSync(arg) ? JSON.parse(readFileSync(arg, "utf8")) : await fetchDraw(arg);
} catch (e) {
  console.error(`cannot read the draw: ${(e as Error).message}`);
  process.exit(2);
}
const result = await verifyDraw(doc);
if (result.ok) {
  const ref = (doc as { listing?: { reference?: string } }).listing?.reference ?? arg;
  console.log(
    `OK: ${ref}: the seed matches the commitment, and all ${result.entries} tickets and the order recompute`,
  );
  process.exit(0);
}
console.log(`MISMATCH (${result.kind}): ${result.message}`);
if (result.expected !== null) console.log(`  recomputed: ${result.expected}`);
if (result.actual !== null) console.log(`  published:  ${result.actual}`);
process.exit(1);
