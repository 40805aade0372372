/**
 * Dutch and English sentences for eligibility checks and rank reasons. One table per language;
 * both are typed against the code lists, so adding a code without its sentences fails to compile.
 * The portal may use these texts directly or keep its own catalogue keyed by the same codes.
 *
 * Formatting: Dutch `€ 52.000` (income, whole euros) and `€ 597,30` (rent, always cents),
 * `15 januari 2019`, `4,2 jaar`; English `€52,000`, `€597.30`, `15 January 2019`, `4.2 years`.
 *
 * @module
 */
import { parseIsoDate } from "./calendar.ts";
import type { CheckCode, CheckParamsByCode, EligibilityCheck, LabelledAge } from "./eligibility.ts";
import type { RankReason, RankReasonCode, RankReasonParamsByCode } from "./ranking.ts";
import type { DwellingType, IncomeBand } from "./types.ts";

/** Languages with a message table. */
export type Language = "nl" | "en";

/** `householdMax` at or above this reads as "no maximum" (the schema's default is 99). */
export const NO_PRACTICAL_HOUSEHOLD_MAXIMUM = 99;

type CheckTable = { [C in CheckCode]: (p: CheckParamsByCode[C]) => string };
type ReasonTable = { [C in RankReasonCode]: (p: RankReasonParamsByCode[C], r: RankReason) => string };

/** Number, money and word formatting of one language (see the module notes). */
export interface Formatters {
  income(eur: number): string;
  rent(eur: number): string;
  years(y: number): string;
  date(iso: string): string;
  persons(n: number): string;
  share(fraction: number): string;
  floor(n: number): string;
  /** "1 kamer", "3 kamers" / "1 room", "3 rooms". */
  rooms(n: number): string;
  dwellingType(t: DwellingType): string;
  ageLabel(l: LabelledAge): string;
  category(code: string): string;
}

const NL_MONTHS = [
  "januari",
  "februari",
  "maart",
  "april",
  "mei",
  "juni",
  "juli",
  "augustus",
  "september",
  "oktober",
  "november",
  "december",
];
const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const nlWhole = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 });
const nlCents = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const nlOne = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const nlUpToOne = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });
const enWhole = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const enCents = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const enOne = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const enUpToOne = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

const isWhole = (x: number) => Math.round(x * 100) % 100 === 0;

/** Dutch urgency category names (Prisma `UrgencyCategory`) [003] mandatory categories + local ones. */
export const CATEGORY_NL: Readonly<Record<string, string>> = {
  MANTELZORG: "mantelzorg",
  CHRONIC_MEDICAL: "chronische medische problematiek",
  LEAVING_MENTAL_HEALTH_CARE: "uitstroom uit de GGZ",
  LEAVING_DOMESTIC_VIOLENCE_SHELTER: "uitstroom uit opvang huiselijk geweld of mensenhandel",
  LEAVING_HOMELESS_SHELTER: "uitstroom uit daklozenopvang",
  LEAVING_PROTECTED_LIVING: "uitstroom uit beschermd wonen",
  LEAVING_YOUTH_CARE: "uitstroom uit jeugdzorg",
  LEAVING_DETENTION: "uitstroom uit gevangenis of jeugdinrichting",
  DUUP_EXIT_PROGRAMME: "uitstapprogramma prostituees (DUUP)",
  STATUSHOUDER: "vergunninghouder (statushouder)",
  URBAN_RENEWAL: "stadsvernieuwing",
  UNINHABITABLE_DWELLING: "onbewoonbaar verklaarde woning",
  SOCIAL_RELATIONSHIP_WITH_CHILDREN: "sociale urgentie: relatiebeëindiging met kinderen",
  SOCIAL_FINANCIAL: "sociale urgentie: financiële omstandigheden",
  HARDSHIP_CLAUSE: "hardheidsclausule",
};
const CATEGORY_EN: Record<string, string> = {
  MANTELZORG: "informal care (mantelzorg)",
  CHRONIC_MEDICAL: "chronic medical condition",
  LEAVING_MENTAL_HEALTH_CARE: "leaving mental health care",
  LEAVING_DOMESTIC_VIOLENCE_SHELTER: "leaving a domestic-violence or human-trafficking shelter",
  LEAVING_HOMELESS_SHELTER: "leaving a homeless shelter",
  LEAVING_PROTECTED_LIVING: "leaving protected living",
  LEAVING_YOUTH_CARE: "leaving youth care",
  LEAVING_DETENTION: "leaving prison or juvenile detention",
  DUUP_EXIT_PROGRAMME: "sex-work exit programme (DUUP)",
  STATUSHOUDER: "refugee with a residence permit (statushouder)",
  URBAN_RENEWAL: "urban renewal",
  UNINHABITABLE_DWELLING: "dwelling declared uninhabitable",
  SOCIAL_RELATIONSHIP_WITH_CHILDREN: "social urgency: relationship ended, with children",
  SOCIAL_FINANCIAL: "social urgency: financial circumstances",
  HARDSHIP_CLAUSE: "hardship clause",
};

