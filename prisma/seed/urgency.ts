/**
 * Urgency applications (urgentieaanvragen) in every state — DRAFT, SUBMITTED, IN_REVIEW,
 * GRANTED (with validity and a GRANTED search profile; default apartments from the 1st floor,
 * figures.json `rules2019.urgencyDefaultSearchProfile`), REJECTED (with reason), WITHDRAWN and
 * EXPIRED — for active seekers, and the GRANTED declarations of the urgent tenants of the past
 * year's lettings (history.ts).
 *
 * Situation texts are generic and fictional: no real person's circumstances.
 *
 * @module
 */
import type { DwellingType, UrgencyCategory } from "../generated/prisma/enums.ts";
import { TableWriter, cols, type RawExecutor } from "./bulk.ts";
import { URGENCY_GROUPS } from "./calibration.ts";
import { DAY, ageOn, type Ctx, type ProfileRec, type SeekerRec, type UrgencyAppRec } from "./model.ts";
import { apportion, uuidv7, type Rng } from "./random.ts";
import { CATEGORY_NL } from "../../api/src/allocation/index.ts";

/** Validity of a declaration in months (DOMAIN.md; `RULE_SET_2019.urgency.defaultValidityMonths`). */
export const VALIDITY_MONTHS = 6;

/** `ms` plus whole calendar months (UTC). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

/** Default search profile: apartments from the 1st floor, the whole region [001] Voorstel III. */
export function defaultProfile(): ProfileRec {
  return {
    dwellingTypes: ["APARTMENT"],
    minFloor: 1,
    maxFloor: null,
    minRooms: null,
    maxRooms: null,
    municipalityIdxs: [],
    requiresAccessibility: "NONE",
  };
}

const SITUATIONS: Record<UrgencyCategory, string[]> = {
  MANTELZORG: [
    "Ik zorg dagelijks voor mijn vader, die in een andere gemeente woont. De reistijd maakt de zorg bijna onmogelijk.",
    "Mijn moeder heeft dementie; ik wil dichter bij haar wonen om de mantelzorg vol te houden.",
  ],
  CHRONIC_MEDICAL: [
    "Door een chronische aandoening kan ik de trap naar mijn bovenwoning niet meer op. De huisarts ondersteunt de aanvraag.",
    "Na een operatie ben ik aangewezen op een rollator; mijn huidige woning heeft geen lift.",
  ],
  LEAVING_MENTAL_HEALTH_CARE: [
    "Ik rond mijn behandeling in de GGZ-instelling af; mijn begeleider adviseert zelfstandig wonen met ambulante begeleiding.",
  ],
  LEAVING_DOMESTIC_VIOLENCE_SHELTER: [
    "Ik verblijf met mijn kind in de vrouwenopvang en kan niet terug naar mijn vorige woning.",
  ],
  LEAVING_HOMELESS_SHELTER: [
    "Ik woon in de maatschappelijke opvang en ben volgens mijn begeleider klaar om zelfstandig te wonen.",
  ],
  LEAVING_PROTECTED_LIVING: [
    "Ik woon in een beschermd-wonenvoorziening; de instelling adviseert uitstroom naar een eigen woning met begeleiding.",
  ],
  LEAVING_YOUTH_CARE: [
    "Ik word 18 en moet de jeugdzorginstelling verlaten; ik heb geen plek om naartoe te gaan.",
  ],
  LEAVING_DETENTION: [
    "Ik kom binnenkort vrij en heb via de reclassering een traject; een eigen woning is nodig voor een goede terugkeer.",
  ],
  DUUP_EXIT_PROGRAMME: ["Ik neem deel aan een uitstapprogramma en moet mijn huidige woonadres verlaten."],
  STATUSHOUDER: ["Verblijfsvergunning ontvangen; gekoppeld aan de gemeente voor huisvesting (taakstelling)."],
  URBAN_RENEWAL: [
    "Ons complex wordt gesloopt in het kader van stedelijke vernieuwing; de corporatie heeft ons een urgentie toegezegd.",
  ],
  UNINHABITABLE_DWELLING: ["Onze woning is door de gemeente onbewoonbaar verklaard na brand."],
  SOCIAL_RELATIONSHIP_WITH_CHILDREN: [
    "Na de scheiding woon ik tijdelijk bij vrienden; de kinderen wonen de helft van de week bij mij.",
  ],
  SOCIAL_FINANCIAL: [
    "Door plotseling inkomensverlies kan ik de huur van mijn vrije-sectorwoning niet meer betalen.",
  ],
  HARDSHIP_CLAUSE: [
    "Mijn situatie past in geen enkele categorie, maar is onhoudbaar. Ik vraag een beroep op de hardheidsclausule.",
  ],
};

