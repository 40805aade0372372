/**
 * Open listings: PUBLISHED (closing in the next 1–14 days) with ACTIVE responses from
 * eligible-looking seekers (household size, income band, age label respected for ~96%), some
 * DRAFT, a few CLOSED (ranked, lottery seed revealed) and OFFERING (offers under way), several
 * LOTERIJ with a published commitment and a secret seed, WOONGROEP listings with motivations and
 * some committee verdicts, and direct-mediation (BEMIDDELING) listings.
 *
 * @module
 */
import { commitment, lotteryOrder } from "../../api/src/allocation/index.ts";
import type { AllocationModel, PriorityRule } from "../generated/prisma/enums.ts";
import { entryCode } from "../../api/src/lottery-key.ts";
import type { RawExecutor } from "./bulk.ts";
import { UTRECHT_LETTINGS_BY_RENT_CLASS_2018 } from "./calibration.ts";
import {
  DECLINE_REASONS,
  MOTIVATIONS,
  ResponseWriters,
  SUITABLE_REASONS,
  UNSUITABLE_REASONS,
  type Pool,
} from "./history.ts";
import { attractiveness, DwellingPicker, dwellingPools, makeListing } from "./listings.ts";
import {
  DAY,
  dayOf,
  priorityTier,
  profileContains,
  registrationNumberOf,
  roughlyEligible,
  yearsOn,
  type Ctx,
  type DwellingRec,
  type ListingRec,
  type SeekerRec,
} from "./model.ts";
import { uuidv7 } from "./random.ts";

/** Where an open listing came from (demo purposes). */
interface OpenPlan {
  listingIdx: number;
  woongroepIdx: number | null;
}

