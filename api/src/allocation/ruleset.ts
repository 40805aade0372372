/**
 * Rule sets (regelset / huisvestingsverordening): every number a rule uses, versioned and in force
 * from a date. Nothing in the allocation core hard-codes a limit; it reads it from a `RuleSet`.
 *
 * Money is in EUR with at most two decimals: rents EUR per month (kale huur), incomes EUR per year
 * (gross household income). The database stores cents; conversion is the API's job.
 * Shares are fractions 0..1. Ages and durations are whole years/months unless stated.
 *
 * @module
 */
import { z } from "zod";
import { amsterdamDate, compareDates, isoDate, parseIsoDate } from "./calendar.ts";
import {
  InvalidInputError,
  NoRuleSetInForceError,
  RuleSetValidationError,
  type RuleSetIssue,
} from "./errors.ts";
import { hasAtMostTwoDecimals } from "./money.ts";
import type { AgeLabel, DwellingType, PriorityRule, SearchProfile } from "./types.ts";

/** Lower and upper age bound in completed years, both inclusive; `maxAge: null` = no upper bound. */
export interface AgeRange {
  minAge: number;
  maxAge: number | null;
}

/**
 * One row of the household-size table: households of `minPersons`..`maxPersons` persons fit a
 * dwelling of `minRooms`..`maxRooms` rooms (of `dwellingTypes`, empty = any kind). `null` = no bound.
 */
export interface HouseholdSizeRow {
  minRooms: number;
  maxRooms: number | null;
  dwellingTypes: readonly DwellingType[];
  minPersons: number;
  maxPersons: number | null;
}

/**
 * The parameters of a rule set: what Prisma `RuleSet.parameters` (Json) holds.
 * See {@link RULE_SET_2019} for the values and their sources.
 */
export interface RuleSetParameters {
  /** Rent thresholds, EUR per month. */
  rent: {
    /** Liberalisation limit (liberalisatiegrens): social rent is rent <= this. [001] §E.1 */
    liberalisationLimit: number;
    /** Lower capping threshold (aftoppingsgrens) for 1–2 person households. [004] huurklassen */
    cappingThresholdLow: number;
    /** Higher capping threshold for households of 3+ persons. [004] huurklassen */
    cappingThresholdHigh: number;
    /** Quality-discount limit (kwaliteitskortingsgrens); youth rent benefit only up to it. [004] */
    qualityDiscountLimit: number;
  };

  /** Income limits for social rent by listing band, EUR per year. [001] §E.1 */
  incomeLimits: {
    /** DAEB target-group limit (doelgroepgrens). */
    daeb: number;
    /** Upper limit of the temporary middle band (tot 2021). */
    middle: number;
    /** Ordinance limit (maximale inkomensgrens van de verordening). */
    ordinance: number;
  };

  /**
   * Shares of a landlord's yearly social lettings per income band [001] §E.1: at least
   * `upToDaeb`, at most `daebToMiddle`, at most `upToOrdinance`. Monitored, not a per-seeker rule.
   */
  allocationShares: { upToDaeb: number; daebToMiddle: number; upToOrdinance: number };

  /** Middle rent (middenhuur) [001] §E.2a Voorstel II. */
  middleRent: {
    /** Lowest middle rent, EUR/month (the liberalisation limit in 2019); rent must also exceed the liberalisation limit. */
    minRent: number;
    /** Highest middle rent, EUR/month (inclusive). */
    maxRent: number;
    /** Maximum household income, EUR/year (1.5 x DAEB limit). */
    maxIncome: number;
    /** Apply the income rule to new build and transformation only. */
    newBuildOnly: boolean;
  };

  /**
   * Rent benefit (huurtoeslag) qualification, simplified: a household qualifies when its income is
   * at most the limit for its kind. Source: Dutch huurtoeslag limits 2019 (Belastingdienst), not in
   * the seed documents. "Pension age" is the state pension age (AOW-leeftijd) of the main applicant.
   */
  rentBenefit: {
    /** State pension age in months (66 years 4 months = 796 in 2019). */
    pensionAgeMonths: number;
    /** Income limits, EUR per year. */
    incomeLimits: {
      singleBelowPensionAge: number;
      multiBelowPensionAge: number;
      singleFromPensionAge: number;
      multiFromPensionAge: number;
    };
  };

  /** Age rules. */
  age: {
    /** Minimum age to register and respond (18). [003] "Wie doen mee? minimaal 18 jaar" */
    minimum: number;
    /** Ages whose rent benefit stops above the quality-discount limit (18–22). [004] Jongvolwassenen */
    youthRentBenefit: AgeRange;
  };

  /** Bounds per listing age label (55+, 65+, jongeren 18–23 [004]). */
  ageLabels: Record<Exclude<AgeLabel, "NONE">, AgeRange>;