const TYPE_NL: Record<DwellingType, string> = {
  APARTMENT: "appartementen",
  GROUND_FLOOR_APARTMENT: "benedenwoningen",
  UPPER_FLOOR_DWELLING: "bovenwoningen",
  SINGLE_FAMILY_HOUSE: "eengezinswoningen",
  STUDIO: "studio's",
  ROOM: "kamers",
  SENIOR_DWELLING: "seniorenwoningen",
};

const REJECTIONS_GENERAL = [
  "Uw situatie valt niet onder een van de urgentiecategorieën van de huisvestingsverordening.",
  "U kunt naar ons oordeel binnen afzienbare tijd zelf passende woonruimte vinden (zelfredzaamheid).",
  "U hebt de gevraagde stukken niet binnen de gestelde termijn aangeleverd.",
  "De noodsituatie is verwijtbaar ontstaan; een urgentie is daarom niet mogelijk.",
];
const REJECTIONS_BY_CATEGORY: Partial<Record<UrgencyCategory, string>> = {
  CHRONIC_MEDICAL: "De medische beperking wordt niet opgelost door een verhuizing naar een andere woning.",
  MANTELZORG:
    "De zorg kan ook vanuit uw huidige woning worden gegeven; de reisafstand is niet onoverkomelijk.",
  SOCIAL_FINANCIAL:
    "De inkomensterugval is tijdelijk en u kunt de huur van uw huidige woning blijven betalen; er is geen acute noodsituatie.",
};

function rejection(rng: Rng, category: UrgencyCategory): string {
  const specific = REJECTIONS_BY_CATEGORY[category];
  return specific && rng.chance(0.6) ? specific : rng.pick(REJECTIONS_GENERAL);
}

function grantReason(category: UrgencyCategory, profile: ProfileRec): string {
  const types = profile.dwellingTypes.map((t) => TYPE_NL[t]).join(", ") || "alle woningtypen";
  return `Urgentie toegekend: ${CATEGORY_NL[category]}. Zoekprofiel: ${types}${profile.minFloor ? ` vanaf de ${profile.minFloor}e verdieping` : ""}; geldig ${VALIDITY_MONTHS} maanden.`;
}

function widenedProfile(rng: Rng, s: SeekerRec, category: UrgencyCategory): ProfileRec {
  const p = defaultProfile();
  if (category === "CHRONIC_MEDICAL" || category === "MANTELZORG") {
    if (rng.chance(0.5)) {
      p.dwellingTypes = ["APARTMENT", "GROUND_FLOOR_APARTMENT", "SENIOR_DWELLING"];
      p.minFloor = null;
      p.requiresAccessibility = "WALKER";
    }
  } else if (rng.chance(0.2)) {
    // A municipality may add upper and ground-floor dwellings, in that municipality only [001][004].
    p.dwellingTypes = ["APARTMENT", "UPPER_FLOOR_DWELLING", "GROUND_FLOOR_APARTMENT"];
    p.minFloor = null;
    if (s.municipalityIdx !== null) p.municipalityIdxs = [s.municipalityIdx];
  }
  if (s.householdSize >= 3) p.minRooms = 3;
  return p;
}

