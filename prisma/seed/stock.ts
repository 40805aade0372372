/**
 * Places, organisations and the housing stock: municipalities with kernen, Utrecht's districts,
 * landlords and other organisations, complexes (including woongroepen and a student complex) and
 * dwellings with addresses, rooms, area, floors, energy labels, rents and service costs.
 *
 * Calibration: Utrecht's social stock is split over districts by figures.json
 * `utrechtNeighbourhoods` and over rent classes by `utrechtStock2018.rentClasses`, both exactly
 * (largest remainder); regional municipalities draw rent classes with the same shares. A small
 * middle-rent new-build share (rent EUR 720.42–950, `rules2019.middleRent`) comes on top.
 *
 * @module
 */
import type { DwellingType, EnergyLabel } from "../generated/prisma/enums.ts";
import { TableWriter, cols, type RawExecutor } from "./bulk.ts";
import { UTRECHT_DISTRICTS, UTRECHT_RENT_CLASSES, RULES_2019 } from "./calibration.ts";
import {
  DAY,
  cents,
  slugify,
  type ComplexRec,
  type Ctx,
  type DistrictRec,
  type DwellingRec,
  type MunicipalityRec,
  type OrgRec,
  type WoongroepRec,
} from "./model.ts";
import {
  LANDLORDS,
  MUNICIPALITIES,
  REGIONAL_STREET_BASES,
  UTRECHT_DISTRICT_SPECS,
  type DistrictSpec,
} from "./places.ts";
import { apportion, uuidv7, type Rng } from "./random.ts";

/** When the platform took over the region's registrations (ids and createdAt of reference data). */
export const PLATFORM_START_MS = Date.UTC(2019, 0, 1, 9, 0, 0);

/** The woongroepen of the demo region ([000]: complexes labelled as a group of vragende and dragende residents). */
export const WOONGROEP_SPECS = [
  {
    name: "Woongroep De Zambesi",
    district: "Overvecht",
    municipality: "GM0344",
    landlord: "mitros",
    units: 48,
    target: 0.5,
    dragend: 22,
    description:
      "Een flat aan de Zambesidreef waar bewoners die uitstromen uit beschermd wonen of de opvang (vragend) en bewoners die iets willen bijdragen (dragend) samen wonen. Van dragende bewoners vragen we een paar uur per week: koffieochtenden, de gezamenlijke tuin, een oogje in het zeil. Reageren kan met een motivatie; de bewonerscommissie beoordeelt die, daarna is de inschrijfduur leidend.",
  },
  {
    name: "Woongroep Tigrishof",
    district: "Overvecht",
    municipality: "GM0344",
    landlord: "bo-ex",
    units: 36,
    target: 0.5,
    dragend: 16,
    description:
      "Gemengd wonen in Overvecht: jongeren uit de jeugdzorg en statushouders naast buren die hen op weg helpen. Dragende bewoners zijn betrokken bij de buurt en bereid tot inzet voor de groep, zoals taalmaatje zijn of helpen met post en formulieren.",
  },
  {
    name: "Woongroep Kanaleneiland Samen",
    district: "Zuidwest",
    municipality: "GM0344",
    landlord: "portaal",
    units: 40,
    target: 0.6,
    dragend: 23,
    description:
      "Een portiekflat in Kanaleneiland-Zuid met een gemeenschappelijke ruimte. De groep streeft naar zes op de tien dragende bewoners. Denk aan: samen koken, de huiswerkklas, de klussendag. De woongroepcommissie leest de motivaties.",
  },
  {
    name: "Woongroep De Lekbrug",
    district: null,
    municipality: "GM0356",
    landlord: "lekstede",
    units: 30,
    target: 0.5,
    dragend: 14,
    description:
      "Woongroep in Nieuwegein-Zuid voor ouderen met een lichte zorgvraag en dragende bewoners van alle leeftijden die willen helpen: boodschappen, een wandeling, samen eten op vrijdag.",
  },
] as const;