  /** Priority (voorrang) other than urgency. */
  priority: {
    /**
     * Order of the priority tiers; each rule exactly once. Default URGENCY, MOVER,
     * VITAL_PROFESSION, LOCAL_BINDING: [003] gives vital professions priority *within* the binding
     * group ("met daarbinnen desgewenst een voorrang voor mensen die een vitaal beroep uitoefenen"),
     * and someone working in the municipality in a vital profession also has economic binding, so
     * vital profession must come before binding to have any effect.
     */
    order: readonly PriorityRule[];
    /** Local binding for at most this share of the designated stock (0.5). [003] */
    bindingMaxShare: number;
    /** Mover rule (doorstroomregeling van groot naar beter). [001] §E.2a Voorstel I */
    mover: {
      /** Rooms the dwelling left behind has at least (4). */
      leaveMinRooms: number;
      /** Rooms the new dwelling has at most (3). */
      takeMaxRooms: number;
      /** An adapted dwelling also qualifies, whatever its rooms. */
      orAdaptedDwelling: boolean;
      /** Minimum age of the applicant, or `null` for none (Voorstel I drops the age limit). */
      minAge: number | null;
    };
    /** Target share of lettings with priority to special groups (0.3; 70% regular). [004] Vooraf */
    targetShare: number;
    /**
     * Professions counting as vital (vitale beroepen) [003] "met daarbinnen desgewenst een voorrang
     * voor mensen die een vitaal beroep uitoefenen in de gemeente, wel even aantonen dat beroepen
     * schaars zijn in de gemeente": a municipality states its list (a municipal override); a
     * listing may name its own. Only listed professions count, and an empty list gives nobody
     * the priority (the reading a lawyer defends: scarcity must be shown per profession, so no
     * list means nothing shown). Lower case, e.g. `verpleegkundige`. Default: none.
     */
    vitalProfessions: readonly string[];
  };

  /** Lottery (loting): at most this share of the offer (0.2). [001] §E.3 */
  lottery: { maxShare: number };

  /**
   * Household size by dwelling size ("de huishoudensgrootte bij de woninggrootte" [001] §B,
   * DOMAIN.md eligibility 2): the default range of persons for a listing that sets no
   * `householdMin`/`householdMax` of its own. The first row matching the dwelling's rooms and kind
   * applies; no matching row means no bound. Optional in stored rule sets written before it existed
   * (they get {@link DEFAULT_HOUSEHOLD_SIZE_TABLE}).
   */
  householdSize: { byDwelling: readonly HouseholdSizeRow[] };

  /** Registration (inschrijving). */
  registration: {
    /** Share of registration years kept on accepting a dwelling (0.75). [001] §E.3 Voorstel IV */
    retainedShareOnAcceptance: number;
  };

  /**
   * Response limits (reactielimiet), so that queues stay meaningful: at most `maxActive` open
   * responses at once (responses not withdrawn on listings whose window is still open) and at most
   * `maxPerWeek` responses made in the last 7 days (withdrawn ones included); null = no limit. The
   * seeds set none, so the default is none; a region sets them in a new rule set version. Enforced
   * in the response's own transaction ({@link responseLimitCheck}). Optional in stored rule sets
   * written before it existed.
   */
  responses: { maxActive: number | null; maxPerWeek: number | null };

  /** Student complexes: at most this share of units to special groups (0.15). [004] */
  studentComplex: { specialGroupMaxShare: number };

  /** Urgency (urgentie). */
  urgency: {
    /** Target: urgent seekers housed within this many months (3). [004] Vooraf, ambitie */
    waitTargetMonths: number;
    /** Default validity of a declaration in months (6). DOMAIN.md §Urgency application workflow */
    defaultValidityMonths: number;
    /** Default search profile: apartments from the 1st floor. [001] §E.2c Voorstel III */
    defaultSearchProfile: SearchProfile;
    /**
     * A municipality's widening of the search profile ([001] Voorstel III "De reden voor verruiming
     * van het zoekprofiel overlaten aan de gemeente. Toepassing van deze verruiming alleen in de
     * betreffende gemeente"; [004]: Utrecht widens it "voor de uitstroom MO/BW en de vrouwenopvang
     * ... met boven- en benedenwoningen"). A listing of one of `dwellingTypes` matches an urgent
     * seeker of one of `categories` (empty = every category) whatever the profile's dwelling kinds
     * and floors; its other bounds (rooms, places, accessibility) still apply. Set it in a
     * municipal override so that it applies only there. Default: no widening.
     */
    searchProfileWidening: SearchProfileWidening;
  };