function preferredProfile(rng: Rng, s: SeekerRec): ProfileRec {
  return {
    dwellingTypes: rng.chance(0.5)
      ? ["APARTMENT", "GROUND_FLOOR_APARTMENT"]
      : ["APARTMENT", "SINGLE_FAMILY_HOUSE", "GROUND_FLOOR_APARTMENT"],
    minFloor: null,
    maxFloor: rng.chance(0.3) ? 2 : null,
    minRooms: s.householdSize >= 3 ? 3 : 2,
    maxRooms: null,
    municipalityIdxs: s.municipalityIdx === null ? [] : [s.municipalityIdx],
    requiresAccessibility: s.accessibilityNeed === "NONE" ? "NONE" : s.accessibilityNeed,
  };
}

/** Category weights for applications of active seekers (statushouders come by mediation, not here). */
function categoryWeights(): [UrgencyCategory, number][] {
  const out: [UrgencyCategory, number][] = [];
  for (const g of URGENCY_GROUPS) {
    for (const [c, w] of g.categories) if (c !== "STATUSHOUDER") out.push([c, (g.A + g.B * 0.3 + 5) * w]);
  }
  return out;
}

/**
 * Applications of active seekers in every state. Counts at region scale: DRAFT 140,
 * SUBMITTED 110, IN_REVIEW 90, GRANTED 380 (still valid), REJECTED 420, WITHDRAWN 70,
 * EXPIRED 90; scaled with the seekers (at least 3 each). GRANTED seekers get `urgency` set.
 */
export function buildActiveUrgency(ctx: Ctx, assessorIds: string[]): void {
  const rng = ctx.rng("urgency");
  const f = ctx.scale.factor;
  const plan: [UrgencyAppRec["status"], number][] = [
    ["DRAFT", 140],
    ["SUBMITTED", 110],
    ["IN_REVIEW", 90],
    ["GRANTED", 380],
    ["REJECTED", 420],
    ["WITHDRAWN", 70],
    ["EXPIRED", 90],
  ];
  const weights = categoryWeights();
  const pool = ctx.seekers.filter((s) => s.status === "ACTIVE" && s.demo === null && !s.isStudent);
  const taken = new Set<number>();
  const now = ctx.nowMs;
  for (const [status, n] of plan) {
    const count = Math.max(3, Math.round(n * f));
    const cats = apportion(
      count,
      weights.map(([, w]) => w),
    );
    let k = 0;
    for (let ci = 0; ci < weights.length; ci++) {
      for (let j = 0; j < cats[ci]!; j++, k++) {
        const category = weights[ci]![0];
        let s: SeekerRec | undefined;
        for (let tries = 0; tries < 200; tries++) {
          const c = rng.pick(pool);
          if (taken.has(c.index)) continue;
          // Decided or withdrawn applications need a registration well before their dates.
          if (status !== "DRAFT" && status !== "SUBMITTED" && c.createdMs > now - 420 * DAY && tries < 190)
            continue;
          const age = ageOn(c.birthDay, ctx.nowDay);
          if (category === "LEAVING_YOUTH_CARE" && age > 23 && tries < 150) continue;
          if (
            category === "SOCIAL_RELATIONSHIP_WITH_CHILDREN" &&
            c.members.every((m) => m.role !== "CHILD") &&
            tries < 150
          )
            continue;
          if (
            category === "LEAVING_DOMESTIC_VIOLENCE_SHELTER" &&
            c.currentKind === "INDEPENDENT_RENTAL" &&
            tries < 150
          )
            continue;
          s = c;
          break;
        }
        if (!s) continue;
        taken.add(s.index);
        addApplication(ctx, rng, s, category, status, now, assessorIds);
      }
    }
  }
}