/** Student complex (studentencomplex, [004]: special groups at most 15%). */
export const STUDENT_COMPLEX = {
  name: "Studentencomplex Cambridgelaan",
  district: "Oost",
  units: 300,
} as const;

const LETTERS = "ABCDEGHJKLMNPRSTVWXZ";

function postalCode(rng: Rng, range: [number, number]): string {
  const n = rng.intBetween(range[0], range[1]);
  let a = rng.pick([...LETTERS]);
  let b = rng.pick([...LETTERS]);
  if (a + b === "SS" || a + b === "SD" || a + b === "SA") {
    a = "A";
    b = "B";
  }
  return `${n} ${a}${b}`;
}

function energyLabel(rng: Rng, buildYear: number, newBuild: boolean): EnergyLabel {
  if (newBuild || buildYear >= 2015)
    return rng.weighted<EnergyLabel>([
      ["A_PLUS_3", 0.3],
      ["A_PLUS_2", 0.4],
      ["A_PLUS_1", 0.3],
    ]);
  if (buildYear >= 1995)
    return rng.weighted<EnergyLabel>([
      ["A", 0.55],
      ["A_PLUS_1", 0.1],
      ["B", 0.35],
    ]);
  if (buildYear >= 1975)
    return rng.weighted<EnergyLabel>([
      ["A", 0.2],
      ["B", 0.45],
      ["C", 0.3],
      ["D", 0.05],
    ]);
  if (buildYear >= 1945)
    return rng.weighted<EnergyLabel>([
      ["A", 0.1],
      ["B", 0.3],
      ["C", 0.35],
      ["D", 0.18],
      ["E", 0.07],
    ]);
  return rng.weighted<EnergyLabel>([
    ["B", 0.1],
    ["C", 0.3],
    ["D", 0.3],
    ["E", 0.18],
    ["F", 0.08],
    ["G", 0.04],
  ]);
}

/** Build municipalities, districts and organisations. */
export function buildPlaces(ctx: Ctx): void {
  const rng = ctx.rng("places");
  const t = PLATFORM_START_MS - 30 * DAY;
  ctx.municipalities = MUNICIPALITIES.map((m, i): MunicipalityRec => ({
    id: uuidv7(t + i, rng),
    code: m.code,
    name: m.name,
    cores: [...m.cores],
    postal: m.postal.map((p) => [p[0], p[1]] as [number, number]),
    landlords: m.landlords.map((l) => [l[0], l[1]] as [string, number]),
    seekerShare: m.seekerShare,
    stock: m.stock,
  }));
  const utrecht = ctx.municipalities.findIndex((m) => m.code === "GM0344");
  ctx.districts = UTRECHT_DISTRICTS.map((d, i): DistrictRec => ({
    id: uuidv7(t + 100 + i, rng),
    index: i,
    municipalityIdx: utrecht,
    name: d.name,
    shareOfStock: d.shareOfStock,
  }));
  const orgs: OrgRec[] = [];
  let k = 0;
  for (const l of LANDLORDS) {
    orgs.push({
      id: uuidv7(t + 200 + k++, rng),
      key: l.key,
      kind: "LANDLORD",
      name: l.name,
      slug: l.key,
      municipalityIdx: ctx.municipalities.findIndex((m) => m.code === l.home),
      website: l.website,
    });
  }
  ctx.municipalities.forEach((m, i) => {
    orgs.push({
      id: uuidv7(t + 200 + k++, rng),
      key: `gemeente-${slugify(m.name)}`,
      kind: "MUNICIPALITY",
      name: `Gemeente ${m.name}`,
      slug: `gemeente-${slugify(m.name)}`,
      municipalityIdx: i,
      website: `https://www.${slugify(m.name, "")}.nl`,
    });
  });
  orgs.push({
    id: uuidv7(t + 200 + k++, rng),
    key: "urgentiecommissie",
    kind: "ASSESSING_BODY",
    name: "Urgentiecommissie Regio Utrecht",
    slug: "urgentiecommissie-regio-utrecht",
    municipalityIdx: utrecht,
    website: null,
  });
  orgs.push({
    id: uuidv7(t + 200 + k++, rng),
    key: "platform",
    kind: "PLATFORM",
    name: "Woonbeurt platformbeheer",
    slug: "woonbeurt",
    municipalityIdx: null,
    website: "https://woonbeurt.nl",
  });
  ctx.orgs = orgs;
}

