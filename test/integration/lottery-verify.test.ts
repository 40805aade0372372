/**
 * The independent draw verifier (portal/src/lib/lottery-verify.ts) used by the lottery page and by
 * `pnpm lottery:verify` (issue 14 item 3): it accepts a draw the allocation core produced, and it
 * refuses every kind of tampering with the first mismatch.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { commitment, lotteryEntryCode, lotteryOrder, lotteryTicket } from "../../api/src/allocation/index.ts";
import { repoRoot } from "../../prisma/src/index.ts";
import { DRAW_FORMAT, verifyDraw, type DrawDocument } from "../../portal/src/lib/lottery-verify.ts";

const SEED = "a1".repeat(32);
const KEY = Buffer.alloc(32, 0xb2);

/** A draw as the API publishes it, made with the allocation core (LOTTERY.md test vector). */
function draw(n = 5): DrawDocument {
  const codes = Array.from({ length: n }, (_, i) => lotteryEntryCode(KEY, "WB-2019-0042", i + 1));
  return {
    format: DRAW_FORMAT,
    listing: { reference: "WB-2019-0042", title: "Loting", url: null },
    commitment: commitment(SEED),
    committedAt: "2019-05-01T10:00:00.000Z",
    seed: SEED,
    seedRevealedAt: "2019-05-15T22:00:00.000Z",
    algorithm: "see LOTTERY.md",
    entries: lotteryOrder(SEED, codes).map((entryCode, i) => ({
      order: i + 1,
      entryCode,
      ticket: lotteryTicket(SEED, entryCode),
    })),
  };
}

describe("verifyDraw (Web Crypto)", () => {
  it("recomputes a draw of the allocation core: commitment, tickets and order", async () => {
    expect(await verifyDraw(draw())).toEqual({ ok: true, entries: 5 });
    expect(await verifyDraw(draw(200))).toEqual({ ok: true, entries: 200 });
    // Entries may come in any order in the file: the published `order` is what counts.
    const shuffled = draw();
    shuffled.entries.reverse();
    expect((await verifyDraw(shuffled)).ok).toBe(true);
  });

  it("refuses a seed that does not hash to the commitment", async () => {
    const d = draw();
    d.seed = "b2".repeat(32);
    expect(await verifyDraw(d)).toMatchObject({ ok: false, kind: "COMMITMENT", actual: d.commitment });
  });

  it("refuses a forged ticket and names its place", async () => {
    const d = draw();
    d.entries[2]!.ticket = "0".repeat(64);
    expect(await verifyDraw(d)).toMatchObject({
      ok: false,
      kind: "TICKET",
      order: 3,
      expected: lotteryTicket(SEED, d.entries[2]!.entryCode),
      actual: "0".repeat(64),
    });
  });

  it("refuses a changed order (two entries swapped with their tickets)", async () => {
    const d = draw();
    d.entries[0]!.order = 2;
    d.entries[1]!.order = 1;
    expect(await verifyDraw(d)).toMatchObject({ ok: false, kind: "ORDER", order: 1 });
  });

  it("refuses an entry swapped for another one (ticket recomputed for it) at its old place", async () => {
    const d = draw();
    const intruder = lotteryEntryCode(KEY, "WB-2019-0042", 99);
    d.entries[0] = { order: 1, entryCode: intruder, ticket: lotteryTicket(SEED, intruder) };
    const r = await verifyDraw(d);
    // Either it is not the lowest ticket (ORDER) or, by chance, it is and the draw is consistent.
    if (
      lotteryOrder(
        SEED,
        d.entries.map((e) => e.entryCode),
      )[0] !== intruder
    )
      expect(r).toMatchObject({ ok: false, kind: "ORDER" });
  });

  it("refuses malformed documents", async () => {
    expect(await verifyDraw(null)).toMatchObject({ ok: false, kind: "FORMAT" });
    expect(await verifyDraw({ ...draw(), format: "x" })).toMatchObject({ ok: false, kind: "FORMAT" });
    expect(await verifyDraw({ ...draw(), seed: "A1".repeat(32) })).toMatchObject({ kind: "FORMAT" });
    const dup = draw();
    dup.entries[1]!.entryCode = dup.entries[0]!.entryCode;
    expect(await verifyDraw(dup)).toMatchObject({ ok: false, kind: "FORMAT" });
    const gap = draw();
    gap.entries[4]!.order = 4;
    expect(await verifyDraw(gap)).toMatchObject({ ok: false, kind: "FORMAT" });
  });
});

describe("pnpm lottery:verify <file>", () => {
  const run = promisify(execFile);
  const root = repoRoot();
  const cli = (file: string) =>
    run(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/lottery-verify.ts", file], {
      cwd: root,
    }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );

  it("prints OK for a genuine draw and the first mismatch (exit 1) for a tampered one", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "draw-"));
    const good = path.join(dir, "good.json");
    writeFileSync(good, JSON.stringify(draw()));
    expect(await cli(good)).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: WB-2019-0042/) });

    const tampered = draw();
    tampered.entries[3]!.ticket = "f".repeat(64);
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify(tampered));
    const r = await cli(bad);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^MISMATCH \(TICKET\): order 4/);
  });
});