/** Add one application of `status` for seeker `s` relative to `now`. */
export function addApplication(
  ctx: Ctx,
  rng: Rng,
  s: SeekerRec,
  category: UrgencyCategory,
  status: UrgencyAppRec["status"],
  now: number,
  assessorIds: string[],
  fixed: Partial<UrgencyAppRec> = {},
): UrgencyAppRec {
  const hour = (ms: number) =>
    Math.floor(ms / DAY) * DAY + rng.intBetween(8, 16) * 3_600_000 + rng.int(3600) * 1000;
  // The last event of the application, then the steps before it (created → submitted → review →
  // decided), squeezed when the seeker registered too recently for the usual durations.
  let last: number;
  switch (status) {
    case "DRAFT":
      last = hour(now - rng.intBetween(1, 60) * DAY);
      break;
    case "SUBMITTED":
      last = hour(now - rng.intBetween(1, 25) * DAY);
      break;
    case "IN_REVIEW":
      last = hour(now - rng.intBetween(1, 30) * DAY);
      break;
    case "GRANTED":
      last = hour(now - rng.intBetween(1, 165) * DAY);
      break;
    case "EXPIRED":
      last = hour(now - rng.intBetween(190, 400) * DAY);
      break;
    case "REJECTED":
      last = hour(now - rng.intBetween(3, 360) * DAY);
      break;
    case "WITHDRAWN":
      last = hour(now - rng.intBetween(3, 300) * DAY);
      break;
  }
  // Never before the seeker registered (plus the time the steps below need), never after now.
  if (status === "DRAFT" || status === "SUBMITTED" || status === "IN_REVIEW") {
    last = Math.min(Math.max(last, s.createdMs + 20 * DAY), now - 60_000);
  }
  if (fixed.decidedMs !== undefined && fixed.decidedMs !== null) last = fixed.decidedMs;
  const steps =
    status === "DRAFT"
      ? []
      : status === "SUBMITTED"
        ? [rng.intBetween(0, 6) * DAY + 3_600_000]
        : status === "IN_REVIEW" || status === "WITHDRAWN"
          ? [rng.intBetween(0, 6) * DAY + 3_600_000, rng.intBetween(2, 14) * DAY]
          : [
              rng.intBetween(0, 6) * DAY + 3_600_000,
              rng.intBetween(2, 14) * DAY,
              rng.intBetween(5, 28) * DAY,
            ];
  const room = last - (s.createdMs + 3_600_000);
  const total = steps.reduce((a, b) => a + b, 0);
  const squeeze = total > 0 && total > room * 0.9 ? Math.max(0, (room * 0.9) / total) : 1;
  const times = [last];
  for (let i = steps.length - 1; i >= 0; i--)
    times.unshift(times[0]! - Math.max(1000, Math.floor(steps[i]! * squeeze)));
  // times = [created, submitted?, reviewStarted?, decided/withdrawn?]
  const createdMs = times[0]!;
  const submittedMs = status === "DRAFT" ? null : times[1]!;
  const reviewStartedMs =
    status === "IN_REVIEW"
      ? times[2]!
      : status === "SUBMITTED" || status === "DRAFT" || status === "WITHDRAWN"
        ? null
        : times[2]!;
  const decidedMs = status === "GRANTED" || status === "EXPIRED" || status === "REJECTED" ? last : null;
  const withdrawnMs = status === "WITHDRAWN" ? last : null;

  const granted = status === "GRANTED" || status === "EXPIRED";
  let grantedCategory: UrgencyCategory | null = null;
  let profile: ProfileRec | null = null;
  let validFromMs: number | null = null;
  let validUntilMs: number | null = null;
  let reason: string | null = null;
  if (granted) {
    grantedCategory = category;
    if (category === "SOCIAL_FINANCIAL" && rng.chance(0.15)) grantedCategory = "HARDSHIP_CLAUSE";
    profile = fixed.granted ?? (rng.chance(0.75) ? defaultProfile() : widenedProfile(rng, s, category));
    validFromMs = decidedMs!;
    validUntilMs = addMonths(decidedMs!, VALIDITY_MONTHS);
    reason = grantReason(grantedCategory, profile);
  } else if (status === "REJECTED") {
    reason = rejection(rng, category);
  }
  const app: UrgencyAppRec = {
    id: uuidv7(createdMs, rng),
    seekerIdx: s.index,
    category,
    situation: status === "DRAFT" && rng.chance(0.4) ? "" : rng.pick(SITUATIONS[category]),
    status,
    submittedMs,
    reviewStartedMs,
    decidedMs,
    decidedBy: decidedMs !== null ? rng.pick(assessorIds) : null,
    decisionReason: reason,
    grantedCategory,
    validFromMs,
    validUntilMs,
    withdrawnMs,
    createdMs,
    updatedMs: Math.max(createdMs, decidedMs ?? 0, withdrawnMs ?? 0, reviewStartedMs ?? 0, submittedMs ?? 0),
    preferred: status !== "DRAFT" && rng.chance(0.6) ? preferredProfile(rng, s) : null,
    granted: profile,
    ...fixed,
  };
  app.decidedMs = decidedMs;
  if (app.status === "GRANTED" || app.status === "EXPIRED") {
    s.urgentEver = true;
    if (app.status === "GRANTED" && app.validUntilMs! > ctx.nowMs) {
      s.urgency = {
        category: app.grantedCategory!,
        validFromMs: app.validFromMs!,
        validUntilMs: app.validUntilMs!,
        profile: app.granted!,
      };
    }
  }
  ctx.urgencyApps.push(app);
  return app;
}

