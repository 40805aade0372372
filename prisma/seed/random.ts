/**
 * Deterministic randomness for the seed: a small counter-based PRNG (sfc32, seeded through
 * splitmix32) and helpers. Nothing here reads the clock or `Math.random()`, so the same seed gives
 * the same data — ids included — on every machine.
 *
 * Each phase of the seed takes its own named stream (`Rng.stream(seed, "seekers")`), so adding
 * draws to one phase never shifts the numbers of another.
 *
 * @module
 */

/** 32-bit FNV-1a hash of a string (stream names → seeds). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32 step: spreads a 32-bit seed into well-mixed state words. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A seeded pseudo-random generator (sfc32, "small fast counter", Chris Doty-Humphrey's
 * PractRand suite; period at least 2^32, passes PractRand to 2^40+). Not for secrets.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** @param seed - any 32-bit integer */
  constructor(seed: number) {
    const st = { s: seed | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** An independent stream for a named phase: same `(seed, name)` → same numbers. */
  static stream(seed: number, name: string): Rng {
    return new Rng((Math.imul(seed | 0, 0x9e3779b1) ^ fnv1a(name)) | 0);
  }

  /** Next unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max] (both inclusive). */
  intBetween(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** Uniform float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** One element, uniformly. @throws Error on an empty list */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(items.length)]!;
  }

  /** One element by weight (weights need not sum to 1). */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }

  /** `bytes` random bytes as lowercase hex. */
  hex(bytes: number): string {
    let out = "";
    for (let i = 0; i < bytes; i += 4) {
      out += this.u32().toString(16).padStart(8, "0");
    }
    return out.slice(0, bytes * 2);
  }
}

/**
 * A UUID version 7 (RFC 9562) from a timestamp and the generator: 48-bit Unix milliseconds, the
 * version and variant bits, and 74 bits from `rng`. Ids sort by their timestamp like the
 * database's own `uuid(7)` defaults, and are reproducible.
 *
 * @param ms - Unix time in milliseconds (>= 0)
 */
export function uuidv7(ms: number, rng: Rng): string {
  const t = Math.max(0, Math.floor(ms)).toString(16).padStart(12, "0").slice(-12);
  const r1 = rng.u32();
  const r2 = rng.u32();
  const r3 = rng.u32();
  const verRand = (0x7000 | (r1 & 0x0fff)).toString(16);
  const variant = (0x8000 | ((r1 >>> 12) & 0x3fff)).toString(16);
  const tail = r2.toString(16).padStart(8, "0") + (r3 & 0xffff).toString(16).padStart(4, "0");
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-${verRand}-${variant}-${tail}`;
}

/**
 * Counts for `total` items split by `shares` with the largest-remainder method, so the counts add
 * up to `total` exactly and each is within 1 of `total * share / sum(shares)`.
 */
export function apportion(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((s, v) => s + v, 0);
  const exact = shares.map((s) => (sum > 0 ? (total * s) / sum : 0));
  const counts = exact.map((x) => Math.floor(x));
  let left = total - counts.reduce((s, v) => s + v, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    counts[i]! += 1;
    left -= 1;
  }
  return counts;
}
