/**
 * Listings (woningaanbod) from dwellings: household bounds, age labels, income band, priority
 * rules, title and description; how attractive a listing is (drives its number of responses);
 * picking unused dwellings; and writing listings.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { lotteryKey, sealSeed } from "../../api/src/lottery-key.ts";
import type { AgeLabel, AllocationModel, IncomeBand, PriorityRule } from "../generated/prisma/enums.ts";
import { TableWriter, cols, type RawExecutor } from "./bulk.ts";
import { RULES_2019 } from "./calibration.ts";
import { cents, euro, type Ctx, type DwellingRec, type ListingRec } from "./model.ts";
import type { Rng } from "./random.ts";

const TYPE_WORD: Record<DwellingRec["type"], string> = {
  APARTMENT: "appartement",
  GROUND_FLOOR_APARTMENT: "benedenwoning",
  UPPER_FLOOR_DWELLING: "bovenwoning",
  SINGLE_FAMILY_HOUSE: "eengezinswoning",
  STUDIO: "studio",
  ROOM: "kamer",
  SENIOR_DWELLING: "seniorenwoning",
};

/** Household bounds (min, max persons) for a dwelling. */
export function householdBounds(rng: Rng, d: DwellingRec, student: boolean): [number, number] {
  if (student) return [1, 1];
  if (d.type === "SENIOR_DWELLING") return [1, 2];
  switch (d.rooms) {
    case 1:
      return [1, rng.chance(0.7) ? 1 : 2];
    case 2:
      return [1, rng.chance(0.8) ? 2 : 3];
    case 3:
      return rng.chance(0.75) ? [1, 4] : [2, 5];
    case 4:
      return rng.chance(0.6) ? [3, 7] : [2, 7];
    default:
      return [3, 8];
  }
}

/** Options for {@link makeListing}. */
export interface ListingOptions {
  model: AllocationModel;
  status: ListingRec["status"];
  publishedMs: number | null;
  closesMs: number;
  createdMs: number;
  updatedMs: number;
  closedMs: number | null;
  extraRules?: PriorityRule[];
  /** Force the income band. */
  incomeBand?: IncomeBand;
  ageLabel?: AgeLabel;
  lotterySeed?: string | null;
  lotteryCommitment?: string | null;
  lotteryRevealedMs?: number | null;
  woongroepName?: string | null;
  /** Force the household bounds (min, max persons). */
  household?: [number, number];
}