/** Write urgency applications and their search profiles. */
export async function writeUrgency(db: RawExecutor, ctx: Ctx): Promise<void> {
  const rng = ctx.rng("urgency-rows");
  const a = new TableWriter(
    db,
    "UrgencyApplication",
    cols(
      "id:uuid",
      "seekerId:uuid",
      'category:"UrgencyCategory"',
      "situation:text",
      'status:"UrgencyStatus"',
      "submittedAt:timestamp",
      "reviewStartedAt:timestamp",
      "decidedAt:timestamp",
      "decidedById:uuid",
      "decisionReason:text",
      'grantedCategory:"UrgencyCategory"',
      "validFrom:timestamp",
      "validUntil:timestamp",
      "withdrawnAt:timestamp",
      "createdAt:timestamp",
      "updatedAt:timestamp",
    ),
  );
  const p = new TableWriter(
    db,
    "SearchProfile",
    cols(
      "id:uuid",
      "applicationId:uuid",
      'kind:"SearchProfileKind"',
      'dwellingTypes:"DwellingType"[]',
      "minFloor:int4",
      "maxFloor:int4",
      "minRooms:int4",
      "maxRooms:int4",
      "municipalityIds:text[]",
      "districtIds:text[]",
      'requiresAccessibility:"AccessibilityLabel"',
    ),
  );
  const d = (ms: number | null) => (ms === null ? null : new Date(ms));
  for (const r of ctx.urgencyApps) {
    await a.push([
      r.id,
      ctx.seekers[r.seekerIdx]!.id,
      r.category,
      r.situation,
      r.status,
      d(r.submittedMs),
      d(r.reviewStartedMs),
      d(r.decidedMs),
      r.decidedBy,
      r.decisionReason,
      r.grantedCategory,
      d(r.validFromMs),
      d(r.validUntilMs),
      d(r.withdrawnMs),
      d(r.createdMs),
      d(r.updatedMs),
    ]);
  }
  await a.flush();
  for (const r of ctx.urgencyApps) {
    for (const [kind, prof] of [
      ["PREFERRED", r.preferred],
      ["GRANTED", r.granted],
    ] as const) {
      if (!prof) continue;
      await p.push([
        uuidv7(r.createdMs, rng),
        r.id,
        kind,
        prof.dwellingTypes,
        prof.minFloor,
        prof.maxFloor,
        prof.minRooms,
        prof.maxRooms,
        prof.municipalityIdxs.map((i) => ctx.municipalities[i]!.id),
        [],
        prof.requiresAccessibility,
      ]);
    }
  }
  await p.flush();
}
