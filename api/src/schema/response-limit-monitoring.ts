/**
 * Monitoring of the response limit (reactielimiet, rule set `responses { maxActive, maxPerWeek }`,
 * issue 15 item 5): every response `listingRespond` refuses with ResponseLimitReachedError is
 * counted in ResponseLimitRefusal (which limit and when; no seeker), and `responseLimitRefusals`
 * publishes the counts per week, so the region can see how often the limit bites before tightening
 * or loosening it. Public: aggregate counts, no personal data. The public response cache
 * (cache.ts) may show a count up to 30 seconds old.
 */
import { db } from "../db.ts";
import { builder } from "./builder.ts";
import { parseInput } from "./errors.ts";
import { z } from "zod";

/** Most weeks one request may ask for (two years). */
export const REFUSAL_WEEKS_MAX = 104;

/**
 * Count one refused response (outside the refused transaction, which rolled back). A failure to
 * count is logged and never changes the seeker's answer.
 */
export async function recordResponseLimitRefusal(limit: "ACTIVE" | "WEEK"): Promise<void> {
  try {
    await db().responseLimitRefusal.create({ data: { limit } });
  } catch (e) {
    console.error("[response-limit] refusal not counted:", e);
  }
}

interface WeekCount {
  weekStart: Date;
  active: number;
  week: number;
}

const WeekRef = builder.objectRef<WeekCount>("ResponseLimitRefusalWeek").implement({
  description: "Responses the response limit refused in one week (Monday to Sunday, Europe/Amsterdam).",
  fields: (t) => ({
    weekStart: t.expose("weekStart", { type: "Date", description: "The week's Monday." }),
    active: t.exposeInt("active", {
      description: "Refused because the seeker had `responses.maxActive` open responses.",
    }),
    week: t.exposeInt("week", {
      description: "Refused because the seeker had responded `responses.maxPerWeek` times in 7 days.",
    }),
    total: t.int({ description: "Both together.", resolve: (w) => w.active + w.week }),
  }),
});

/** Monday (UTC midnight of the Amsterdam date) of the week holding `d`. */
function mondayOf(d: Date): Date {
  const local = new Date(d.toLocaleString("en-US", { timeZone: "Europe/Amsterdam" }));
  const day = (local.getDay() + 6) % 7; // 0 = Monday
  return new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate() - day));
}

builder.queryFields((t) => ({
  responseLimitRefusals: t.field({
    type: [WeekRef],
    description: `Responses refused by the response limit (ResponseLimitReachedError) per week, the last \`weeks\` weeks including the current one, oldest first; weeks without refusals count 0. Public (counts only). Errors: ValidationError (weeks not 1-${REFUSAL_WEEKS_MAX}).`,
    args: {
      weeks: t.arg.int({
        required: false,
        defaultValue: 12,
        description: `Weeks, 1-${REFUSAL_WEEKS_MAX} (default 12).`,
      }),
    },
    resolve: async (_r, args) => {
      const weeks = parseInput(
        z.number().int().min(1).max(REFUSAL_WEEKS_MAX, `must be at most ${REFUSAL_WEEKS_MAX}`),
        args.weeks ?? 12,
        ["weeks"],
      );
      const thisMonday = mondayOf(new Date());
      const first = new Date(thisMonday.getTime() - (weeks - 1) * 7 * 86_400_000);
      // a day early, so the Amsterdam week boundary (UTC+1/+2) is inside the range; bucketed below
      const rows = await db().responseLimitRefusal.findMany({
        where: { refusedAt: { gte: new Date(first.getTime() - 86_400_000) } },
        select: { limit: true, refusedAt: true },
      });
      const out: WeekCount[] = Array.from({ length: weeks }, (_, i) => ({
        weekStart: new Date(first.getTime() + i * 7 * 86_400_000),
        active: 0,
        week: 0,
      }));
      for (const r of rows) {
        const i = Math.round((mondayOf(r.refusedAt).getTime() - first.getTime()) / (7 * 86_400_000));
        const w = out[i];
        if (!w) continue;
        if (r.limit === "ACTIVE") w.active += 1;
        else w.week += 1;
      }
      return out;
    },
  }),
}));