/** Plan the open listings (appended to ctx.listings). */
export function planOpen(ctx: Ctx): OpenPlan[] {
  const rng = ctx.rng("open");
  const n = ctx.scale.openListings;
  const picker = new DwellingPicker(ctx, dwellingPools(ctx, rng));
  const utrechtIdx = ctx.municipalities.findIndex((m) => m.code === "GM0344");
  const regionWeights = ctx.municipalities.map((m, i) => [i, i === utrechtIdx ? 0 : m.stock] as const);
  const plans: OpenPlan[] = [];
  const nowDay = ctx.nowDay;
  const woongroepCount = Math.max(3, Math.round(n * 0.03));
  const mediationCount = Math.max(2, Math.round(n * 0.04));
  const lotteryCount = Math.round(n * 0.14);

  const pickDwelling = (ok: (d: DwellingRec) => boolean): DwellingRec => {
    for (let t = 0; t < 40; t++) {
      let d: DwellingRec | null;
      if (rng.chance(0.02)) d = picker.pick("middle", ok);
      else if (rng.chance(0.4)) {
        const cls = rng.weighted(UTRECHT_LETTINGS_BY_RENT_CLASS_2018.map((c, ci) => [ci, c] as const));
        d = picker.pick(`utrecht:${cls}`, ok);
      } else d = picker.pick(`region:${rng.weighted(regionWeights)}`, ok);
      if (d) return d;
    }
    throw new Error("seed: not enough dwellings for the open listings");
  };

  const add = (
    d: DwellingRec,
    model: AllocationModel,
    status: ListingRec["status"],
    opts: {
      extra?: PriorityRule[];
      household?: [number, number];
      woongroepIdx?: number | null;
      closesInDays?: number;
    } = {},
  ) => {
    const window = rng.chance(0.6) ? 7 : 14;
    let publishedMs: number | null = null;
    let closesMs: number;
    let createdMs: number;
    let closedMs: number | null = null;
    if (status === "DRAFT") {
      closesMs = (nowDay + rng.intBetween(14, 28)) * DAY + 22 * 3_600_000;
      createdMs = ctx.nowMs - rng.intBetween(1, 5 * 24) * 3_600_000;
    } else if (model === "BEMIDDELING") {
      closesMs = (nowDay - rng.intBetween(1, 5)) * DAY + 15 * 3_600_000;
      closedMs = closesMs;
      createdMs = closesMs - rng.intBetween(2, 8) * DAY;
    } else {
      const k =
        status === "PUBLISHED"
          ? (opts.closesInDays ?? rng.intBetween(1, window))
          : status === "CLOSED"
            ? -rng.intBetween(1, 3)
            : -rng.intBetween(4, 10);
      closesMs = (nowDay + k) * DAY + 22 * 3_600_000;
      publishedMs = closesMs - Math.max(window, k) * DAY - 14 * 3_600_000;
      createdMs = publishedMs - rng.intBetween(1, 5) * DAY;
      if (status !== "PUBLISHED") closedMs = closesMs;
    }
    const seed = model === "LOTERIJ" ? rng.hex(32) : null;
    const revealed = seed !== null && (status === "CLOSED" || status === "OFFERING");
    const l = makeListing(ctx, rng, uuidv7(createdMs, rng), d, {
      model,
      status,
      publishedMs,
      closesMs,
      createdMs,
      updatedMs: Math.min(ctx.nowMs, Math.max(createdMs, publishedMs ?? 0, closedMs ?? 0)),
      closedMs,
      extraRules: opts.extra,
      household: opts.household,
      lotterySeed: seed,
      lotteryCommitment: seed ? commitment(seed) : null,
      lotteryRevealedMs: revealed ? closesMs : null,
      woongroepName:
        opts.woongroepIdx !== undefined && opts.woongroepIdx !== null
          ? ctx.woongroepen[opts.woongroepIdx]!.name
          : null,
    });
    ctx.listings.push(l);
    plans.push({ listingIdx: l.index, woongroepIdx: opts.woongroepIdx ?? null });
    return l;
  };

  // Listings the demo seekers respond to (fixed shapes so their dashboards are meaningful).
  const utrechtFlat3 = (d: DwellingRec) =>
    d.municipalityIdx === utrechtIdx &&
    d.rooms === 3 &&
    d.type === "APARTMENT" &&
    d.floor >= 1 &&
    d.rentClass <= 2;
  add(pickDwelling(utrechtFlat3), "AANBOD", "PUBLISHED", {
    extra: ["MOVER"],
    household: [1, 5],
    closesInDays: 5,
  });
  add(
    pickDwelling((d) => d.rooms === 4 && d.type === "SINGLE_FAMILY_HOUSE"),
    "AANBOD",
    "PUBLISHED",
    { household: [3, 7], closesInDays: 9 },
  );
  add(
    pickDwelling((d) => d.rooms >= 3 && d.rentClass <= 2),
    "LOTERIJ",
    "PUBLISHED",
    { household: [1, 5], closesInDays: 3 },
  );
  add(
    pickDwelling((d) => d.rooms <= 2 && d.type === "APARTMENT" && d.floor >= 1 && d.rentClass <= 1),
    "AANBOD",
    "PUBLISHED",
    { household: [1, 2], closesInDays: 6 },
  );
  add(
    pickDwelling((d) => d.rooms === 2 && d.type === "APARTMENT" && d.floor >= 1 && d.rentClass <= 1),
    "LOTERIJ",
    "PUBLISHED",
    { household: [1, 3], closesInDays: 11 },
  );
  add(
    pickDwelling((d) => d.rooms === 3 && d.type === "APARTMENT" && d.floor >= 2 && d.rentClass <= 1),
    "AANBOD",
    "PUBLISHED",
    { household: [1, 4], closesInDays: 7 },
  );

  // The demo landlords (Mitros, Portaal) each have a closed listing to walk and one with offers under way.
  for (const key of ["mitros", "portaal"]) {
    for (const status of ["CLOSED", "OFFERING"] as const) {
      add(
        pickDwelling((d) => d.landlordKey === key && d.rooms >= 2),
        "AANBOD",
        status,
      );
    }
  }

  // Woongroep listings, the first for Woongroep De Zambesi (demo committee member).
  for (let i = 0; i < woongroepCount; i++) {
    const wi = i % ctx.woongroepen.length;
    const d =
      picker.pick(`woongroep:${wi}`, (x) => x.rooms >= (i === 0 ? 3 : 1)) ??
      picker.pick(`woongroep:${wi}`) ??
      pickDwelling((x) => x.type === "APARTMENT");
    add(d, "WOONGROEP", "PUBLISHED", {
      woongroepIdx: wi,
      household: i === 0 ? [1, 5] : undefined,
      closesInDays: rng.intBetween(3, 12),
    });
  }
  for (let i = 0; i < mediationCount; i++)
    add(
      pickDwelling(() => true),
      "BEMIDDELING",
      i % 2 === 0 ? "OFFERING" : "DRAFT",
    );
  const remaining = n - plans.length;
  for (let i = 0; i < remaining; i++) {
    const model: AllocationModel = i < lotteryCount - 2 ? "LOTERIJ" : "AANBOD";
    const r = rng.next();
    const status: ListingRec["status"] =
      r < 0.1 ? "DRAFT" : r < 0.14 ? "CLOSED" : r < 0.18 ? "OFFERING" : "PUBLISHED";
    const d = pickDwelling(() => true);
    const extra: PriorityRule[] = [];
    if (model === "AANBOD" && d.rooms >= 2 && d.rooms <= 3 && rng.chance(0.25)) extra.push("MOVER");
    if (d.municipalityIdx === utrechtIdx && rng.chance(0.08)) extra.push("VITAL_PROFESSION");
    if (
      d.municipalityIdx !== utrechtIdx &&
      d.city !== ctx.municipalities[d.municipalityIdx]!.cores[0] &&
      rng.chance(0.5)
    )
      extra.push("LOCAL_BINDING");
    add(d, model, status, { extra });
  }
  return plans;
}