const NL: Formatters = {
  income: (eur) => `€ ${isWhole(eur) ? nlWhole.format(eur) : nlCents.format(eur)}`,
  rent: (eur) => `€ ${nlCents.format(eur)}`,
  years: (y) => `${nlOne.format(y)} jaar`,
  date: (iso) => {
    const d = parseIsoDate(iso);
    return `${d.day} ${NL_MONTHS[d.month - 1]} ${d.year}`;
  },
  persons: (n) => (n === 1 ? "1 persoon" : `${n} personen`),
  share: (f) => `${nlUpToOne.format(Math.round(f * 1000) / 10)}%`,
  floor: (n) => (n === 0 ? "begane grond" : `${n}e verdieping`),
  rooms: (n) => (n === 1 ? "1 kamer" : `${n} kamers`),
  dwellingType: (t) =>
    ({
      APARTMENT: "appartement",
      GROUND_FLOOR_APARTMENT: "benedenwoning",
      UPPER_FLOOR_DWELLING: "bovenwoning",
      SINGLE_FAMILY_HOUSE: "eengezinswoning",
      STUDIO: "studio",
      ROOM: "kamer",
      SENIOR_DWELLING: "seniorenwoning",
    })[t],
  ageLabel: (l) =>
    ({ AGE_55_PLUS: "55-pluswoning", AGE_65_PLUS: "65-pluswoning", YOUTH_18_23: "jongerenwoning" })[l],
  category: (c) => CATEGORY_NL[c] ?? c,
};

const EN: Formatters = {
  income: (eur) => `€${isWhole(eur) ? enWhole.format(eur) : enCents.format(eur)}`,
  rent: (eur) => `€${enCents.format(eur)}`,
  years: (y) => `${enOne.format(y)} years`,
  date: (iso) => {
    const d = parseIsoDate(iso);
    return `${d.day} ${EN_MONTHS[d.month - 1]} ${d.year}`;
  },
  persons: (n) => (n === 1 ? "1 person" : `${n} persons`),
  share: (f) => `${enUpToOne.format(Math.round(f * 1000) / 10)}%`,
  floor: (n) => (n === 0 ? "ground floor" : `floor ${n}`),
  rooms: (n) => (n === 1 ? "1 room" : `${n} rooms`),
  dwellingType: (t) =>
    ({
      APARTMENT: "apartment",
      GROUND_FLOOR_APARTMENT: "ground-floor flat",
      UPPER_FLOOR_DWELLING: "upper-floor dwelling",
      SINGLE_FAMILY_HOUSE: "single-family house",
      STUDIO: "studio",
      ROOM: "room",
      SENIOR_DWELLING: "senior dwelling",
    })[t],
  ageLabel: (l) =>
    ({ AGE_55_PLUS: "55-plus dwelling", AGE_65_PLUS: "65-plus dwelling", YOUTH_18_23: "youth dwelling" })[l],
  category: (c) => CATEGORY_EN[c] ?? c,
};

const nlAgeRange = (min: number, max: number | null) =>
  max === null ? `${min} jaar en ouder` : `${min} tot en met ${max} jaar`;
const enAgeRange = (min: number, max: number | null) =>
  max === null ? `aged ${min} and over` : `aged ${min} to ${max}`;