interface ComplexPlan {
  rng: Rng;
  municipalityIdx: number;
  districtIdx: number | null;
  spec: DistrictSpec | null;
  city: string;
  neighbourhood: string | null;
  streets: readonly string[];
  postal: [number, number];
  landlordKey: string;
  units: number;
  kind: "HOUSES" | "FLATS" | "SENIOR" | "STUDIOS" | "UPPER" | "STUDENT";
  buildYear: number;
  maxFloor: number;
  newBuild: boolean;
  middleRent: boolean;
  name?: string;
  isStudentComplex?: boolean;
  woongroepIdx?: number | null;
}

/** Build complexes, woongroepen and dwellings. */
export function buildStock(ctx: Ctx): void {
  const rng = ctx.rng("stock");
  const f = ctx.scale.factor;
  const streetNumbers = new Map<string, number>();
  const dwellings: DwellingRec[] = [];
  const complexes: ComplexRec[] = [];
  const woongroepen: WoongroepRec[] = [];
  const created = PLATFORM_START_MS;

  const nextNumber = (key: string, step: number) => {
    const n = streetNumbers.get(key) ?? 1 + 2 * rng.int(5);
    streetNumbers.set(key, n + step);
    return n;
  };

  const addComplex = (p: ComplexPlan): number => {
    const street = p.rng.pick(p.streets);
    const index = complexes.length;
    const landlordKey = p.kind === "STUDENT" ? "ssh" : p.landlordKey;
    const first = streetNumbers.get(`${p.city}|${street}`) ?? 1;
    const c: ComplexRec = {
      id: uuidv7(created + index, rng),
      index,
      landlordKey,
      name: p.name ?? `${street} ${first}–${first + p.units * (p.kind === "HOUSES" ? 2 : 1)}`,
      municipalityIdx: p.municipalityIdx,
      districtIdx: p.districtIdx,
      isStudentComplex: p.isStudentComplex ?? false,
      woongroepIdx: p.woongroepIdx ?? null,
    };
    complexes.push(c);
    const postalBase = postalCode(p.rng, p.postal);
    const floors = p.kind === "HOUSES" ? 0 : p.maxFloor;
    const elevator =
      p.kind !== "HOUSES" &&
      p.kind !== "UPPER" &&
      (floors >= 4 || p.buildYear >= 1995 || p.kind === "SENIOR");
    let postal = postalBase;
    for (let u = 0; u < p.units; u++) {
      if (u > 0 && u % 18 === 0) postal = postalCode(p.rng, p.postal);
      let floor = 0;
      let type: DwellingType;
      switch (p.kind) {
        case "HOUSES":
          type = "SINGLE_FAMILY_HOUSE";
          break;
        case "UPPER":
          floor = u % 3;
          type = floor === 0 ? "GROUND_FLOOR_APARTMENT" : "UPPER_FLOOR_DWELLING";
          break;
        case "SENIOR":
          floor = u % (floors + 1);
          type = "SENIOR_DWELLING";
          break;
        case "STUDIOS":
        case "STUDENT":
          floor = u % (floors + 1);
          type = "STUDIO";
          break;
        default:
          floor = u % (floors + 1);
          type = floor === 0 ? "GROUND_FLOOR_APARTMENT" : "APARTMENT";
      }
      const suffix = p.kind === "UPPER" && floor > 0 ? (floor === 1 ? "bis" : "A") : null;
      const houseNumber = nextNumber(`${p.city}|${street}`, p.kind === "HOUSES" ? 2 : suffix ? 0 : 1);
      let accessibility: DwellingRec["accessibility"] = "NONE";
      if ((elevator || floor === 0) && p.kind !== "HOUSES" && p.kind !== "UPPER") {
        const r = p.rng.next();
        if (p.kind === "SENIOR") accessibility = r < 0.25 ? "WHEELCHAIR" : "WALKER";
        else if (p.buildYear >= 1990 && r < 0.04) accessibility = "WHEELCHAIR";
        else if (p.buildYear >= 1990 && r < 0.2) accessibility = "WALKER";
      }
      dwellings.push({
        id: uuidv7(created + dwellings.length * 10, rng),
        index: dwellings.length,
        landlordKey,
        complexIdx: index,
        street,
        houseNumber,
        suffix,
        postalCode: postal,
        city: p.city,
        municipalityIdx: p.municipalityIdx,
        districtIdx: p.districtIdx,
        neighbourhood: p.neighbourhood,
        type,
        floor,
        hasElevator: elevator,
        rooms: 0,
        areaM2: 0,
        accessibility,
        energyLabel: energyLabel(p.rng, p.buildYear, p.newBuild),
        netRentCents: 0,
        serviceCostsCents: 0,
        isNewBuild: p.newBuild,
        buildYear: p.buildYear,
        rentClass: p.middleRent ? 4 : -1,
        used: false,
      });
    }
    return index;
  };

  const utrechtIdx = ctx.municipalities.findIndex((m) => m.code === "GM0344");
  const utrecht = ctx.municipalities[utrechtIdx]!;
  const districtCounts = apportion(
    ctx.scale.utrechtStock,
    UTRECHT_DISTRICTS.map((d) => d.shareOfStock),
  );
  const landlordFor = (r: Rng, m: MunicipalityRec, spec: DistrictSpec | null) => {
    const weights = m.landlords.filter(
      ([k]) =>
        k !== "groenwest" ||
        spec === null ||
        spec.name === "Leidsche Rijn" ||
        spec.name === "Vleuten-De Meern",
    );
    return r.weighted(weights);
  };

  // Woongroep and student complexes first (they take part of their district's count).
  const special = new Map<string, number>();
  WOONGROEP_SPECS.forEach((w, wi) => {
    const units = Math.max(10, Math.round(w.units * (f < 1 ? 0.35 : 1)));
    const mIdx = ctx.municipalities.findIndex((m) => m.code === w.municipality);
    const m = ctx.municipalities[mIdx]!;
    const dIdx = w.district ? ctx.districts.findIndex((d) => d.name === w.district) : null;
    const spec = w.district ? UTRECHT_DISTRICT_SPECS.find((s) => s.name === w.district)! : null;
    const cIdx = addComplex({
      rng,
      municipalityIdx: mIdx,
      districtIdx: dIdx,
      spec,
      city: spec?.city ?? m.cores[0]!,
      neighbourhood: spec ? rng.pick(spec.neighbourhoods) : `${m.cores[0]}-Zuid`,
      streets: spec
        ? spec.streets.filter((s) =>
            w.name.includes("Zambesi")
              ? s.startsWith("Zambesi")
              : w.name.includes("Tigris")
                ? s.startsWith("Tigris")
                : true,
          )
        : REGIONAL_STREET_BASES,
      postal: spec ? spec.postal : m.postal[0]!,
      landlordKey: w.landlord,
      units,
      kind: "FLATS",
      buildYear: spec ? rng.intBetween(spec.buildYears[0], spec.buildYears[1]) : 1978,
      maxFloor: 4,
      newBuild: false,
      middleRent: false,
      name: w.name.replace("Woongroep", "Complex"),
      woongroepIdx: wi,
    });
    const dragend = Math.round(w.dragend * (units / w.units));
    woongroepen.push({
      id: uuidv7(created + 50_000 + wi, rng),
      index: wi,
      complexIdx: cIdx,
      name: w.name,
      description: w.description,
      targetDragendShare: w.target,
      dragendResidents: dragend,
      vragendResidents: Math.max(0, units - dragend - 1),
    });
    if (dIdx !== null && dIdx >= 0) special.set(w.district!, (special.get(w.district!) ?? 0) + units);
  });
  const studentUnits = Math.max(12, Math.round(STUDENT_COMPLEX.units * f));
  {
    const spec = UTRECHT_DISTRICT_SPECS.find((s) => s.name === STUDENT_COMPLEX.district)!;
    addComplex({
      rng,
      municipalityIdx: utrechtIdx,
      districtIdx: ctx.districts.findIndex((d) => d.name === STUDENT_COMPLEX.district),
      spec,
      city: "Utrecht",
      neighbourhood: "Science Park",
      streets: ["Cambridgelaan"],
      postal: [3584, 3584],
      landlordKey: "ssh",
      units: studentUnits,
      kind: "STUDENT",
      buildYear: 2005,
      maxFloor: 6,
      newBuild: false,
      middleRent: false,
      name: STUDENT_COMPLEX.name,
      isStudentComplex: true,
    });
    special.set(STUDENT_COMPLEX.district, (special.get(STUDENT_COMPLEX.district) ?? 0) + studentUnits);
  }

  // Utrecht's districts.
  UTRECHT_DISTRICT_SPECS.forEach((spec, di) => {
    let left = districtCounts[di]! - (special.get(spec.name) ?? 0);
    while (left > 0) {
      const r = rng.next();
      const old = spec.buildYears[0] < 1945;
      const kind: ComplexPlan["kind"] =
        r < spec.houseShare
          ? "HOUSES"
          : r < spec.houseShare + 0.06
            ? "SENIOR"
            : old && r < spec.houseShare + 0.4
              ? "UPPER"
              : (spec.name === "Binnenstad" || spec.name === "Oost" || spec.name === "West") && r > 0.85
                ? "STUDIOS"
                : "FLATS";
      const size =
        kind === "HOUSES"
          ? rng.intBetween(8, 36)
          : kind === "FLATS" && spec.name === "Overvecht"
            ? rng.intBetween(40, 180)
            : rng.intBetween(10, 80);
      const units = Math.min(left, Math.max(1, Math.round(size * Math.max(f, 0.25))));
      addComplex({
        rng,
        municipalityIdx: utrechtIdx,
        districtIdx: di,
        spec,
        city: spec.name === "Vleuten-De Meern" ? rng.pick(["Vleuten", "De Meern"]) : spec.city,
        neighbourhood: rng.pick(spec.neighbourhoods),
        streets: spec.streets,
        postal: spec.postal,
        landlordKey: landlordFor(rng, utrecht, spec),
        units,
        kind,
        buildYear: rng.intBetween(spec.buildYears[0], spec.buildYears[1]),
        maxFloor: kind === "UPPER" ? 2 : rng.intBetween(2, spec.maxFloor),
        newBuild: false,
        middleRent: false,
      });
      left -= units;
    }
  });
  // Middle-rent new build in Leidsche Rijn (on top of the social stock).
  {
    const spec = UTRECHT_DISTRICT_SPECS.find((s) => s.name === "Leidsche Rijn")!;
    let left = Math.round(ctx.scale.utrechtStock * 0.012);
    while (left > 0) {
      const units = Math.min(left, Math.max(4, Math.round(rng.intBetween(20, 60) * Math.max(f, 0.25))));
      addComplex({
        rng,
        municipalityIdx: utrechtIdx,
        districtIdx: ctx.districts.findIndex((d) => d.name === "Leidsche Rijn"),
        spec,
        city: "Utrecht",
        neighbourhood: "Leidsche Rijn Centrum",
        streets: spec.streets,
        postal: spec.postal,
        landlordKey: rng.pick(["portaal", "mitros", "bo-ex"]),
        units,
        kind: "FLATS",
        buildYear: rng.intBetween(2023, 2026),
        maxFloor: 8,
        newBuild: true,
        middleRent: true,
      });
      left -= units;
    }
  }

  // Regional municipalities.
  ctx.municipalities.forEach((m, mi) => {
    if (mi === utrechtIdx) return;
    const total = Math.round(m.stock * f);
    const woongroepUnits = complexes
      .filter((c) => c.woongroepIdx !== null && c.municipalityIdx === mi)
      .reduce((s, c) => s + dwellings.filter((d) => d.complexIdx === c.index).length, 0);
    let left = total - woongroepUnits;
    let middle = Math.round(total * 0.015);
    const coreWeights = m.cores.map(
      (_, ci) => [ci, ci === 0 ? 0.7 : 0.3 / Math.max(1, m.cores.length - 1)] as const,
    );
    while (left > 0 || middle > 0) {
      const ci = rng.weighted(coreWeights);
      const core = m.cores[ci]!;
      const isMiddle = left <= 0;
      const r = rng.next();
      const kind: ComplexPlan["kind"] = isMiddle
        ? "FLATS"
        : r < 0.4
          ? "HOUSES"
          : r < 0.48
            ? "SENIOR"
            : "FLATS";
      const size = kind === "HOUSES" ? rng.intBetween(8, 30) : rng.intBetween(12, 70);
      const units = Math.min(isMiddle ? middle : left, Math.max(1, Math.round(size * Math.max(f, 0.25))));
      addComplex({
        rng,
        municipalityIdx: mi,
        districtIdx: null,
        spec: null,
        city: core,
        neighbourhood: ci === 0 ? `${core}-${rng.pick(["Noord", "Zuid", "Oost", "West", "Centrum"])}` : core,
        streets: REGIONAL_STREET_BASES,
        postal: m.postal[ci]!,
        landlordKey: rng.weighted(m.landlords),
        units,
        kind,
        buildYear: isMiddle ? rng.intBetween(2022, 2026) : rng.intBetween(1955, 2018),
        maxFloor: rng.intBetween(2, 6),
        newBuild: isMiddle,
        middleRent: isMiddle,
      });
      if (isMiddle) middle -= units;
      else left -= units;
    }
  });

  // Rent classes. Utrecht: exact quotas (utrechtStock2018.rentClasses), correlated with district,
  // build year and type through a score; the student complex takes the lowest class.
  const quotas = apportion(
    ctx.scale.utrechtStock,
    UTRECHT_RENT_CLASSES.map((c) => c.count),
  );
  const complexNoise = complexes.map(() => rng.normal() * 0.45);
  const utrechtSocial: { d: DwellingRec; score: number }[] = [];
  for (const d of dwellings) {
    if (d.rentClass === 4 || d.municipalityIdx !== utrechtIdx) continue;
    const c = complexes[d.complexIdx!]!;
    if (c.isStudentComplex) {
      d.rentClass = 0;
      quotas[0]! -= 1;
      continue;
    }
    const spec = UTRECHT_DISTRICT_SPECS[d.districtIdx!]!;
    const score =
      spec.rentLevel +
      (d.buildYear - 1975) / 35 +
      complexNoise[c.index]! +
      rng.normal() * 0.35 +
      (d.type === "SINGLE_FAMILY_HOUSE" ? 0.45 : 0) +
      (d.type === "STUDIO" ? -0.8 : 0) +
      (d.hasElevator ? 0.1 : 0);
    utrechtSocial.push({ d, score });
  }
  utrechtSocial.sort((a, b) => a.score - b.score || a.d.index - b.d.index);
  let pos = 0;
  quotas.forEach((q, cls) => {
    for (let i = 0; i < q; i++) utrechtSocial[pos++]!.d.rentClass = cls;
  });
  for (const d of dwellings) {
    if (d.rentClass === 4 || d.municipalityIdx === utrechtIdx) continue;
    d.rentClass = rng.weighted(UTRECHT_RENT_CLASSES.map((c, ci) => [ci, c.share] as const));
  }

  // Rooms, area, rent and service costs per class and type.
  const roomsByClass: [number, number][][] = [
    [
      [1, 0.2],
      [2, 0.55],
      [3, 0.25],
    ],
    [
      [2, 0.3],
      [3, 0.5],
      [4, 0.2],
    ],
    [
      [2, 0.15],
      [3, 0.5],
      [4, 0.35],
    ],
    [
      [3, 0.4],
      [4, 0.45],
      [5, 0.15],
    ],
    [
      [2, 0.35],
      [3, 0.5],
      [4, 0.15],
    ],
  ];
  for (const d of dwellings) {
    const cls = d.rentClass;
    let rooms: number;
    if (d.type === "STUDIO") rooms = 1;
    else if (d.type === "SENIOR_DWELLING")
      rooms = rng.weighted([
        [2, 0.6],
        [3, 0.4],
      ] as const);
    else if (d.type === "SINGLE_FAMILY_HOUSE") rooms = Math.max(3, rng.weighted(roomsByClass[cls]!) + 1);
    else rooms = rng.weighted(roomsByClass[cls]!);
    d.rooms = Math.min(rooms, 6);
    d.areaM2 =
      d.type === "STUDIO"
        ? rng.intBetween(d.complexIdx !== null && complexes[d.complexIdx]!.isStudentComplex ? 18 : 24, 38)
        : Math.round(16 + d.rooms * 17 + (d.type === "SINGLE_FAMILY_HOUSE" ? 12 : 0) + rng.normal() * 6);
    let rent: number;
    if (cls === 4) {
      rent = rng.between(RULES_2019.middleRent.minRent + 5, RULES_2019.middleRent.maxRent);
    } else {
      const c = UTRECHT_RENT_CLASSES[cls]!;
      const lo = cls === 0 ? (d.type === "STUDIO" ? 300 : 330) : c.minRent + 0.01;
      const hi = c.maxRent;
      const u = Math.min(1, Math.max(0, rng.next() * 0.75 + (d.areaM2 - 40) / 300));
      rent = lo + (hi - lo) * u;
    }
    d.netRentCents = Math.min(
      cents(rent),
      cls === 4 ? cents(950) : cents(UTRECHT_RENT_CLASSES[cls]!.maxRent),
    );
    if (cls >= 0 && cls < 4 && cls > 0)
      d.netRentCents = Math.max(d.netRentCents, cents(UTRECHT_RENT_CLASSES[cls]!.minRent) + 1);
    const student = d.complexIdx !== null && complexes[d.complexIdx]!.isStudentComplex;
    d.serviceCostsCents =
      d.type === "SINGLE_FAMILY_HOUSE"
        ? rng.intBetween(0, 10) * 100
        : student
          ? rng.intBetween(4000, 6000)
          : d.hasElevator
            ? rng.intBetween(3500, 7000)
            : rng.intBetween(1200, 4500);
  }
  ctx.complexes = complexes;
  ctx.woongroepen = woongroepen;
  ctx.dwellings = dwellings;
}