/** A listing for dwelling `d` (rent copied from the dwelling). */
export function makeListing(ctx: Ctx, rng: Rng, id: string, d: DwellingRec, o: ListingOptions): ListingRec {
  const complex = d.complexIdx === null ? null : ctx.complexes[d.complexIdx]!;
  const student = complex?.isStudentComplex ?? false;
  const [householdMin, householdMax] = o.household ?? householdBounds(rng, d, student);
  let ageLabel: AgeLabel = o.ageLabel ?? "NONE";
  if (o.ageLabel === undefined) {
    if (student) ageLabel = "YOUTH_18_23";
    else if (d.type === "SENIOR_DWELLING") ageLabel = rng.chance(0.7) ? "AGE_55_PLUS" : "AGE_65_PLUS";
    else if (d.rooms === 1 && d.netRentCents <= cents(RULES_2019.qualityDiscountLimit2019) && rng.chance(0.3))
      ageLabel = "YOUTH_18_23";
  }
  let incomeBand: IncomeBand =
    o.incomeBand ??
    (d.rentClass === 4
      ? "MIDDLE_RENT"
      : rng.weighted<IncomeBand>([
          ["DAEB", RULES_2019.allocationShares.upToDaeb],
          ["MIDDLE", RULES_2019.allocationShares.daebToMiddle],
          ["ORDINANCE", RULES_2019.allocationShares.upToOrdinance],
        ]));
  if (d.rentClass === 4) incomeBand = "MIDDLE_RENT";
  const rules: PriorityRule[] = [];
  if (o.model === "AANBOD" || o.model === "LOTERIJ") rules.push("URGENCY");
  for (const r of o.extraRules ?? []) if (!rules.includes(r)) rules.push(r);
  const order: PriorityRule[] = ["URGENCY", "MOVER", "LOCAL_BINDING", "VITAL_PROFESSION"];
  rules.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const word = TYPE_WORD[d.type];
  const district = d.districtIdx !== null ? ctx.districts[d.districtIdx]!.name : null;
  const place = district && d.city === "Utrecht" ? `Utrecht (${district})` : d.city;
  const address = `${d.street} ${d.houseNumber}${d.suffix ? `-${d.suffix}` : ""}`;
  const cap = word[0]!.toUpperCase() + word.slice(1);
  const title =
    d.type === "STUDIO"
      ? `Studio, ${address}, ${place}`
      : `${cap} met ${d.rooms} kamers, ${address}, ${place}`;
  // Adjectives: "appartement" is a het-word (no -e), the others de-words.
  const het = d.type === "APARTMENT";
  const adjective = (d.rooms === 1 ? "Compact" : d.areaM2 > 80 ? "Ruim" : "Licht") + (het ? "" : "e");
  const label = d.energyLabel
    .replace("_PLUS_", "+")
    .replace(/\+(\d)/, (_, n: string) => "+".repeat(Number(n)));
  const lines: string[] = [];
  const where =
    d.type === "SINGLE_FAMILY_HOUSE"
      ? "met tuin"
      : d.floor === 0
        ? "op de begane grond"
        : `op de ${d.floor}e verdieping (${d.hasElevator ? "met lift" : "zonder lift"})`;
  lines.push(
    `${adjective} ${word} van ${d.areaM2} m² ${where} in ${d.neighbourhood ?? place}. Bouwjaar ${d.buildYear}, energielabel ${label}.`,
  );
  lines.push(`Kale huur ${euro(d.netRentCents)} per maand, servicekosten ${euro(d.serviceCostsCents)}.`);
  if (d.accessibility === "WHEELCHAIR")
    lines.push("Rolstoelgeschikt: voorrang voor woningzoekenden met een rolstoelindicatie.");
  else if (d.accessibility === "WALKER") lines.push("Rollatorgeschikt.");
  if (ageLabel === "AGE_55_PLUS")
    lines.push("Deze woning is bestemd voor woningzoekenden van 55 jaar en ouder.");
  if (ageLabel === "AGE_65_PLUS")
    lines.push("Deze woning is bestemd voor woningzoekenden van 65 jaar en ouder.");
  if (ageLabel === "YOUTH_18_23")
    lines.push(
      "Jongerenwoning: alleen voor woningzoekenden van 18 tot en met 23 jaar (tijdelijk huurcontract van 5 jaar).",
    );
  if (rules.includes("MOVER"))
    lines.push("Voorrang voor doorstromers die een woning van 4 of meer kamers achterlaten.");
  if (rules.includes("LOCAL_BINDING"))
    lines.push(
      `Voorrang voor woningzoekenden met een lokale binding met ${ctx.municipalities[d.municipalityIdx]!.name}.`,
    );
  if (rules.includes("VITAL_PROFESSION"))
    lines.push("Voorrang voor woningzoekenden met een vitaal beroep die in de gemeente werken.");
  if (o.model === "LOTERIJ")
    lines.push(
      "Deze woning wordt verloot onder alle passende reacties. De loting is controleerbaar: de hash van het lotingsgetal staat hieronder, het getal zelf volgt na sluiting.",
    );
  if (o.model === "WOONGROEP")
    lines.push(
      `Deze woning hoort bij ${o.woongroepName ?? "een woongroep"}. Reageren kan alleen met een motivatie: wat wilt u bijdragen aan de groep? De woongroepcommissie beoordeelt de motivaties; daarna is de inschrijfduur leidend.`,
    );
  if (o.model === "BEMIDDELING")
    lines.push("Deze woning wordt via directe bemiddeling toegewezen en niet openbaar aangeboden.");
  return {
    index: ctx.listings.length,
    id,
    reference: "",
    dwellingIdx: d.index,
    landlordKey: d.landlordKey,
    title,
    description: lines.join(" "),
    allocationModel: o.model,
    status: o.status,
    netRentCents: d.netRentCents,
    serviceCostsCents: d.serviceCostsCents,
    publishedMs: o.publishedMs,
    closesMs: o.closesMs,
    householdMin,
    householdMax,
    ageLabel,
    incomeBand,
    priorityRules: rules,
    // Only listed professions count and an empty list gives nobody the priority [003], so a listing
    // with the rule names its professions (the same PRNG draw as before keeps the seed calibrated).
    vitalProfessions: rules.includes("VITAL_PROFESSION")
      ? rng.chance(0.5)
        ? ["verpleegkundige", "verzorgende ig", "politieagent", "leraar primair onderwijs"]
        : ["verpleegkundige", "politieagent"]
      : [],
    lotteryCommitment: o.lotteryCommitment ?? null,
    lotterySeed: o.lotterySeed ?? null,
    lotterySeedRevealedMs: o.lotteryRevealedMs ?? null,
    closedMs: o.closedMs,
    createdMs: o.createdMs,
    updatedMs: o.updatedMs,
  };
}