const nlHousehold = (min: number, max: number) =>
  max >= NO_PRACTICAL_HOUSEHOLD_MAXIMUM
    ? `${NL.persons(min)} of meer`
    : min === max
      ? NL.persons(min)
      : `${min} tot en met ${max} personen`;
const enHousehold = (min: number, max: number) =>
  max >= NO_PRACTICAL_HOUSEHOLD_MAXIMUM
    ? `${EN.persons(min)} or more`
    : min === max
      ? EN.persons(min)
      : `${min} to ${max} persons`;
const nlBand = (band: IncomeBand) => (band === "MIDDLE_RENT" ? "deze middenhuurwoning" : "deze woning");
const enBand = (band: IncomeBand) => (band === "MIDDLE_RENT" ? "this middle-rent dwelling" : "this dwelling");
const nlAccess = (a: "WALKER" | "WHEELCHAIR") =>
  a === "WHEELCHAIR" ? ["rolstoelwoning", "rolstoelindicatie"] : ["rollatorwoning", "rollatorindicatie"];
const enAccess = (a: "WALKER" | "WHEELCHAIR") =>
  a === "WHEELCHAIR"
    ? ["wheelchair dwelling", "wheelchair indication"]
    : ["walker-accessible dwelling", "walker indication"];

/** Dutch sentences per check code. */
export const CHECK_MESSAGES_NL: CheckTable = {
  AGE_MINIMUM_MET: (p) => `U bent ${p.age} jaar; de minimumleeftijd is ${p.minAge} jaar.`,
  AGE_BELOW_MINIMUM: (p) =>
    `U bent ${p.age} jaar; u moet minimaal ${p.minAge} jaar zijn om te kunnen reageren.`,
  AGE_LABEL_MET: (p) =>
    `Deze ${NL.ageLabel(p.label)} is voor ${nlAgeRange(p.minAge, p.maxAge)}; u bent ${p.age} jaar.`,
  AGE_BELOW_LABEL: (p) =>
    `Deze ${NL.ageLabel(p.label)} is voor ${nlAgeRange(p.minAge, p.maxAge)}; u bent ${p.age} jaar.`,
  AGE_ABOVE_LABEL: (p) =>
    `Deze ${NL.ageLabel(p.label)} is voor ${nlAgeRange(p.minAge, p.maxAge)}; u bent ${p.age} jaar.`,
  HOUSEHOLD_SIZE_FITS: (p) =>
    `Uw huishouden van ${NL.persons(p.householdSize)} past bij deze woning (${nlHousehold(p.householdMin, p.householdMax)}).`,
  HOUSEHOLD_TOO_SMALL: (p) =>
    `Deze woning is voor huishoudens van ${nlHousehold(p.householdMin, p.householdMax)}${p.fromRuleSet ? " (de regel voor deze woninggrootte)" : ""}; uw huishouden telt ${NL.persons(p.householdSize)}.`,
  HOUSEHOLD_TOO_LARGE: (p) =>
    `Deze woning is voor huishoudens van ${nlHousehold(p.householdMin, p.householdMax)}${p.fromRuleSet ? " (de regel voor deze woninggrootte)" : ""}; uw huishouden telt ${NL.persons(p.householdSize)}.`,
  INCOME_WITHIN_LIMIT: (p) =>
    `Uw huishoudinkomen van ${NL.income(p.income)} ligt binnen de grens van ${NL.income(p.limit)} voor ${nlBand(p.band)}.`,
  INCOME_ABOVE_LIMIT: (p) =>
    `Uw huishoudinkomen van ${NL.income(p.income)} ligt boven de grens van ${NL.income(p.limit)} voor ${nlBand(p.band)}.`,
  RENT_BENEFIT_NOT_QUALIFYING: (p) =>
    `Met een huishoudinkomen van ${NL.income(p.income)} (grens ${NL.income(p.rentBenefitLimit)}) komt u niet in aanmerking voor huurtoeslag; de aftoppingsgrens geldt daarom niet.`,
  RENT_WITHIN_CAPPING_THRESHOLD: (p) =>
    `U komt in aanmerking voor huurtoeslag; de huur van ${NL.rent(p.rent)} ligt binnen de aftoppingsgrens van ${NL.rent(p.threshold)} voor een huishouden van ${NL.persons(p.householdSize)}.`,
  RENT_ABOVE_CAPPING_THRESHOLD: (p) =>
    `U komt in aanmerking voor huurtoeslag (inkomen ${NL.income(p.income)}, grens ${NL.income(p.rentBenefitLimit)}); daarom mag de huur niet hoger zijn dan de aftoppingsgrens van ${NL.rent(p.threshold)} voor een huishouden van ${NL.persons(p.householdSize)}. Deze woning kost ${NL.rent(p.rent)}.`,
  YOUTH_RENT_WITHIN_QUALITY_DISCOUNT_LIMIT: (p) =>
    `U bent ${p.age} jaar; de huur van ${NL.rent(p.rent)} ligt niet boven de kwaliteitskortingsgrens van ${NL.rent(p.limit)}, dus u houdt recht op huurtoeslag.`,
  YOUTH_RENT_ABOVE_QUALITY_DISCOUNT_LIMIT: (p) =>
    `U bent ${p.age} jaar; op uw leeftijd krijgt u alleen huurtoeslag bij een huur tot en met ${NL.rent(p.limit)} (kwaliteitskortingsgrens). Deze woning kost ${NL.rent(p.rent)}.`,
  ACCESSIBILITY_INDICATION_PRESENT: (p) =>
    `Deze ${nlAccess(p.accessibility)[0]} is voor woningzoekenden met een ${nlAccess(p.accessibility)[1]}; die heeft u.`,
  ACCESSIBILITY_INDICATION_MISSING: (p) =>
    `Deze ${nlAccess(p.accessibility)[0]} is alleen voor woningzoekenden met een ${nlAccess(p.accessibility)[1]}.`,
  STUDENT_COMPLEX_STUDENT: () =>
    "Deze woning ligt in een studentencomplex; u staat ingeschreven als student.",
  STUDENT_COMPLEX_SPECIAL_GROUP_WITHIN_CAP: (p) =>
    `Deze woning ligt in een studentencomplex; er is nog ruimte voor bijzondere doelgroepen (maximaal ${NL.share(p.cap)}).`,
  STUDENT_COMPLEX_SPECIAL_GROUP_CAP_REACHED: (p) =>
    `Deze woning ligt in een studentencomplex waar het maximum van ${NL.share(p.cap)} voor bijzondere doelgroepen is bereikt.`,
  STUDENT_COMPLEX_STUDENTS_ONLY: () =>
    "Deze woning ligt in een studentencomplex en is voor studenten (en beperkt voor bijzondere doelgroepen).",
  WOONGROEP_MOTIVATION_REQUIRED: () =>
    "Deze woning hoort bij een woongroep: bij uw reactie schrijft u een motivatie over wat u wilt bijdragen.",
  WOONGROEP_MOTIVATION_MISSING: () => "Uw reactie op deze woongroepwoning heeft nog geen motivatie.",
  WOONGROEP_AWAITING_COMMITTEE: () => "De woongroepcommissie heeft uw motivatie nog niet beoordeeld.",
  WOONGROEP_SUITABLE: () => "De woongroepcommissie heeft u geschikt bevonden.",
  WOONGROEP_UNSUITABLE: () => "De woongroepcommissie heeft u niet geschikt bevonden voor deze woongroep.",
  URGENCY_PROFILE_MATCH: (p) =>
    `Deze woning valt binnen het zoekprofiel van uw urgentie (${NL.category(p.category)}); u krijgt hier voorrang.`,
  URGENCY_PROFILE_MISMATCH: (p) =>
    `Deze woning (${NL.dwellingType(p.dwellingType)}, ${NL.floor(p.floor)}, ${NL.rooms(p.rooms)}) valt buiten het zoekprofiel van uw urgentie; u kunt reageren, maar krijgt hier geen voorrang.`,
  URGENCY_NOT_VALID_ON_DATE: (p) =>
    `Uw urgentie is geldig van ${NL.date(p.validFrom)} tot en met ${NL.date(p.validUntil)} en geeft op ${NL.date(p.date)} geen voorrang.`,
  URGENCY_NOT_APPLIED_BY_MODEL: (p) =>
    p.model === "WOONGROEP"
      ? "Bij een woongroepwoning beslist de woongroepcommissie en daarna de inschrijfduur; urgentie geeft hier geen voorrang."
      : "Deze woning wordt direct bemiddeld; urgentie geeft hier geen voorrang op een openbare lijst.",
};