  /**
   * Per-municipality rules ([001] "Ruimte voor lokaal maatwerk in iedere gemeente"; middle rent
   * "Lokaal maatwerk: een gemeente kan dit uitvoeren en verdere eisen stellen aan inkomen, huur en
   * uitvoering"), keyed by CBS municipality code (e.g. `GM0344` Utrecht). Each replaces the
   * regional values it names for listings in that municipality ({@link ruleSetForMunicipality});
   * nothing else changes, and a listing elsewhere is unaffected. Default: none.
   */
  municipalOverrides: Readonly<Record<string, MunicipalOverride>>;
}

/** See `RuleSetParameters.urgency.searchProfileWidening`. */
export interface SearchProfileWidening {
  /** Urgency categories (Prisma `UrgencyCategory`) widened; empty = every category. */
  categories: readonly string[];
  /** Dwelling kinds added to the profile; empty = no widening. */
  dwellingTypes: readonly DwellingType[];
}

/**
 * What a municipality may set differently from the region (each field replaces the regional one):
 * middle-rent limits (EUR per month rent, EUR per year income), the mover rule, the binding cap,
 * the vital-profession list and the search-profile widening.
 */
export interface MunicipalOverride {
  /** Middle-rent limits [001] §E.2a Voorstel II "afhankelijk lokaal maatwerk". */
  middleRent?: Partial<RuleSetParameters["middleRent"]>;
  priority?: {
    /** Mover rule [001] §E.2a Voorstel I ("Aanvullend beleid is afhankelijk van een gemeente"). */
    mover?: Partial<RuleSetParameters["priority"]["mover"]>;
    /** Binding cap, at most 0.5 by law [003]. */
    bindingMaxShare?: number;
    /** The municipality's vital professions [003]. */
    vitalProfessions?: readonly string[];
  };
  urgency?: {
    /** The municipality's search-profile widening [001] Voorstel III, [004]. */
    searchProfileWidening?: SearchProfileWidening;
  };
}

/**
 * A versioned rule set (regelset): parameters plus version metadata. With Prisma `RuleSet` rows:
 * `{ ...row.parameters, id: row.id, version: row.version, name: row.name,
 *    effectiveFrom: 'YYYY-MM-DD' of row.effectiveFrom, effectiveUntil: null }` — a later version
 * then replaces an earlier one from its own start date.
 */
export interface RuleSet extends RuleSetParameters {
  /** Id (the database row id, or a lineage id such as `regio-utrecht`). */
  id: string;
  /** Version number, integer >= 1; the highest wins among equal start dates. */
  version: number;
  /** Human-readable name. */
  name: string;
  /** First day in force, `YYYY-MM-DD` (Europe/Amsterdam calendar). */
  effectiveFrom: string;
  /** Last day in force (inclusive), `YYYY-MM-DD`, or `null` when open-ended. */
  effectiveUntil: string | null;
}

/**
 * Default household-size table. The seeds require the fit ([001] §B: "de huishoudensgrootte bij de
 * woninggrootte") but give no numbers; the one bound written down is DOMAIN.md eligibility 2: no
 * one-person household in a dwelling of four or more rooms unless the listing allows it. So: 4+
 * rooms from 2 persons; 1–3 rooms any household. A region or later version may add maxima.
 */
export const DEFAULT_HOUSEHOLD_SIZE_TABLE: readonly HouseholdSizeRow[] = [
  { minRooms: 4, maxRooms: null, dwellingTypes: [], minPersons: 2, maxPersons: null },
  { minRooms: 1, maxRooms: 3, dwellingTypes: [], minPersons: 1, maxPersons: null },
];

const MONEY = "must have at most 2 decimals (whole cents)";

const money = () =>
  z
    .number({ error: "must be a number" })
    .positive("must be positive")
    .refine((v) => hasAtMostTwoDecimals(v), MONEY);
const share = () =>
  z.number({ error: "must be a number" }).min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");
const wholeAtLeast = (min: number) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, min === 0 ? "must not be negative" : `must be at least ${min}`);
const isoDateString = () =>
  z.string({ error: "must be a date written YYYY-MM-DD" }).refine((s) => {
    try {
      parseIsoDate(s);
      return true;
    } catch {
      return false;
    }
  }, "must be a date written YYYY-MM-DD");
const ageRange = () => z.strictObject({ minAge: wholeAtLeast(0), maxAge: wholeAtLeast(0).nullable() });
const dwellingType = z.enum(
  [
    "APARTMENT",
    "GROUND_FLOOR_APARTMENT",
    "UPPER_FLOOR_DWELLING",
    "SINGLE_FAMILY_HOUSE",
    "STUDIO",
    "ROOM",
    "SENIOR_DWELLING",
  ],
  { error: "must be a dwelling type (APARTMENT, GROUND_FLOOR_APARTMENT, …)" },
);
const priorityRule = z.enum(["URGENCY", "MOVER", "LOCAL_BINDING", "VITAL_PROFESSION"], {
  error: "must be URGENCY, MOVER, LOCAL_BINDING or VITAL_PROFESSION",
});
const nullableWhole = () => wholeAtLeast(0).nullable();
const professionList = () =>
  z.array(
    z
      .string({ error: "must be a string" })
      .trim()
      .min(2, "must be at least 2 characters")
      .max(100, "must be at most 100 characters")
      .transform((p) => p.toLowerCase()),
    { error: "must be a list" },
  );