/**
 * Relative attractiveness of a listing (mean about 1): more responses for cheap apartments in
 * Utrecht and for lotteries, fewer for family, senior and youth labels and for woongroepen.
 */
export function attractiveness(ctx: Ctx, l: ListingRec, rng: Rng): number {
  const d = ctx.dwellings[l.dwellingIdx]!;
  const code = ctx.municipalities[d.municipalityIdx]!.code;
  let a = code === "GM0344" ? 1.25 : code === "GM0356" || code === "GM0355" ? 1.0 : 0.75;
  a *= {
    APARTMENT: 1,
    GROUND_FLOOR_APARTMENT: 1.1,
    UPPER_FLOOR_DWELLING: 0.9,
    SINGLE_FAMILY_HOUSE: 1.3,
    STUDIO: 0.9,
    ROOM: 0.6,
    SENIOR_DWELLING: 0.6,
  }[d.type];
  a *= d.rentClass === 0 ? 1.2 : d.rentClass === 3 ? 0.8 : d.rentClass === 4 ? 0.35 : 1;
  if (l.allocationModel === "LOTERIJ") a *= 1.4;
  if (l.allocationModel === "WOONGROEP") a *= 0.15;
  if (l.ageLabel === "YOUTH_18_23") a *= 0.6;
  if (l.ageLabel === "AGE_55_PLUS" || l.ageLabel === "AGE_65_PLUS") a *= 0.5;
  if (l.householdMin >= 3) a *= 0.55;
  return a * Math.exp(rng.normal() * 0.4 - 0.08);
}

/** Unused dwellings by pool, walked with cursors (each dwelling is used at most once). */
export class DwellingPicker {
  private cursors = new Map<string, number>();
  constructor(
    private readonly ctx: Ctx,
    private readonly pools: Map<string, number[]>,
  ) {}

  /** First unused dwelling of `pool` that satisfies `ok` (scans at most `limit`), marked used. */
  pick(pool: string, ok: (d: DwellingRec) => boolean = () => true, limit = 5000): DwellingRec | null {
    const list = this.pools.get(pool);
    if (!list) return null;
    let c = this.cursors.get(pool) ?? 0;
    while (c < list.length && this.ctx.dwellings[list[c]!]!.used) c++;
    this.cursors.set(pool, c);
    for (let i = c, n = 0; i < list.length && n < limit; i++, n++) {
      const d = this.ctx.dwellings[list[i]!]!;
      if (d.used || !ok(d)) continue;
      d.used = true;
      return d;
    }
    return null;
  }
}

/**
 * Pools of dwellings, each shuffled: `utrecht:<class>` (social, Utrecht, not special complexes),
 * `region:<municipality index>`, `middle`, `student`, `woongroep:<index>`.
 */