/** English sentences per check code. */
export const CHECK_MESSAGES_EN: CheckTable = {
  AGE_MINIMUM_MET: (p) => `You are ${p.age}; the minimum age is ${p.minAge}.`,
  AGE_BELOW_MINIMUM: (p) => `You are ${p.age}; you must be at least ${p.minAge} to respond.`,
  AGE_LABEL_MET: (p) =>
    `This ${EN.ageLabel(p.label)} is for people ${enAgeRange(p.minAge, p.maxAge)}; you are ${p.age}.`,
  AGE_BELOW_LABEL: (p) =>
    `This ${EN.ageLabel(p.label)} is for people ${enAgeRange(p.minAge, p.maxAge)}; you are ${p.age}.`,
  AGE_ABOVE_LABEL: (p) =>
    `This ${EN.ageLabel(p.label)} is for people ${enAgeRange(p.minAge, p.maxAge)}; you are ${p.age}.`,
  HOUSEHOLD_SIZE_FITS: (p) =>
    `Your household of ${EN.persons(p.householdSize)} fits this dwelling (${enHousehold(p.householdMin, p.householdMax)}).`,
  HOUSEHOLD_TOO_SMALL: (p) =>
    `This dwelling is for households of ${enHousehold(p.householdMin, p.householdMax)}${p.fromRuleSet ? " (the rule for this dwelling size)" : ""}; yours has ${EN.persons(p.householdSize)}.`,
  HOUSEHOLD_TOO_LARGE: (p) =>
    `This dwelling is for households of ${enHousehold(p.householdMin, p.householdMax)}${p.fromRuleSet ? " (the rule for this dwelling size)" : ""}; yours has ${EN.persons(p.householdSize)}.`,
  INCOME_WITHIN_LIMIT: (p) =>
    `Your household income of ${EN.income(p.income)} is within the limit of ${EN.income(p.limit)} for ${enBand(p.band)}.`,
  INCOME_ABOVE_LIMIT: (p) =>
    `Your household income of ${EN.income(p.income)} is above the limit of ${EN.income(p.limit)} for ${enBand(p.band)}.`,
  RENT_BENEFIT_NOT_QUALIFYING: (p) =>
    `With a household income of ${EN.income(p.income)} (limit ${EN.income(p.rentBenefitLimit)}) you do not qualify for rent benefit, so the capping threshold does not apply.`,
  RENT_WITHIN_CAPPING_THRESHOLD: (p) =>
    `You qualify for rent benefit; the rent of ${EN.rent(p.rent)} is within the capping threshold of ${EN.rent(p.threshold)} for a household of ${EN.persons(p.householdSize)}.`,
  RENT_ABOVE_CAPPING_THRESHOLD: (p) =>
    `You qualify for rent benefit (income ${EN.income(p.income)}, limit ${EN.income(p.rentBenefitLimit)}), so the rent may not exceed the capping threshold of ${EN.rent(p.threshold)} for a household of ${EN.persons(p.householdSize)}. This dwelling costs ${EN.rent(p.rent)}.`,
  YOUTH_RENT_WITHIN_QUALITY_DISCOUNT_LIMIT: (p) =>
    `You are ${p.age}; the rent of ${EN.rent(p.rent)} does not exceed the quality-discount limit of ${EN.rent(p.limit)}, so you keep your right to rent benefit.`,
  YOUTH_RENT_ABOVE_QUALITY_DISCOUNT_LIMIT: (p) =>
    `You are ${p.age}; at your age rent benefit is only paid for a rent up to ${EN.rent(p.limit)} (quality-discount limit). This dwelling costs ${EN.rent(p.rent)}.`,
  ACCESSIBILITY_INDICATION_PRESENT: (p) =>
    `This ${enAccess(p.accessibility)[0]} is for seekers with a ${enAccess(p.accessibility)[1]}; you have one.`,
  ACCESSIBILITY_INDICATION_MISSING: (p) =>
    `This ${enAccess(p.accessibility)[0]} is only for seekers with a ${enAccess(p.accessibility)[1]}.`,
  STUDENT_COMPLEX_STUDENT: () => "This dwelling is in a student complex; you are registered as a student.",
  STUDENT_COMPLEX_SPECIAL_GROUP_WITHIN_CAP: (p) =>
    `This dwelling is in a student complex; there is still room for special groups (at most ${EN.share(p.cap)}).`,
  STUDENT_COMPLEX_SPECIAL_GROUP_CAP_REACHED: (p) =>
    `This dwelling is in a student complex that has reached its maximum of ${EN.share(p.cap)} for special groups.`,
  STUDENT_COMPLEX_STUDENTS_ONLY: () =>
    "This dwelling is in a student complex and is for students (and, to a limited extent, special groups).",
  WOONGROEP_MOTIVATION_REQUIRED: () =>
    "This dwelling belongs to a housing group (woongroep): with your response you write a motivation about what you will contribute.",
  WOONGROEP_MOTIVATION_MISSING: () => "Your response to this housing-group dwelling has no motivation yet.",
  WOONGROEP_AWAITING_COMMITTEE: () => "The housing-group committee has not yet reviewed your motivation.",
  WOONGROEP_SUITABLE: () => "The housing-group committee found you suitable.",
  WOONGROEP_UNSUITABLE: () => "The housing-group committee did not find you suitable for this housing group.",
  URGENCY_PROFILE_MATCH: (p) =>
    `This dwelling is within the search profile of your urgency (${EN.category(p.category)}); you get priority here.`,
  URGENCY_PROFILE_MISMATCH: (p) =>
    `This dwelling (${EN.dwellingType(p.dwellingType)}, ${EN.floor(p.floor)}, ${EN.rooms(p.rooms)}) is outside the search profile of your urgency; you may respond but get no priority here.`,
  URGENCY_NOT_VALID_ON_DATE: (p) =>
    `Your urgency is valid from ${EN.date(p.validFrom)} to ${EN.date(p.validUntil)} and gives no priority on ${EN.date(p.date)}.`,
  URGENCY_NOT_APPLIED_BY_MODEL: (p) =>
    p.model === "WOONGROEP"
      ? "For a housing-group dwelling the committee decides, then registration time; urgency gives no priority here."
      : "This dwelling is let by direct mediation; urgency gives no priority on a public list here.",
};