const urgencyCategory = z.enum(
  [
    "MANTELZORG",
    "CHRONIC_MEDICAL",
    "LEAVING_MENTAL_HEALTH_CARE",
    "LEAVING_DOMESTIC_VIOLENCE_SHELTER",
    "LEAVING_HOMELESS_SHELTER",
    "LEAVING_PROTECTED_LIVING",
    "LEAVING_YOUTH_CARE",
    "LEAVING_DETENTION",
    "DUUP_EXIT_PROGRAMME",
    "STATUSHOUDER",
    "URBAN_RENEWAL",
    "UNINHABITABLE_DWELLING",
    "SOCIAL_RELATIONSHIP_WITH_CHILDREN",
    "SOCIAL_FINANCIAL",
    "HARDSHIP_CLAUSE",
  ],
  { error: "must be an urgency category (MANTELZORG, LEAVING_HOMELESS_SHELTER, …)" },
);
const widening = () =>
  z.strictObject({
    categories: z.array(urgencyCategory, { error: "must be a list" }),
    dwellingTypes: z.array(dwellingType, { error: "must be a list" }),
  });

const parameterShape = {
  rent: z.strictObject({
    liberalisationLimit: money(),
    cappingThresholdLow: money(),
    cappingThresholdHigh: money(),
    qualityDiscountLimit: money(),
  }),
  incomeLimits: z.strictObject({ daeb: money(), middle: money(), ordinance: money() }),
  allocationShares: z.strictObject({ upToDaeb: share(), daebToMiddle: share(), upToOrdinance: share() }),
  middleRent: z.strictObject({
    minRent: money(),
    maxRent: money(),
    maxIncome: money(),
    newBuildOnly: z.boolean({ error: "must be true or false" }),
  }),
  rentBenefit: z.strictObject({
    pensionAgeMonths: wholeAtLeast(1),
    incomeLimits: z.strictObject({
      singleBelowPensionAge: money(),
      multiBelowPensionAge: money(),
      singleFromPensionAge: money(),
      multiFromPensionAge: money(),
    }),
  }),
  age: z.strictObject({ minimum: wholeAtLeast(0), youthRentBenefit: ageRange() }),
  ageLabels: z.strictObject({ AGE_55_PLUS: ageRange(), AGE_65_PLUS: ageRange(), YOUTH_18_23: ageRange() }),
  priority: z.strictObject({
    order: z.array(priorityRule, { error: "must be a list" }),
    bindingMaxShare: share(),
    mover: z.strictObject({
      leaveMinRooms: wholeAtLeast(1),
      takeMaxRooms: wholeAtLeast(1),
      orAdaptedDwelling: z.boolean({ error: "must be true or false" }),
      minAge: nullableWhole(),
    }),
    targetShare: share(),
    vitalProfessions: professionList().default(() => []),
  }),
  lottery: z.strictObject({ maxShare: share() }),
  householdSize: z
    .strictObject({
      byDwelling: z.array(
        z.strictObject({
          minRooms: wholeAtLeast(1),
          maxRooms: wholeAtLeast(1).nullable(),
          dwellingTypes: z.array(dwellingType, { error: "must be a list" }),
          minPersons: wholeAtLeast(1),
          maxPersons: wholeAtLeast(1).nullable(),
        }),
        { error: "must be a list" },
      ),
    })
    .default(() => ({
      byDwelling: DEFAULT_HOUSEHOLD_SIZE_TABLE.map((r) => ({ ...r, dwellingTypes: [...r.dwellingTypes] })),
    })),
  registration: z.strictObject({ retainedShareOnAcceptance: share() }),
  responses: z
    .strictObject({ maxActive: wholeAtLeast(1).nullable(), maxPerWeek: wholeAtLeast(1).nullable() })
    .default(() => ({ maxActive: null, maxPerWeek: null })),
  studentComplex: z.strictObject({ specialGroupMaxShare: share() }),
  urgency: z.strictObject({
    waitTargetMonths: z.number({ error: "must be a number" }).positive("must be positive"),
    defaultValidityMonths: wholeAtLeast(1),
    defaultSearchProfile: z.strictObject({
      dwellingTypes: z.array(dwellingType, { error: "must be a list" }),
      minFloor: nullableWhole(),
      maxFloor: nullableWhole(),
      minRooms: nullableWhole(),
      maxRooms: nullableWhole(),
      municipalityIds: z.array(z.string({ error: "must be a string" }), { error: "must be a list" }),
      districtIds: z.array(z.string({ error: "must be a string" }), { error: "must be a list" }),
      requiresAccessibility: z.enum(["NONE", "WALKER", "WHEELCHAIR"], {
        error: "must be NONE, WALKER or WHEELCHAIR",
      }),
    }),
    searchProfileWidening: widening().default(() => ({ categories: [], dwellingTypes: [] })),
  }),
  municipalOverrides: z
    .record(
      z.string().regex(/^GM\d{4}$/, "must be a CBS municipality code such as GM0344"),
      z.strictObject({
        middleRent: z
          .strictObject({
            minRent: money(),
            maxRent: money(),
            maxIncome: money(),
            newBuildOnly: z.boolean({ error: "must be true or false" }),
          })
          .partial()
          .optional(),
        priority: z
          .strictObject({
            mover: z
              .strictObject({
                leaveMinRooms: wholeAtLeast(1),
                takeMaxRooms: wholeAtLeast(1),
                orAdaptedDwelling: z.boolean({ error: "must be true or false" }),
                minAge: nullableWhole(),
              })
              .partial()
              .optional(),
            bindingMaxShare: share().max(0.5, "must be at most 0.5 (Huisvestingswet, [003])").optional(),
            vitalProfessions: professionList().optional(),
          })
          .optional(),
        urgency: z.strictObject({ searchProfileWidening: widening().optional() }).optional(),
      }),
      { error: "must be an object keyed by municipality code" },
    )
    .default(() => ({})),
};