export function dwellingPools(ctx: Ctx, rng: Rng): Map<string, number[]> {
  const pools = new Map<string, number[]>();
  const add = (k: string, i: number) => {
    let l = pools.get(k);
    if (!l) pools.set(k, (l = []));
    l.push(i);
  };
  const utrecht = ctx.municipalities.findIndex((m) => m.code === "GM0344");
  for (const d of ctx.dwellings) {
    const c = d.complexIdx === null ? null : ctx.complexes[d.complexIdx]!;
    if (c?.isStudentComplex) add("student", d.index);
    else if (c?.woongroepIdx !== null && c?.woongroepIdx !== undefined)
      add(`woongroep:${c.woongroepIdx}`, d.index);
    else if (d.rentClass === 4) add("middle", d.index);
    else if (d.municipalityIdx === utrecht) add(`utrecht:${d.rentClass}`, d.index);
    else add(`region:${d.municipalityIdx}`, d.index);
  }
  for (const l of pools.values()) rng.shuffle(l);
  return pools;
}

/** Assign references `WB-<year>-<5 digits>` in creation order (per year of creation). */
export function assignReferences(ctx: Ctx): void {
  const order = [...ctx.listings].sort((a, b) => a.createdMs - b.createdMs || (a.id < b.id ? -1 : 1));
  const perYear = new Map<number, number>();
  for (const l of order) {
    const y = new Date(l.createdMs).getUTCFullYear();
    const n = (perYear.get(y) ?? 0) + 1;
    perYear.set(y, n);
    l.reference = `WB-${y}-${String(n).padStart(5, "0")}`;
  }
}

/**
 * A seed sealed as the API seals it at publication, with an IV derived from the listing id instead
 * of a random one so that the seed stays deterministic (each listing is sealed once, so no IV is
 * reused under the key).
 */
export function sealedSeedOf(listingId: string, seed: string): string {
  const iv = createHash("sha256").update(`woonbeurt seed IV ${listingId}`).digest().subarray(0, 12);
  return sealSeed(lotteryKey(), listingId, seed, iv);
}

/** Write all listings. */
export async function writeListings(db: RawExecutor, ctx: Ctx): Promise<void> {
  const w = new TableWriter(
    db,
    "Listing",
    cols(
      "id:uuid",
      "reference:text",
      "dwellingId:uuid",
      "landlordId:uuid",
      "title:text",
      "description:text",
      'allocationModel:"AllocationModel"',
      'status:"ListingStatus"',
      "netRentCents:int4",
      "serviceCostsCents:int4",
      "publishedAt:timestamp",
      "closesAt:timestamp",
      "householdMin:int4",
      "householdMax:int4",
      'ageLabel:"AgeLabel"',
      'incomeBand:"IncomeBand"',
      'priorityRules:"PriorityRule"[]',
      "vitalProfessions:text[]",
      "lotteryCommitment:text",
      "lotterySeed:text",
      "lotterySeedSealed:text",
      "lotterySeedRevealedAt:timestamp",
      "closedAt:timestamp",
      "createdAt:timestamp",
      "updatedAt:timestamp",
    ),
    5000,
  );
  const landlordIds = new Map(ctx.orgs.filter((o) => o.kind === "LANDLORD").map((o) => [o.key, o.id]));
  const d = (ms: number | null) => (ms === null ? null : new Date(ms));
  for (const l of ctx.listings) {
    await w.push([
      l.id,
      l.reference,
      ctx.dwellings[l.dwellingIdx]!.id,
      landlordIds.get(l.landlordKey)!,
      l.title,
      l.description,
      l.allocationModel,
      l.status,
      l.netRentCents,
      l.serviceCostsCents,
      d(l.publishedMs),
      d(l.closesMs),
      l.householdMin,
      l.householdMax,
      l.ageLabel,
      l.incomeBand,
      l.priorityRules,
      l.vitalProfessions,
      l.lotteryCommitment,
      // A seed is stored in plain text only once revealed; before, only sealed (lottery-key.ts).
      l.lotterySeedRevealedMs === null ? null : l.lotterySeed,
      l.lotterySeedRevealedMs === null && l.lotterySeed ? sealedSeedOf(l.id, l.lotterySeed) : null,
      d(l.lotterySeedRevealedMs),
      d(l.closedMs),
      d(l.createdMs),
      d(l.updatedMs),
    ]);
  }
  await w.flush();
}