/** Write municipalities, districts and organisations. */
export async function writePlaces(db: RawExecutor, ctx: Ctx): Promise<void> {
  const m = new TableWriter(db, "Municipality", cols("id:uuid", "code:text", "name:text", "cores:text[]"));
  for (const r of ctx.municipalities) await m.push([r.id, r.code, r.name, r.cores]);
  await m.flush();
  const d = new TableWriter(
    db,
    "District",
    cols("id:uuid", "municipalityId:uuid", "name:text", "shareOfStock:float8"),
  );
  for (const r of ctx.districts)
    await d.push([r.id, ctx.municipalities[r.municipalityIdx]!.id, r.name, r.shareOfStock]);
  await d.flush();
  const o = new TableWriter(
    db,
    "Organisation",
    cols(
      "id:uuid",
      'kind:"OrganisationKind"',
      "name:text",
      "slug:text",
      "municipalityId:uuid",
      "website:text",
      "createdAt:timestamp",
    ),
  );
  for (const r of ctx.orgs) {
    await o.push([
      r.id,
      r.kind,
      r.name,
      r.slug,
      r.municipalityIdx === null ? null : ctx.municipalities[r.municipalityIdx]!.id,
      r.website,
      new Date(PLATFORM_START_MS),
    ]);
  }
  await o.flush();
}

