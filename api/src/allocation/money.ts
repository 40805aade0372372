/**
 * Money in the allocation core.
 *
 * Amounts are numbers in euros with at most two decimals: rents in EUR per month (kale huur),
 * incomes in EUR per year (huishoudinkomen). Comparisons are made on whole cents so that binary
 * floating point never decides a boundary: `atMost(597.3, 597.30)` is true.
 * The database stores cents (integers); converting is the API's job (`cents / 100` in,
 * {@link toCents} out).
 *
 * @module
 */

/** Whole cents of an amount in euros, rounded half away from zero to the nearest cent. */
export function toCents(eur: number): number {
  return Math.sign(eur) * Math.round(Math.abs(eur) * 100);
}

/** Euros of a whole number of cents. */
export function fromCents(cents: number): number {
  return cents / 100;
}

/** `amount <= limit`, compared in whole cents. */
export function atMost(amount: number, limit: number): boolean {
  return toCents(amount) <= toCents(limit);
}

/** Whether an amount in euros has at most two decimals (within floating-point noise). */
export function hasAtMostTwoDecimals(eur: number): boolean {
  return Math.abs(eur * 100 - Math.round(eur * 100)) < 1e-6;
}