const nlWithinTier = (r: RankReason) =>
  r.orderedBy === "LOTTERY"
    ? " Binnen deze groep beslist de loting."
    : ` Binnen deze groep telt de inschrijfduur (${NL.years(typeof r.value === "number" ? r.value : 0)}).`;
const enWithinTier = (r: RankReason) =>
  r.orderedBy === "LOTTERY"
    ? " Within this group the lottery decides."
    : ` Within this group registration time counts (${EN.years(typeof r.value === "number" ? r.value : 0)}).`;
const yearsOf = (r: RankReason) => (typeof r.value === "number" ? r.value : 0);

/** Dutch sentences per rank-reason code. */
export const REASON_MESSAGES_NL: ReasonTable = {
  URGENCY_PROFILE_MATCH: (p, r) =>
    `Voorrang door urgentie (${NL.category(p.category)}): de woning valt binnen uw zoekprofiel.${nlWithinTier(r)}`,
  MOVER_LARGE_TO_SMALL: (p, r) =>
    `Voorrang als doorstromer: u laat een woning met ${NL.rooms(p.leftRooms)} achter voor deze ${p.adapted ? "aangepaste " : ""}woning met ${NL.rooms(p.rooms)}.${nlWithinTier(r)}`,
  LOCAL_BINDING: (p, r) =>
    `Voorrang door lokale binding: u ${p.via === "WORK" ? "werkt" : "woont"} in deze gemeente.${nlWithinTier(r)}`,
  VITAL_PROFESSION: (p, r) =>
    `Voorrang door uw vitale beroep (${p.profession}) in deze gemeente.${nlWithinTier(r)}`,
  REGISTRATION_YEARS: (_p, r) => `Volgorde op inschrijfduur: u staat ${NL.years(yearsOf(r))} ingeschreven.`,
  LOTTERY_DRAW: (_p, r) =>
    typeof r.value === "string"
      ? `Volgorde door loting (uw lot begint met ${r.value.slice(0, 8)}).`
      : "De volgorde wordt bij sluiting door loting bepaald.",
  WOONGROEP_SUITABLE: (_p, r) =>
    `De woongroepcommissie vond u geschikt; daarna telt de inschrijfduur (${NL.years(yearsOf(r))}).`,
  WOONGROEP_AWAITING_REVIEW: (_p, r) =>
    `De woongroepcommissie heeft u nog niet beoordeeld; u staat na de geschikt bevonden kandidaten, op inschrijfduur (${NL.years(yearsOf(r))}).`,
};