/** Write complexes, woongroepen and dwellings. */
export async function writeStock(db: RawExecutor, ctx: Ctx): Promise<void> {
  const org = (key: string) => ctx.orgs.find((o) => o.kind === "LANDLORD" && o.key === key)!.id;
  const c = new TableWriter(
    db,
    "Complex",
    cols(
      "id:uuid",
      "landlordId:uuid",
      "name:text",
      "municipalityId:uuid",
      "districtId:uuid",
      "isStudentComplex:bool",
    ),
  );
  for (const r of ctx.complexes) {
    await c.push([
      r.id,
      org(r.landlordKey),
      r.name,
      ctx.municipalities[r.municipalityIdx]!.id,
      r.districtIdx === null ? null : ctx.districts[r.districtIdx]!.id,
      r.isStudentComplex,
    ]);
  }
  await c.flush();
  const w = new TableWriter(
    db,
    "Woongroep",
    cols(
      "id:uuid",
      "complexId:uuid",
      "name:text",
      "description:text",
      "targetDragendShare:float8",
      "dragendResidents:int4",
      "vragendResidents:int4",
    ),
  );
  for (const r of ctx.woongroepen) {
    await w.push([
      r.id,
      ctx.complexes[r.complexIdx]!.id,
      r.name,
      r.description,
      r.targetDragendShare,
      r.dragendResidents,
      r.vragendResidents,
    ]);
  }
  await w.flush();
  const d = new TableWriter(
    db,
    "Dwelling",
    cols(
      "id:uuid",
      "landlordId:uuid",
      "complexId:uuid",
      "street:text",
      "houseNumber:int4",
      "houseNumberSuffix:text",
      "postalCode:text",
      "city:text",
      "municipalityId:uuid",
      "districtId:uuid",
      "neighbourhood:text",
      'type:"DwellingType"',
      "floor:int4",
      "hasElevator:bool",
      "rooms:int4",
      "areaM2:int4",
      'accessibility:"AccessibilityLabel"',
      'energyLabel:"EnergyLabel"',
      "netRentCents:int4",
      "serviceCostsCents:int4",
      "isNewBuild:bool",
      "buildYear:int4",
      "createdAt:timestamp",
    ),
    20_000,
  );
  const landlordIds = new Map(ctx.orgs.filter((o) => o.kind === "LANDLORD").map((o) => [o.key, o.id]));
  for (const r of ctx.dwellings) {
    await d.push([
      r.id,
      landlordIds.get(r.landlordKey)!,
      r.complexIdx === null ? null : ctx.complexes[r.complexIdx]!.id,
      r.street,
      r.houseNumber,
      r.suffix,
      r.postalCode,
      r.city,
      ctx.municipalities[r.municipalityIdx]!.id,
      r.districtIdx === null ? null : ctx.districts[r.districtIdx]!.id,
      r.neighbourhood,
      r.type,
      r.floor,
      r.hasElevator,
      r.rooms,
      r.areaM2,
      r.accessibility,
      r.energyLabel,
      r.netRentCents,
      r.serviceCostsCents,
      r.isNewBuild,
      r.buildYear,
      new Date(PLATFORM_START_MS + r.index * 10),
    ]);
  }
  await d.flush();
}