type Ctx = z.RefinementCtx;

/** Rules across fields. zod may run this on partially invalid input, so compare only numbers. */
function checkParameterRelations(r: Partial<Record<keyof RuleSetParameters, unknown>>, ctx: Ctx): void {
  const p = r as Partial<RuleSetParameters>;
  const ordered = (lowPath: string[], low: unknown, highPath: string[], high: unknown) => {
    if (typeof low === "number" && typeof high === "number" && low > high) {
      ctx.addIssue({ code: "custom", path: highPath, message: `must be at least ${lowPath.join(".")}` });
    }
  };
  ordered(["incomeLimits", "daeb"], p.incomeLimits?.daeb, ["incomeLimits", "middle"], p.incomeLimits?.middle);
  ordered(
    ["incomeLimits", "middle"],
    p.incomeLimits?.middle,
    ["incomeLimits", "ordinance"],
    p.incomeLimits?.ordinance,
  );
  ordered(
    ["rent", "qualityDiscountLimit"],
    p.rent?.qualityDiscountLimit,
    ["rent", "cappingThresholdLow"],
    p.rent?.cappingThresholdLow,
  );
  ordered(
    ["rent", "cappingThresholdLow"],
    p.rent?.cappingThresholdLow,
    ["rent", "cappingThresholdHigh"],
    p.rent?.cappingThresholdHigh,
  );
  ordered(
    ["rent", "cappingThresholdHigh"],
    p.rent?.cappingThresholdHigh,
    ["rent", "liberalisationLimit"],
    p.rent?.liberalisationLimit,
  );
  ordered(
    ["rent", "liberalisationLimit"],
    p.rent?.liberalisationLimit,
    ["middleRent", "minRent"],
    p.middleRent?.minRent,
  );
  ordered(["middleRent", "minRent"], p.middleRent?.minRent, ["middleRent", "maxRent"], p.middleRent?.maxRent);
  const ranges: [string[], AgeRange | undefined][] = [
    [["age", "youthRentBenefit"], p.age?.youthRentBenefit],
    [["ageLabels", "AGE_55_PLUS"], p.ageLabels?.AGE_55_PLUS],
    [["ageLabels", "AGE_65_PLUS"], p.ageLabels?.AGE_65_PLUS],
    [["ageLabels", "YOUTH_18_23"], p.ageLabels?.YOUTH_18_23],
  ];
  for (const [path, range] of ranges) {
    if (
      range &&
      typeof range.maxAge === "number" &&
      typeof range.minAge === "number" &&
      range.maxAge < range.minAge
    ) {
      ctx.addIssue({ code: "custom", path: [...path, "maxAge"], message: "must be at least minAge" });
    }
  }
  const s = p.allocationShares;
  if (s && [s.upToDaeb, s.daebToMiddle, s.upToOrdinance].every((v) => typeof v === "number")) {
    if (Math.abs(s.upToDaeb + s.daebToMiddle + s.upToOrdinance - 1) > 1e-9) {
      ctx.addIssue({ code: "custom", path: ["allocationShares"], message: "must add up to 1" });
    }
  }
  const rows = p.householdSize?.byDwelling;
  if (Array.isArray(rows)) {
    rows.forEach((row, i) => {
      if (!row) return;
      ordered(
        ["householdSize", "byDwelling", String(i), "minRooms"],
        row.minRooms,
        ["householdSize", "byDwelling", String(i), "maxRooms"],
        row.maxRooms,
      );
      ordered(
        ["householdSize", "byDwelling", String(i), "minPersons"],
        row.minPersons,
        ["householdSize", "byDwelling", String(i), "maxPersons"],
        row.maxPersons,
      );
    });
  }
  const overrides = p.municipalOverrides;
  if (overrides && typeof overrides === "object") {
    for (const [code, o] of Object.entries(overrides)) {
      const min = o?.middleRent?.minRent ?? p.middleRent?.minRent;
      const max = o?.middleRent?.maxRent ?? p.middleRent?.maxRent;
      const at = (f: string) => ["municipalOverrides", code, "middleRent", f];
      ordered(at("minRent"), min, at("maxRent"), max);
      ordered(["rent", "liberalisationLimit"], p.rent?.liberalisationLimit, at("minRent"), min);
    }
  }
  const order = p.priority?.order;
  if (Array.isArray(order)) {
    const all: PriorityRule[] = ["URGENCY", "MOVER", "LOCAL_BINDING", "VITAL_PROFESSION"];
    if (order.length !== all.length || !all.every((g) => order.includes(g))) {
      ctx.addIssue({
        code: "custom",
        path: ["priority", "order"],
        message: "must list URGENCY, MOVER, LOCAL_BINDING and VITAL_PROFESSION once each",
      });
    }
  }
}