/** Rank candidates of a closed open listing; returns them best first (eligible only). */
function rank(ctx: Ctx, l: ListingRec, cands: OpenCand[]): OpenCand[] {
  const closeDay = dayOf(l.closesMs);
  const eligible = cands.filter(
    (c) => !c.withdrawn && c.verdict !== "UNSUITABLE" && roughlyEligible(c.s, l, closeDay),
  );
  for (const c of eligible) {
    c.tier =
      l.allocationModel === "WOONGROEP"
        ? c.verdict === "SUITABLE"
          ? 0
          : 1
        : priorityTier(ctx, c.s, l, l.closesMs);
    c.years = yearsOn(c.s, closeDay);
  }
  if (l.allocationModel === "LOTERIJ") {
    // Tickets hash each seeker's entry code for this listing (LOTTERY.md), never the response id.
    for (const c of eligible) c.lotteryEntry = entryCode(l.reference, registrationNumberOf(c.s));
    const order = lotteryOrder(
      l.lotterySeed!,
      eligible.map((c) => c.lotteryEntry!),
    );
    const pos = new Map(order.map((code, i) => [code, i] as const));
    return [...eligible].sort(
      (a, b) => a.tier - b.tier || pos.get(a.lotteryEntry!)! - pos.get(b.lotteryEntry!)!,
    );
  }
  return [...eligible].sort(
    (a, b) =>
      a.tier - b.tier ||
      b.years - a.years ||
      a.s.regDay - b.s.regDay ||
      a.createdMs - b.createdMs ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

interface OpenCand {
  /** LOTERIJ: the seeker's entry code in the draw (eligible candidates of a drawn lottery). */
  lotteryEntry?: string;
  s: SeekerRec;
  id: string;
  createdMs: number;
  withdrawn: boolean;
  motivation: string | null;
  verdict: "PENDING" | "SUITABLE" | "UNSUITABLE";
  reviewer: string | null;
  reviewedMs: number | null;
  tier: number;
  years: number;
  position: number | null;
  status: string;
}

/**
 * Generate and write the responses (and offers) of the open listings.
 *
 * @param demo - demo seekers by key (zoeker, starter, urgentie)
 */
export async function writeOpen(
  db: RawExecutor,
  ctx: Ctx,
  plans: OpenPlan[],
  pool: Pool,
  demo: Map<string, SeekerRec>,
): Promise<void> {
  const rng = ctx.rng("open-responses");
  const w = new ResponseWriters(db);
  const listings = plans.map((p) => ctx.listings[p.listingIdx]!);
  const publicOpen = listings.filter((l) => l.status !== "DRAFT" && l.allocationModel !== "BEMIDDELING");
  // Response volume: final counts by attractiveness, received so far by elapsed window, scaled to the target.
  const raw = new Map<ListingRec, number>();
  for (const l of publicOpen) {
    const final = ctx.scale.responsesPerListing * attractiveness(ctx, l, rng);
    let frac = 1;
    if (l.status === "PUBLISHED") {
      const elapsed = Math.min(1, Math.max(0, (ctx.nowMs - l.publishedMs!) / (l.closesMs - l.publishedMs!)));
      frac = 1 - Math.pow(1 - elapsed, 2.5);
    }
    raw.set(l, final * frac);
  }
  const totalRaw = [...raw.values()].reduce((s, v) => s + v, 0);
  const scale = totalRaw > 0 ? ctx.scale.openResponses / totalRaw : 0;

  const cands = new Map<ListingRec, OpenCand[]>(listings.map((l) => [l, []]));
  const seen = new Map<ListingRec, Set<number>>(listings.map((l) => [l, new Set()]));
  const addCand = (l: ListingRec, s: SeekerRec, motivation: string | null = null) => {
    const set = seen.get(l)!;
    if (set.has(s.index)) return false;
    set.add(s.index);
    const endMs = Math.min(ctx.nowMs - 60_000, l.closesMs);
    const startMs = l.publishedMs ?? l.closesMs - DAY;
    const createdMs = Math.max(
      startMs,
      Math.min(endMs, startMs + Math.floor((endMs - startMs) * Math.pow(rng.next(), 1.7))),
    );
    cands.get(l)!.push({
      s,
      id: uuidv7(createdMs, rng),
      createdMs,
      withdrawn: false,
      motivation: l.allocationModel === "WOONGROEP" ? (motivation ?? rng.pick(MOTIVATIONS)) : null,
      verdict: "PENDING",
      reviewer: null,
      reviewedMs: null,
      tier: 4,
      years: 0,
      position: null,
      status: "ACTIVE",
    });
    return true;
  };

  // Demo seekers first (their responses are part of the story).
  const zoeker = demo.get("zoeker");
  const starter = demo.get("starter");
  const urgent = demo.get("urgentie");
  const published = listings.filter((l) => l.status === "PUBLISHED" && l.allocationModel !== "BEMIDDELING");
  const take = (s: SeekerRec | undefined, max: number, filter: (l: ListingRec) => boolean) => {
    if (!s) return;
    let k = 0;
    for (const l of published) {
      if (k >= max) break;
      if (!filter(l) || !roughlyEligible(s, l, dayOf(l.closesMs))) continue;
      if (
        addCand(l, s, "Ik woon al jaren in de wijk en wil graag de koffieochtend en de moestuin op me nemen.")
      )
        k++;
    }
  };
  take(zoeker, 6, (l) => l.allocationModel !== "WOONGROEP" || ctx.woongroepen[0] !== undefined);
  take(starter, 3, (l) => l.allocationModel !== "WOONGROEP");
  if (urgent?.urgency) {
    const u = urgent.urgency;
    take(
      urgent,
      3,
      (l) => l.allocationModel === "AANBOD" && profileContains(u.profile, ctx.dwellings[l.dwellingIdx]!),
    );
  }

  // Urgent seekers respond to listings inside their search profile.
  const urgentSeekers = ctx.seekers.filter(
    (s) => s.status === "ACTIVE" && s.urgency !== null && s.demo === null,
  );
  const accepting = listings.filter(
    (l) => l.status !== "DRAFT" && l.allocationModel !== "BEMIDDELING" && l.allocationModel !== "WOONGROEP",
  );
  for (const s of urgentSeekers) {
    let k = 0;
    const want = rng.intBetween(0, 3);
    for (let t = 0; t < 25 && k < want && accepting.length; t++) {
      const l = rng.pick(accepting);
      const d = ctx.dwellings[l.dwellingIdx]!;
      if (!profileContains(s.urgency!.profile, d) || !roughlyEligible(s, l, dayOf(l.closesMs))) continue;
      if (l.createdMs > s.urgency!.validUntilMs) continue;
      if (addCand(l, s)) k++;
    }
  }

  // Everyone else: by activity, mostly eligible (about 4% are not, so eligibility fails show up).
  for (const l of publicOpen) {
    const target = Math.round(raw.get(l)! * scale);
    const list = cands.get(l)!;
    const day = dayOf(l.closesMs);
    for (let a = 0; a < target * 30 + 50 && list.length < target; a++) {
      const s = ctx.seekers[pool.order[rng.int(pool.order.length)]!]!;
      if (rng.next() >= s.activity) continue;
      if (s.regDay >= dayOf(l.publishedMs ?? l.closesMs)) continue;
      if (!roughlyEligible(s, l, day) && !rng.chance(0.04)) continue;
      addCand(l, s);
    }
  }

  // Withdrawals, committee verdicts, rankings, offers; then write.
  let mediationTurn = rng.int(Math.max(1, urgentSeekers.length));
  for (const p of plans) {
    const l = ctx.listings[p.listingIdx]!;
    const list = cands.get(l)!;
    list.sort((a, b) => a.createdMs - b.createdMs || (a.id < b.id ? -1 : 1));
    for (const c of list) {
      if (c.s.demo === null && rng.chance(0.03)) {
        c.withdrawn = true;
        c.status = "WITHDRAWN";
      }
    }
    if (l.allocationModel === "WOONGROEP" && p.woongroepIdx !== null) {
      const reviewers = ctx.committee.get(p.woongroepIdx)!;
      for (const c of list) {
        if (c.withdrawn || c.s.demo !== null || !rng.chance(p.woongroepIdx === 0 ? 0.4 : 0.3)) continue;
        c.verdict = rng.chance(0.7) ? "SUITABLE" : "UNSUITABLE";
        c.reviewer = reviewers[0]!;
        c.reviewedMs = Math.min(ctx.nowMs - 3_600_000, c.createdMs + rng.intBetween(1, 4) * DAY);
      }
    }
    if (l.allocationModel === "BEMIDDELING" && l.status === "OFFERING") {
      // Direct mediation: one urgent seeker matched by the landlord, offer pending.
      let s: SeekerRec | undefined;
      for (let t = 0; t < urgentSeekers.length && !s; t++) {
        const x = urgentSeekers[(mediationTurn + t) % urgentSeekers.length]!;
        if (!seen.get(l)!.has(x.index) && roughlyEligible(x, l, ctx.nowDay)) s = x;
      }
      mediationTurn += 7;
      if (s) {
        addCand(l, s);
        const c = list[list.length - 1]!;
        c.status = "OFFERED";
        c.createdMs = Math.min(c.createdMs, l.closesMs - 3_600_000);
      }
    }
    const offers: {
      c: OpenCand;
      offeredMs: number;
      outcome: string;
      outcomeMs: number | null;
      reason: string | null;
    }[] = [];
    if ((l.status === "CLOSED" || l.status === "OFFERING") && l.allocationModel !== "BEMIDDELING") {
      const ranked = rank(ctx, l, list);
      ranked.forEach((c, i) => (c.position = i + 1));
      if (l.status === "OFFERING" && ranked.length > 0) {
        const declined = Math.min(
          ranked.length - 1,
          rng.weighted([
            [0, 0.5],
            [1, 0.3],
            [2, 0.2],
          ] as const),
        );
        // The pending offer went out in the last two days (answer due within 3 days); earlier
        // offers were declined between close and then.
        const pendingMs = ctx.nowMs - rng.intBetween(2, 40) * 3_600_000;
        const start = l.closesMs + 12 * 3_600_000;
        const step = (pendingMs - start) / (declined + 1);
        for (let i = 0; i < declined; i++) {
          const c = ranked[i]!;
          c.status = "DECLINED";
          const t = Math.floor(start + i * step);
          offers.push({
            c,
            offeredMs: t,
            outcome: "DECLINED",
            outcomeMs: Math.floor(t + step * 0.6),
            reason: rng.pick(DECLINE_REASONS),
          });
        }
        const c = ranked[declined]!;
        c.status = "OFFERED";
        offers.push({ c, offeredMs: pendingMs, outcome: "PENDING", outcomeMs: null, reason: null });
      }
    } else if (l.allocationModel === "BEMIDDELING" && l.status === "OFFERING") {
      const c = list.find((x) => x.status === "OFFERED");
      if (c)
        offers.push({
          c,
          offeredMs: Math.max(l.closesMs, ctx.nowMs - rng.intBetween(1, 2) * DAY),
          outcome: "PENDING",
          outcomeMs: null,
          reason: null,
        });
    }
    for (const c of list) {
      await w.responses.push([
        c.id,
        l.id,
        c.s.id,
        c.motivation,
        c.status,
        c.verdict,
        c.verdict === "UNSUITABLE"
          ? rng.pick(UNSUITABLE_REASONS)
          : c.verdict === "SUITABLE"
            ? rng.pick(SUITABLE_REASONS)
            : null,
        c.reviewer,
        c.reviewedMs === null ? null : new Date(Math.max(c.reviewedMs, c.createdMs + 60_000)),
        c.position,
        new Date(c.createdMs),
        c.withdrawn
          ? new Date(c.createdMs + Math.floor((Math.min(ctx.nowMs, l.closesMs) - c.createdMs) * rng.next()))
          : null,
        c.position === null ? null : (c.lotteryEntry ?? null),
        // rankedAheadAtClose: not kept for these few recent listings (the back-test then counts
        // only those who stayed; history.ts keeps it for the closed history)
        null,
      ]);
    }
    const staff = ctx.landlordStaff.get(l.landlordKey)!;
    for (const o of offers) {
      await w.offers.push([
        uuidv7(o.offeredMs, rng),
        l.id,
        o.c.id,
        o.c.s.id,
        o.c.position ?? 1,
        staff[0]!,
        new Date(o.offeredMs),
        new Date(o.offeredMs + 3 * DAY),
        o.outcome,
        o.outcomeMs === null ? null : new Date(o.outcomeMs),
        o.reason,
      ]);
    }
    if (w.pending >= 30_000) await w.flush();
  }
  await w.drain();
}
