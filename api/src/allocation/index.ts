/**
 * The allocation core (woonruimteverdeling): pure functions, no Prisma, no GraphQL.
 *
 * - `ruleset`: versioned rule sets (regelset) and their zod validation
 * - `eligibility`: criteria per seeker and listing with reasons (passendheid)
 * - `where`: the same criteria as a Prisma-style filter over seekers
 * - `messages`: Dutch and English sentences for checks and rank reasons
 * - `criteria-messages`: a listing's criteria and their Dutch and English sentences
 * - `registration`: registration years (inschrijfduur), starter/mover, 75% retention
 * - `ranking`: order of candidates (volgorde) with the deciding reason
 * - `lottery`: verifiable lottery (loting), see LOTTERY.md
 * - `position`: current, if-responded-now and expected final position, and the backtest
 * - `monitoring`: figures for accountability (monitoring en verantwoording)
 *
 * Units throughout: rent EUR per month, income EUR per year, registration time in years.
 *
 * @module
 */
export * from "./errors.ts";
export * from "./calendar.ts";
export * from "./money.ts";
export * from "./types.ts";
export * from "./ruleset.ts";
export * from "./eligibility.ts";
export * from "./where.ts";
export * from "./messages.ts";
export * from "./criteria-messages.ts";
export * from "./registration.ts";
export * from "./lottery.ts";
export * from "./ranking.ts";
export * from "./position.ts";
export * from "./monitoring.ts";
export * from "./simulation.ts";