/** The zod schema of {@link RuleSetParameters} (Prisma `RuleSet.parameters`). Unknown fields are rejected. */
export const ruleSetParametersSchema = z.strictObject(parameterShape).superRefine(checkParameterRelations);

/** The zod schema of {@link RuleSet}: metadata and parameters. Unknown fields are rejected (usually typos). */
export const ruleSetSchema = z
  .strictObject({
    id: z.string({ error: "must be a string" }).min(1, "must not be empty"),
    version: wholeAtLeast(1),
    name: z.string({ error: "must be a string" }).min(1, "must not be empty"),
    effectiveFrom: isoDateString(),
    effectiveUntil: isoDateString().nullable(),
    ...parameterShape,
  })
  .superRefine((r, ctx) => {
    checkParameterRelations(r, ctx);
    if (
      typeof r.effectiveFrom === "string" &&
      typeof r.effectiveUntil === "string" &&
      r.effectiveUntil < r.effectiveFrom
    ) {
      ctx.addIssue({ code: "custom", path: ["effectiveUntil"], message: "must not be before effectiveFrom" });
    }
  });

function issuesOf(error: z.ZodError): RuleSetIssue[] {
  const issues: RuleSetIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) issues.push({ path: [...base, key].join("."), message: "unknown field" });
    } else {
      issues.push({ path: base.length ? base.join(".") : "(root)", message: issue.message });
    }
  }
  return issues;
}

/**
 * Validates unknown input (e.g. JSON an administrator saved) as a rule set.
 *
 * @param input - candidate rule set
 * @returns the rule set, typed
 * @throws RuleSetValidationError listing every problem as `path: message`, e.g.
 *   `incomeLimits.daeb: must be positive`
 */
export function parseRuleSet(input: unknown): RuleSet {
  const parsed = ruleSetSchema.safeParse(input);
  if (!parsed.success) throw new RuleSetValidationError(issuesOf(parsed.error));
  const ruleSet: RuleSet = parsed.data;
  return ruleSet;
}

/**
 * Validates the parameters alone, e.g. before writing Prisma `RuleSet.parameters`.
 *
 * @throws RuleSetValidationError listing every problem as `path: message`
 */
export function parseRuleSetParameters(input: unknown): RuleSetParameters {
  const parsed = ruleSetParametersSchema.safeParse(input);
  if (!parsed.success) throw new RuleSetValidationError(issuesOf(parsed.error));
  const parameters: RuleSetParameters = parsed.data;
  return parameters;
}

const resolved = new WeakMap<RuleSet, Map<string, RuleSet>>();
const resolvedFor = new WeakMap<RuleSet, string>();

/**
 * The rule set as it applies in one municipality: the regional values with that municipality's
 * `municipalOverrides` entry laid over them (each named field replaces the regional one; see
 * {@link MunicipalOverride}). Every core function that evaluates a listing (eligibility, ranking,
 * the seeker filter, criteria, publication checks) calls this with the listing's
 * `municipalityCode` first, so a municipality's rules never reach a listing elsewhere. Pure and
 * memoised per rule set object; resolving an already resolved rule set again is a no-op.
 *
 * @param municipalityCode - CBS code of the listing's municipality (e.g. `GM0344`), or `null`
 *   (regional values)
 */