/** English sentences per rank-reason code. */
export const REASON_MESSAGES_EN: ReasonTable = {
  URGENCY_PROFILE_MATCH: (p, r) =>
    `Priority through urgency (${EN.category(p.category)}): the dwelling is within your search profile.${enWithinTier(r)}`,
  MOVER_LARGE_TO_SMALL: (p, r) =>
    `Priority as a mover: you leave a dwelling with ${EN.rooms(p.leftRooms)} for this ${p.adapted ? "adapted " : ""}dwelling with ${EN.rooms(p.rooms)}.${enWithinTier(r)}`,
  LOCAL_BINDING: (p, r) =>
    `Priority through local ties: you ${p.via === "WORK" ? "work" : "live"} in this municipality.${enWithinTier(r)}`,
  VITAL_PROFESSION: (p, r) =>
    `Priority through your vital profession (${p.profession}) in this municipality.${enWithinTier(r)}`,
  REGISTRATION_YEARS: (_p, r) =>
    `Ordered by registration time: you have been registered for ${EN.years(yearsOf(r))}.`,
  LOTTERY_DRAW: (_p, r) =>
    typeof r.value === "string"
      ? `Ordered by lottery (your ticket starts with ${r.value.slice(0, 8)}).`
      : "The order will be drawn by lottery at close.",
  WOONGROEP_SUITABLE: (_p, r) =>
    `The housing-group committee found you suitable; then registration time counts (${EN.years(yearsOf(r))}).`,
  WOONGROEP_AWAITING_REVIEW: (_p, r) =>
    `The housing-group committee has not reviewed you yet; you stand after the suitable candidates, by registration time (${EN.years(yearsOf(r))}).`,
};

