import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DuplicateResponseError, InvalidInputError, LotterySeedError } from "./errors.ts";
import {
  commitment,
  drawSeed,
  lotteryEntryCode,
  lotteryOrder,
  lotteryTicket,
  verifyLottery,
} from "./lottery.ts";

// Vectors computed independently with Python's hashlib/hmac and with openssl (see LOTTERY.md).
const SEED = "a1".repeat(32);
const IDS = ["resp-001", "resp-002", "resp-003", "resp-004", "resp-005"];

const arbSeed = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString("hex"));
const arbIds = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 2, maxLength: 30 });

describe("lottery", () => {
  it("draws 32 random bytes as 64 lowercase hex characters, different each time", () => {
    const a = drawSeed();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(drawSeed()).not.toBe(a);
  });

  it("commits with SHA-256 over the seed bytes (not the hex text)", () => {
    expect(commitment(SEED)).toBe("52fe6094743bfd4f9be4321d98adc7e23c1ab622b0ba830e271d1ee1cbfd7850");
    expect(commitment("00".repeat(32))).toBe(
      "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925",
    );
  });

  it("tickets are HMAC-SHA256(seed bytes, UTF-8 id) and the order sorts them ascending", () => {
    expect(lotteryTicket(SEED, "resp-001")).toBe(
      "dcf21afe06569a6c0edab0db7ae299d8082fdd9ced768462d017dbd297ee9a10",
    );
    expect(lotteryOrder(SEED, IDS)).toEqual(["resp-002", "resp-004", "resp-005", "resp-001", "resp-003"]);
  });

  it("entry codes: HMAC-SHA256(key, 'reference:registration number'), tickets over the code (LOTTERY.md vector)", () => {
    const key = Buffer.alloc(32, 0xb2);
    const codes = [1, 2, 3, 4, 5].map((n) => lotteryEntryCode(key, "WB-2019-0042", n));
    expect(codes[0]).toBe("81044dc549d3c3b3d91647c3e39b649b74fe56b4f5bcd474d7512184cbd07467");
    expect(lotteryTicket(SEED, codes[0]!)).toBe(
      "75ce3738b4ec57949ad1eea43437335292d2c7c9478da56dce5d4b8316e184a4",
    );
    expect(lotteryOrder(SEED, codes)).toEqual([2, 4, 3, 1, 5].map((n) => codes[n - 1]));
    // The same seeker has unrelated codes on two listings, and two seekers differ on one listing.
    expect(lotteryEntryCode(key, "WB-2019-0043", 1)).not.toBe(codes[0]);
    expect(new Set(codes).size).toBe(5);
    expect(() => lotteryEntryCode(Buffer.alloc(16), "WB-1", 1)).toThrow(InvalidInputError);
    expect(() => lotteryEntryCode(key, "", 1)).toThrow(InvalidInputError);
    expect(() => lotteryEntryCode(key, "WB-1", 0)).toThrow(InvalidInputError);
    expect(() => lotteryEntryCode(key, "WB-1", 1.5)).toThrow(InvalidInputError);
  });

  it("rejects malformed seeds and duplicate ids", () => {
    expect(() => commitment("abc")).toThrow(LotterySeedError);
    expect(() => lotteryOrder("zz".repeat(32), IDS)).toThrow(LotterySeedError);
    expect(() => lotteryOrder(SEED, ["a", "b", "a"])).toThrow(DuplicateResponseError);
  });

  it("verifies a published draw and refuses a seed that does not match the commitment", () => {
    expect(verifyLottery(commitment(SEED), SEED, IDS)).toEqual({
      valid: true,
      order: lotteryOrder(SEED, IDS),
    });
    expect(verifyLottery(commitment(SEED).toUpperCase(), SEED, IDS).valid).toBe(true);
    expect(verifyLottery(commitment(SEED), "b2".repeat(32), IDS)).toEqual({
      valid: false,
      order: [],
      reason: "COMMITMENT_MISMATCH",
    });
    expect(verifyLottery(commitment(SEED), "not hex", IDS)).toEqual({
      valid: false,
      order: [],
      reason: "SEED_MALFORMED",
    });
  });

  it("is reproducible from the seed, independent of input order, and a permutation of the ids (property)", () => {
    fc.assert(
      fc.property(arbSeed, arbIds, (seed, ids) => {
        const order = lotteryOrder(seed, ids);
        expect(lotteryOrder(seed, [...ids].reverse())).toEqual(order);
        expect([...order].sort()).toEqual([...ids].sort());
        expect(verifyLottery(commitment(seed), seed, ids).order).toEqual(order);
      }),
    );
  });

  it("changes with the seed (property: two different seeds order 8 ids differently, except by rare chance)", () => {
    const ids = Array.from({ length: 8 }, (_, i) => `resp-${i}`);
    let same = 0;
    fc.assert(
      fc.property(arbSeed, arbSeed, (a, b) => {
        fc.pre(a !== b);
        if (lotteryOrder(a, ids).join() === lotteryOrder(b, ids).join()) same += 1;
      }),
      { numRuns: 500 },
    );
    // 8! = 40320 orders: two independent draws coincide with probability 1/40320.
    expect(same).toBeLessThanOrEqual(1);
  });

  it("removing a response never changes the relative order of the others (property)", () => {
    fc.assert(
      fc.property(arbSeed, arbIds, fc.nat(), (seed, ids, k) => {
        const removed = ids[k % ids.length]!;
        const rest = ids.filter((id) => id !== removed);
        expect(lotteryOrder(seed, rest)).toEqual(lotteryOrder(seed, ids).filter((id) => id !== removed));
      }),
    );
  });
});