export function ruleSetForMunicipality(ruleSet: RuleSet, municipalityCode: string | null): RuleSet {
  if (municipalityCode === null || resolvedFor.get(ruleSet) === municipalityCode) return ruleSet;
  const o = ruleSet.municipalOverrides?.[municipalityCode];
  if (!o) return ruleSet;
  let perCode = resolved.get(ruleSet);
  if (!perCode) resolved.set(ruleSet, (perCode = new Map()));
  const hit = perCode.get(municipalityCode);
  if (hit) return hit;
  const r: RuleSet = {
    ...ruleSet,
    middleRent: { ...ruleSet.middleRent, ...o.middleRent },
    priority: {
      ...ruleSet.priority,
      mover: { ...ruleSet.priority.mover, ...o.priority?.mover },
      bindingMaxShare: o.priority?.bindingMaxShare ?? ruleSet.priority.bindingMaxShare,
      vitalProfessions: o.priority?.vitalProfessions ?? ruleSet.priority.vitalProfessions,
    },
    urgency: {
      ...ruleSet.urgency,
      searchProfileWidening: o.urgency?.searchProfileWidening ?? ruleSet.urgency.searchProfileWidening,
    },
  };
  perCode.set(municipalityCode, r);
  resolvedFor.set(r, municipalityCode);
  return r;
}

/**
 * Picks the version in force on a date: among versions with `effectiveFrom <= day <=
 * effectiveUntil` (day = Europe/Amsterdam calendar date of `date`), the latest `effectiveFrom`,
 * then the highest `version` (a corrected re-issue replaces the version it corrects).
 *
 * @param versions - rule sets of one lineage (already validated with {@link parseRuleSet})
 * @param date - the moment the rules are needed for (e.g. a listing's close time)
 * @throws NoRuleSetInForceError when no version covers that day
 */
export function ruleSetInForce(versions: readonly RuleSet[], date: Date): RuleSet {
  const day = amsterdamDate(date);
  let best: RuleSet | undefined;
  for (const v of versions) {
    const from = parseIsoDate(v.effectiveFrom, "effectiveFrom");
    if (compareDates(from, day) > 0) continue;
    if (v.effectiveUntil !== null && compareDates(parseIsoDate(v.effectiveUntil, "effectiveUntil"), day) < 0)
      continue;
    if (
      !best ||
      v.effectiveFrom > best.effectiveFrom ||
      (v.effectiveFrom === best.effectiveFrom && v.version > best.version)
    ) {
      best = v;
    }
  }
  if (!best) {
    const detail =
      versions.length === 0
        ? "no versions given"
        : `versions cover ${versions.map((v) => `${v.effectiveFrom}..${v.effectiveUntil ?? ""}`).join(", ")}`;
    throw new NoRuleSetInForceError(isoDate(day), detail);
  }
  return best;
}

/**
 * Default rule set, Regio Utrecht at 2019 price level (/work/shared/data/figures.json `rules2019`).
 *
 * Sources: income limits, liberalisation limit, 80/10/10 shares [001] §E.1; middle rent
 * [001] §E.2a Voorstel II; mover rule [001] §E.2a Voorstel I; lottery max 20% [001] §E.3;
 * 75% retention [001] §E.3 Voorstel IV; search profile [001] §E.2c Voorstel III; capping thresholds
 * and quality-discount limit (2019: 424.44; 2018: 417.34) [004] Toelichting en uitwerking
 * (huurklassen; Jongvolwassenen); 30% priority target and 3-month wait target [004] Vooraf;
 * household size by dwelling size [001] §B with the DOMAIN.md bound ({@link DEFAULT_HOUSEHOLD_SIZE_TABLE});
 * student complex 15% [004] Toelichting en uitwerking; binding max 50% [003] "Eigen
 * woningzoekenden eerst?"; minimum age 18 [003] "Wie doen mee?"; urgency validity 6 months
 * DOMAIN.md; rent benefit limits: Dutch huurtoeslag 2019 (not in the seeds).
 *
 * Note: 597.30 / 640.14 are the capping thresholds as printed in [004]'s 2018 rent classes;
 * the published 2019 thresholds were higher. Kept as figures.json states; correct in a new version.
 */
