import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkEligibility, type EligibilityCheck } from "./eligibility.ts";
import {
  CHECK_MESSAGES_EN,
  CHECK_MESSAGES_NL,
  explainCheck,
  explainRankReason,
  REASON_MESSAGES_EN,
  REASON_MESSAGES_NL,
} from "./messages.ts";
import { rankCandidates } from "./ranking.ts";
import { arbCandidates, arbDate, arbListing, arbSeeker } from "./testing/arbitraries.ts";
import { candidate, day, listing, noon, RULES, seeker, urgency } from "./testing/fixtures.ts";

const incomeAbove: EligibilityCheck = {
  rule: "INCOME",
  passed: false,
  affects: "ELIGIBILITY",
  code: "INCOME_ABOVE_LIMIT",
  params: { income: 52000, limit: 48655, band: "ORDINANCE" },
  source: "[001] §E.1",
};

describe("explainCheck", () => {
  it("renders the brief example in Dutch and English", () => {
    expect(explainCheck(incomeAbove, "nl")).toBe(
      "Uw huishoudinkomen van € 52.000 ligt boven de grens van € 48.655 voor deze woning.",
    );
    expect(explainCheck(incomeAbove, "en")).toBe(
      "Your household income of €52,000 is above the limit of €48,655 for this dwelling.",
    );
  });

  it("writes rents with cents and names the threshold and household", () => {
    const r = checkEligibility(
      seeker({ householdIncome: 22700, householdSize: 2 }),
      listing({ netRent: 620 }),
      RULES,
      noon("2019-06-15"),
    );
    const cap = r.checks.find((c) => c.rule === "RENT_BENEFIT_CAP")!;
    expect(explainCheck(cap, "nl")).toBe(
      "U komt in aanmerking voor huurtoeslag (inkomen € 22.700, grens € 30.825); daarom mag de huur niet hoger zijn dan de aftoppingsgrens van € 597,30 voor een huishouden van 2 personen. Deze woning kost € 620,00.",
    );
    expect(explainCheck(cap, "en")).toContain(
      "capping threshold of €597.30 for a household of 2 persons. This dwelling costs €620.00.",
    );
  });

  it("writes dates in words and age ranges", () => {
    const expired = checkEligibility(
      seeker({ urgency: urgency({ validUntil: new Date("2019-03-31T12:00:00Z") }) }),
      listing(),
      RULES,
      noon("2019-06-15"),
    );
    expect(explainCheck(expired.checks.at(-1)!, "nl")).toBe(
      "Uw urgentie is geldig van 1 januari 2019 tot en met 31 maart 2019 en geeft op 15 juni 2019 geen voorrang.",
    );
    const youth = checkEligibility(
      seeker({ birthDate: day("1990-01-01") }),
      listing({ ageLabel: "YOUTH_18_23" }),
      RULES,
      noon("2019-06-15"),
    );
    expect(explainCheck(youth.checks[1]!, "nl")).toBe(
      "Deze jongerenwoning is voor 18 tot en met 23 jaar; u bent 29 jaar.",
    );
    expect(explainCheck(youth.checks[1]!, "en")).toBe(
      "This youth dwelling is for people aged 18 to 23; you are 29.",
    );
  });

  it("says 1 kamer / 1 room, not 1 kamers / 1 rooms (plain, correct Dutch and English)", () => {
    const r = checkEligibility(
      seeker({ urgency: urgency() }),
      listing({ dwellingType: "STUDIO", floor: 0, rooms: 1 }),
      RULES,
      noon("2019-06-15"),
    );
    const mismatch = r.checks.find((c) => c.code === "URGENCY_PROFILE_MISMATCH")!;
    expect(explainCheck(mismatch, "nl")).toBe(
      "Deze woning (studio, begane grond, 1 kamer) valt buiten het zoekprofiel van uw urgentie; u kunt reageren, maar krijgt hier geen voorrang.",
    );
    expect(explainCheck(mismatch, "en")).toContain("(studio, ground floor, 1 room)");
  });

  it("states a share with its decimal, e.g. a 12.5% student-complex cap (numbers stated correctly)", () => {
    const capReached: EligibilityCheck = {
      rule: "STUDENT_COMPLEX",
      passed: false,
      affects: "ELIGIBILITY",
      code: "STUDENT_COMPLEX_SPECIAL_GROUP_CAP_REACHED",
      params: { shareAfter: 0.15, cap: 0.125 },
      source: "[004] studentencomplexen",
    };
    expect(explainCheck(capReached, "nl")).toContain("het maximum van 12,5% voor bijzondere doelgroepen");
    expect(explainCheck(capReached, "en")).toContain("its maximum of 12.5% for special groups");
    const fifteen = { ...capReached, params: { shareAfter: 0.2, cap: 0.15 } } as EligibilityCheck;
    expect(explainCheck(fifteen, "nl")).toContain("het maximum van 15% voor");
  });

  it("has a sentence for every code in both languages", () => {
    expect(Object.keys(CHECK_MESSAGES_NL).sort()).toEqual(Object.keys(CHECK_MESSAGES_EN).sort());
    expect(Object.keys(REASON_MESSAGES_NL).sort()).toEqual(Object.keys(REASON_MESSAGES_EN).sort());
  });

  it("renders every check of random cases without undefined, NaN or empty text (property)", () => {
    fc.assert(
      fc.property(
        arbDate.chain((on) =>
          fc.tuple(fc.constant(on), arbSeeker(on), arbListing(["AANBOD", "WOONGROEP", "BEMIDDELING"])),
        ),
        ([on, s, l]) => {
          for (const c of checkEligibility(s, l, RULES, on, { motivation: null, committeeVerdict: "PENDING" })
            .checks) {
            for (const lang of ["nl", "en"] as const) {
              const text = explainCheck(c, lang);
              expect(text).toMatch(/^[A-Z].*\.$/s);
              expect(text).not.toMatch(/undefined|NaN|null|\[object/);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("explainRankReason", () => {
  it("explains the tier and the order inside it", () => {
    const r = rankCandidates(
      listing(),
      [
        candidate(
          seeker({
            id: "u",
            registrationDate: day("2017-06-15"),
            urgency: urgency({ category: "MANTELZORG" }),
          }),
        ),
        candidate(seeker({ id: "v", registrationDate: day("2009-06-15") })),
      ],
      RULES,
      noon("2019-06-15"),
    );
    expect(explainRankReason(r.ranked[0]!.reason, "nl")).toBe(
      "Voorrang door urgentie (mantelzorg): de woning valt binnen uw zoekprofiel. Binnen deze groep telt de inschrijfduur (2,0 jaar).",
    );
    expect(explainRankReason(r.ranked[1]!.reason, "en")).toBe(
      "Ordered by registration time: you have been registered for 10.0 years.",
    );
  });

  it("mover into a 1-room dwelling: 1 kamer / 1 room [001] §E.2a Voorstel I", () => {
    const mover = seeker({
      id: "m",
      currentDwellingKind: "INDEPENDENT_RENTAL",
      currentDwellingRooms: 4,
    });
    const r = rankCandidates(
      listing({ rooms: 1, dwellingType: "STUDIO", priorityRules: ["MOVER"] }),
      [candidate(mover)],
      RULES,
      noon("2019-06-15"),
    );
    expect(explainRankReason(r.ranked[0]!.reason, "nl")).toMatch(
      /^Voorrang als doorstromer: u laat een woning met 4 kamers achter voor deze woning met 1 kamer\./,
    );
    expect(explainRankReason(r.ranked[0]!.reason, "en")).toMatch(
      /^Priority as a mover: you leave a dwelling with 4 rooms for this dwelling with 1 room\./,
    );
  });

  it("renders every reason of random rankings (property)", () => {
    fc.assert(
      fc.property(
        arbDate.chain((on) => fc.tuple(fc.constant(on), arbListing(), arbCandidates(on, 10))),
        ([on, l, cands]) => {
          for (const x of rankCandidates(l, cands, RULES, on).ranked) {
            for (const lang of ["nl", "en"] as const)
              expect(explainRankReason(x.reason, lang)).not.toMatch(/undefined|NaN|null|^$/);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