const CHECKS: Record<Language, CheckTable> = { nl: CHECK_MESSAGES_NL, en: CHECK_MESSAGES_EN };
const REASONS: Record<Language, ReasonTable> = { nl: REASON_MESSAGES_NL, en: REASON_MESSAGES_EN };

/**
 * One sentence explaining an eligibility check, e.g. for `INCOME_ABOVE_LIMIT` with income 52000
 * and limit 48655: "Uw huishoudinkomen van € 52.000 ligt boven de grens van € 48.655 voor deze
 * woning." / "Your household income of €52,000 is above the limit of €48,655 for this dwelling."
 */
export function explainCheck(check: EligibilityCheck, language: Language): string {
  const render = CHECKS[language][check.code] as (p: EligibilityCheck["params"]) => string;
  return render(check.params);
}

/** One or two sentences explaining a rank reason (the tier, and what orders candidates inside it). */
export function explainRankReason(reason: RankReason, language: Language): string {
  const render = REASONS[language][reason.code] as (p: RankReason["params"], r: RankReason) => string;
  return render(reason.params, reason);
}

/**
 * The formatters and shared phrases of each language, for message tables kept in their own
 * module (criteria-messages.ts), so every sentence formats money, persons and ages alike.
 */
export const FORMATTERS: Record<Language, Readonly<Formatters>> = { nl: NL, en: EN };
/** "1 tot en met 4 personen" / "1 to 4 persons"; a maximum of 99 or more reads as "or more". */
export const HOUSEHOLD_RANGE: Record<Language, (min: number, max: number) => string> = {
  nl: nlHousehold,
  en: enHousehold,
};
/** "18 tot en met 23 jaar" / "aged 18 to 23"; `max` null reads as "and older". */
export const AGE_RANGE: Record<Language, (min: number, max: number | null) => string> = {
  nl: nlAgeRange,
  en: enAgeRange,
};