export const RULE_SET_2019: RuleSet = {
  id: "regio-utrecht",
  version: 1,
  name: "Regio Utrecht, prijspeil 2019",
  effectiveFrom: "2019-01-01",
  effectiveUntil: null,
  rent: {
    liberalisationLimit: 720.42,
    cappingThresholdLow: 597.3,
    cappingThresholdHigh: 640.14,
    qualityDiscountLimit: 424.44,
  },
  incomeLimits: { daeb: 38035, middle: 42436, ordinance: 48655 },
  allocationShares: { upToDaeb: 0.8, daebToMiddle: 0.1, upToOrdinance: 0.1 },
  middleRent: { minRent: 720.42, maxRent: 950, maxIncome: 57052, newBuildOnly: true },
  rentBenefit: {
    pensionAgeMonths: 66 * 12 + 4,
    incomeLimits: {
      singleBelowPensionAge: 22700,
      multiBelowPensionAge: 30825,
      singleFromPensionAge: 22675,
      multiFromPensionAge: 30800,
    },
  },
  age: { minimum: 18, youthRentBenefit: { minAge: 18, maxAge: 22 } },
  ageLabels: {
    AGE_55_PLUS: { minAge: 55, maxAge: null },
    AGE_65_PLUS: { minAge: 65, maxAge: null },
    YOUTH_18_23: { minAge: 18, maxAge: 23 },
  },
  priority: {
    order: ["URGENCY", "MOVER", "VITAL_PROFESSION", "LOCAL_BINDING"],
    bindingMaxShare: 0.5,
    mover: { leaveMinRooms: 4, takeMaxRooms: 3, orAdaptedDwelling: true, minAge: null },
    targetShare: 0.3,
    vitalProfessions: [],
  },
  lottery: { maxShare: 0.2 },
  householdSize: { byDwelling: DEFAULT_HOUSEHOLD_SIZE_TABLE },
  registration: { retainedShareOnAcceptance: 0.75 },
  responses: { maxActive: null, maxPerWeek: null },
  studentComplex: { specialGroupMaxShare: 0.15 },
  urgency: {
    waitTargetMonths: 3,
    defaultValidityMonths: 6,
    defaultSearchProfile: {
      dwellingTypes: ["APARTMENT"],
      minFloor: 1,
      maxFloor: null,
      minRooms: null,
      maxRooms: null,
      municipalityIds: [],
      districtIds: [],
      requiresAccessibility: "NONE",
    },
    searchProfileWidening: { categories: [], dwellingTypes: [] },
  },
  municipalOverrides: {
    // [004] Toelichting: "In de lokale uitwerking van de regionale huisvestingsverordening heeft de
    // gemeente het voornemen om het zoekprofiel voor de uitstroom MO/BW en de vrouwenopvang binnen
    // de gemeente Utrecht te verruimen met boven- en benedenwoningen." MO = maatschappelijke
    // opvang (homeless shelter), BW = beschermd wonen (protected living).
    GM0344: {
      urgency: {
        searchProfileWidening: {
          categories: [
            "LEAVING_HOMELESS_SHELTER",
            "LEAVING_PROTECTED_LIVING",
            "LEAVING_DOMESTIC_VIOLENCE_SHELTER",
          ],
          dwellingTypes: ["UPPER_FLOOR_DWELLING", "GROUND_FLOOR_APARTMENT"],
        },
      },
    },
  },
};

/** All built-in versions, oldest first. */
export const DEFAULT_RULE_SETS: readonly RuleSet[] = [RULE_SET_2019];

/** A seeker's responses counted against the limits ({@link RuleSetParameters.responses}). */
export interface ResponseCounts {
  /** Responses not withdrawn on listings whose window is still open. */
  active: number;
  /** Responses made in the last 7 days, withdrawn ones included. */
  lastWeek: number;
}

/** What {@link responseLimitCheck} answers: whether one more response is allowed, and what is left. */
export interface ResponseAllowance {
  allowed: boolean;
  /** The limit one more response would pass (`ACTIVE` checked first), or null when allowed. */
  reached: "ACTIVE" | "WEEK" | null;
  maxActive: number | null;
  /** Open responses still allowed (null without that limit). */
  activeLeft: number | null;
  maxPerWeek: number | null;
  /** Responses still allowed in the current 7 days (null without that limit). */
  weekLeft: number | null;
}

/**
 * Whether a seeker with `counts` may respond once more under `ruleSet`'s response limits
 * (reactielimiet, {@link RuleSetParameters.responses}), and how many responses are left.
 *
 * @param counts - the seeker's open responses and responses of the last 7 days, >= 0
 * @throws InvalidInputError when a count is negative or not whole
 */
export function responseLimitCheck(counts: ResponseCounts, ruleSet: RuleSetParameters): ResponseAllowance {
  for (const [k, v] of Object.entries(counts))
    if (!Number.isInteger(v) || v < 0)
      throw new InvalidInputError(`counts.${k}`, "must be a whole number >= 0");
  const { maxActive, maxPerWeek } = ruleSet.responses ?? { maxActive: null, maxPerWeek: null };
  const activeLeft = maxActive === null ? null : Math.max(0, maxActive - counts.active);
  const weekLeft = maxPerWeek === null ? null : Math.max(0, maxPerWeek - counts.lastWeek);
  const reached = activeLeft === 0 ? "ACTIVE" : weekLeft === 0 ? "WEEK" : null;
  return { allowed: reached === null, reached, maxActive, activeLeft, maxPerWeek, weekLeft };
}
