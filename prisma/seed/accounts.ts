/**
 * Staff accounts and the demo accounts (one per role, documented passwords).
 *
 * Demo passwords are hashed with argon2id at the OWASP parameters (m = 19456 KiB, t = 2, p = 1),
 * with a salt drawn from the seed's PRNG so that two runs write identical rows. Generated
 * accounts (seekers, staff) get an unusable hash: the literal prefix `!` marks "no password set";
 * no argon2 verifier accepts it, so nobody can sign in to them.
 *
 * @module
 */
import { hash } from "@node-rs/argon2";
import type { StaffRole } from "../generated/prisma/enums.ts";
import { TableWriter, USER_COLUMNS, cols, type RawExecutor } from "./bulk.ts";
import { DAY, cents, dayOfYmd, type Ctx, type SeekerRec } from "./model.ts";
import { makeSeeker } from "./people.ts";
import { uuidv7, type Rng } from "./random.ts";
import { PLATFORM_START_MS } from "./stock.ts";

/** Password of every demo account. */
export const DEMO_PASSWORD = "Woonbeurt-demo-2026";

/** A demo account: how to sign in and what it shows. */
export interface DemoAccount {
  email: string;
  password: string;
  /** `SEEKER` or a staff role. */
  role: "SEEKER" | StaffRole;
  /** Organisation of a staff account (name), or null for seekers. */
  organisation: string | null;
  /** What the account is for. */
  purpose: string;
}

/**
 * The demo accounts the seed creates (both scales). All use {@link DEMO_PASSWORD}.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: "zoeker@demo.woonbeurt.nl",
    password: DEMO_PASSWORD,
    role: "SEEKER",
    organisation: null,
    purpose:
      "Sanne Jansen, 41, mover (doorstromer) with a family of 4 leaving a 4-room social rental flat in Utrecht, registered 2013-03-01 (~13.7 years), verpleegkundige (vital profession) working in Utrecht, income EUR 36,400 (verified tax statement): ~6 ACTIVE responses on published listings (one with mover priority, woongroep listings with a motivation, a lottery), in the past year one declined offer and four unsuccessful responses with final positions, an urgency application IN_REVIEW (mantelzorg) and an earlier REJECTED one.",
  },
  {
    email: "starter@demo.woonbeurt.nl",
    password: DEMO_PASSWORD,
    role: "SEEKER",
    organisation: null,
    purpose:
      "Yusuf El Amrani, 24, starter living with his parents in Utrecht, registered 2020-09-01 (~6.2 years), income EUR 24,800 (payslips): three ACTIVE responses on published listings including a lottery, and a DRAFT urgency application.",
  },
  {
    email: "urgentie@demo.woonbeurt.nl",
    password: DEMO_PASSWORD,
    role: "SEEKER",
    organisation: null,
    purpose:
      "Fatima Bouzid, 34, single parent with one child in a domestic-violence shelter (starter), registered 2023-02-10: urgency GRANTED on 2026-11-02 with the default search profile (apartments from the 1st floor), valid until 2027-05-02; her responses on listings inside the profile rank in the urgency tier, above all regular candidates.",
  },
  {
    email: "verhuur.mitros@demo.woonbeurt.nl",
    password: DEMO_PASSWORD,
    role: "LANDLORD_STAFF",
    organisation: "Mitros",
    purpose:
      "Landlord staff of Mitros: listings (draft, published, closed, offering), ranked candidates, offers, lettings.",
  },
  {
    email: "verhuur.portaal@demo.woonbeurt.nl",
    password: DEMO_PASSWORD,
    role: "LANDLORD_STAFF",
    organisation: "Portaal",
    purpose:
      "Landlord staff of Portaal (a second corporation: sees only Portaal's listings; also a closed one and one offering).",
  },
  {
    email: "verhuur.boex@demo.woonbeurt.nl",
    password: DEMO_PASSWORD,
    role: "LANDLORD_STAFF",
    organisation: "Bo-Ex",
    purpose: "Landlord staff of Bo-Ex.",
  },
  {
    email: "beoordelaar@demo.woonbeurt.nl",
    password: DEMO_PASSWORD,
    role: "ASSESSOR",
    organisation: "Urgentiecommissie Regio Utrecht",
    purpose:
      "Assessor (urgentiecommissie): applications SUBMITTED and IN_REVIEW to decide, and earlier decisions (granted, rejected, expired).",
  },
  {
    email: "commissie@demo.woonbeurt.nl",
    password: DEMO_PASSWORD,
    role: "COMMITTEE_MEMBER",
    organisation: "Mitros",
    purpose:
      "Committee member of Woongroep De Zambesi: motivations on its open listing, some already judged.",
  },
  {
    email: "beheerder@demo.woonbeurt.nl",
    password: DEMO_PASSWORD,
    role: "ADMINISTRATOR",
    organisation: "Woonbeurt platformbeheer",
    purpose:
      "Administrator (platform): rule set version 1 (2019 defaults, in force from 2019-01-01), organisations, staff accounts.",
  },
];

/** A staff user to write. */
export interface StaffUserRec {
  id: string;
  email: string;
  passwordHash: string;
  displayName: string;
  createdMs: number;
  memberships: { orgKey: string; role: StaffRole; woongroepIdx: number | null }[];
}

/** Deterministic argon2id hash (OWASP parameters, PRNG salt). */
async function demoHash(password: string, rng: Rng): Promise<string> {
  const salt = new Uint8Array(16);
  for (let i = 0; i < 16; i++) salt[i] = rng.int(256);
  return hash(password, {
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
    outputLen: 32,
    algorithm: 2,
    salt,
  });
}

/** Build and hash staff users (generated and demo); fills ctx.landlordStaff / assessors / committee / admin. */
export async function buildStaff(ctx: Ctx): Promise<StaffUserRec[]> {
  const rng = ctx.rng("staff");
  const users: StaffUserRec[] = [];
  let t = PLATFORM_START_MS + DAY;
  const add = async (
    email: string,
    displayName: string,
    memberships: StaffUserRec["memberships"],
    demo: boolean,
  ): Promise<StaffUserRec> => {
    const u: StaffUserRec = {
      id: uuidv7(t, rng),
      email,
      passwordHash: demo ? await demoHash(DEMO_PASSWORD, rng) : `!no-password:${rng.hex(16)}`,
      displayName,
      createdMs: t,
      memberships,
    };
    t += 60_000;
    users.push(u);
    return u;
  };
  const names = [
    "Ingrid Mulder",
    "Jeroen Dekker",
    "Karin Bos",
    "Rachid Benali",
    "Petra Visser",
    "Mark de Wit",
    "Esther Kok",
  ];
  for (const o of ctx.orgs.filter((x) => x.kind === "LANDLORD")) {
    const ids: string[] = [];
    for (let i = 1; i <= 2; i++) {
      const u = await add(
        `verhuur${i}@${o.key}.example`,
        `${rng.pick(names)} (${o.name})`,
        [{ orgKey: o.key, role: "LANDLORD_STAFF", woongroepIdx: null }],
        false,
      );
      ids.push(u.id);
    }
    ctx.landlordStaff.set(o.key, ids);
  }
  for (let i = 1; i <= 3; i++) {
    const u = await add(
      `beoordelaar${i}@urgentiecommissie.example`,
      `Beoordelaar ${i}`,
      [{ orgKey: "urgentiecommissie", role: "ASSESSOR", woongroepIdx: null }],
      false,
    );
    ctx.assessors.push(u.id);
  }
  for (const w of ctx.woongroepen) {
    const landlord = ctx.complexes[w.complexIdx]!.landlordKey;
    const u = await add(
      `commissie@woongroep-${w.index + 1}.example`,
      `Commissielid ${w.name}`,
      [{ orgKey: landlord, role: "COMMITTEE_MEMBER", woongroepIdx: w.index }],
      false,
    );
    ctx.committee.set(w.index, [u.id]);
  }
  // Demo staff.
  const mitros = await add(
    "verhuur.mitros@demo.woonbeurt.nl",
    "Ingrid Mulder (Mitros)",
    [{ orgKey: "mitros", role: "LANDLORD_STAFF", woongroepIdx: null }],
    true,
  );
  ctx.landlordStaff.get("mitros")!.unshift(mitros.id);
  const portaal = await add(
    "verhuur.portaal@demo.woonbeurt.nl",
    "Jeroen Dekker (Portaal)",
    [{ orgKey: "portaal", role: "LANDLORD_STAFF", woongroepIdx: null }],
    true,
  );
  ctx.landlordStaff.get("portaal")!.unshift(portaal.id);
  const boex = await add(
    "verhuur.boex@demo.woonbeurt.nl",
    "Karin Bos (Bo-Ex)",
    [{ orgKey: "bo-ex", role: "LANDLORD_STAFF", woongroepIdx: null }],
    true,
  );
  ctx.landlordStaff.get("bo-ex")!.unshift(boex.id);
  const assessor = await add(
    "beoordelaar@demo.woonbeurt.nl",
    "Rachid Benali (Urgentiecommissie)",
    [{ orgKey: "urgentiecommissie", role: "ASSESSOR", woongroepIdx: null }],
    true,
  );
  ctx.assessors.unshift(assessor.id);
  const zambesi = ctx.woongroepen.find((w) => w.name === "Woongroep De Zambesi")!;
  const committee = await add(
    "commissie@demo.woonbeurt.nl",
    "Petra Visser (Woongroep De Zambesi)",
    [
      {
        orgKey: ctx.complexes[zambesi.complexIdx]!.landlordKey,
        role: "COMMITTEE_MEMBER",
        woongroepIdx: zambesi.index,
      },
    ],
    true,
  );
  ctx.committee.get(zambesi.index)!.unshift(committee.id);
  const admin = await add(
    "beheerder@demo.woonbeurt.nl",
    "Mark de Wit (beheer)",
    [{ orgKey: "platform", role: "ADMINISTRATOR", woongroepIdx: null }],
    true,
  );
  ctx.adminUserId = admin.id;
  return users;
}

/** Write staff users and their memberships (after woongroepen exist). */
export async function writeStaff(db: RawExecutor, ctx: Ctx, users: StaffUserRec[]): Promise<void> {
  const rng = ctx.rng("staff-rows");
  const u = new TableWriter(db, "User", USER_COLUMNS);
  for (const r of users)
    await u.push([
      r.id,
      r.email,
      r.passwordHash,
      "STAFF",
      r.displayName,
      "nl",
      new Date(r.createdMs),
      new Date(r.createdMs),
      new Date(r.createdMs),
    ]);
  await u.flush();
  const m = new TableWriter(
    db,
    "StaffMembership",
    cols(
      "id:uuid",
      "userId:uuid",
      "organisationId:uuid",
      'role:"StaffRole"',
      "woongroepId:uuid",
      "createdAt:timestamp",
    ),
  );
  for (const r of users) {
    for (const ms of r.memberships) {
      const org = ctx.orgs.find((o) => o.key === ms.orgKey)!;
      await m.push([
        uuidv7(r.createdMs, rng),
        r.id,
        org.id,
        ms.role,
        ms.woongroepIdx === null ? null : ctx.woongroepen[ms.woongroepIdx]!.id,
        new Date(r.createdMs),
      ]);
    }
  }
  await m.flush();
}

/**
 * The demo seekers (fixed attributes; see {@link DEMO_ACCOUNTS}). Appended to ctx.seekers.
 * Returns them keyed by demo name.
 */
export async function buildDemoSeekers(ctx: Ctx): Promise<Map<string, SeekerRec>> {
  const rng = ctx.rng("demo-seekers");
  const out = new Map<string, SeekerRec>();
  const utrecht = ctx.municipalities.findIndex((m) => m.code === "GM0344");
  const make = async (key: string, email: string, mover: boolean, patch: (s: SeekerRec) => void) => {
    const s = makeSeeker(ctx, rng, ctx.seekers.length, { mover });
    patch(s);
    s.email = email;
    s.passwordHash = await demoHash(DEMO_PASSWORD, rng);
    s.demo = key;
    s.activity = 0;
    s.householdSize = s.members.length + 1;
    s.incomeCents = s.incomes[s.incomes.length - 1]!.cents;
    s.createdMs = Math.max(s.regDay * DAY, PLATFORM_START_MS) + 9 * 3600 * 1000;
    s.id = uuidv7(s.createdMs, rng);
    s.userId = uuidv7(s.createdMs, rng);
    s.updatedMs = ctx.nowMs - 3 * DAY;
    for (const inc of s.incomes) {
      inc.createdMs = Math.max(inc.createdMs, s.createdMs);
      if (inc.verifiedMs !== null) inc.verifiedMs = inc.createdMs + 4 * DAY;
    }
    ctx.seekers.push(s);
    out.set(key, s);
  };
  await make("zoeker", "zoeker@demo.woonbeurt.nl", true, (s) => {
    s.firstName = "Sanne";
    s.lastName = "Jansen";
    s.birthDay = dayOfYmd(1985, 4, 17);
    s.phone = "0612345678";
    s.regDay = dayOfYmd(2013, 3, 1);
    s.retained = 0;
    s.currentKind = "INDEPENDENT_RENTAL";
    s.currentRooms = 4;
    s.currentSocial = true;
    s.municipalityIdx = utrecht;
    s.core = "Utrecht";
    s.workMunicipalityIdx = utrecht;
    s.vitalProfession = "verpleegkundige";
    s.accessibilityNeed = "NONE";
    s.isStudent = false;
    s.members = [
      { role: "PARTNER", firstName: "Mark", birthDay: dayOfYmd(1983, 9, 2) },
      { role: "CHILD", firstName: "Noah", birthDay: dayOfYmd(2014, 6, 11) },
      { role: "CHILD", firstName: "Saar", birthDay: dayOfYmd(2017, 1, 23) },
    ];
    s.incomes = [
      {
        year: 2024,
        cents: cents(34900),
        source: "TAX_STATEMENT",
        verified: true,
        verifiedMs: Date.UTC(2025, 5, 3, 10),
        createdMs: Date.UTC(2025, 5, 1, 10),
      },
      {
        year: 2025,
        cents: cents(36400),
        source: "TAX_STATEMENT",
        verified: true,
        verifiedMs: Date.UTC(2026, 4, 22, 10),
        createdMs: Date.UTC(2026, 4, 20, 10),
      },
    ];
  });
  await make("starter", "starter@demo.woonbeurt.nl", false, (s) => {
    s.firstName = "Yusuf";
    s.lastName = "El Amrani";
    s.birthDay = dayOfYmd(2002, 8, 30);
    s.phone = "0687654321";
    s.regDay = dayOfYmd(2020, 9, 1);
    s.retained = 0;
    s.currentKind = "WITH_PARENTS";
    s.currentRooms = null;
    s.currentSocial = false;
    s.municipalityIdx = utrecht;
    s.core = "Utrecht";
    s.workMunicipalityIdx = utrecht;
    s.vitalProfession = null;
    s.accessibilityNeed = "NONE";
    s.isStudent = false;
    s.members = [];
    s.incomes = [
      {
        year: 2025,
        cents: cents(24800),
        source: "PAYSLIPS",
        verified: true,
        verifiedMs: Date.UTC(2026, 2, 12, 10),
        createdMs: Date.UTC(2026, 2, 10, 10),
      },
    ];
  });
  await make("urgentie", "urgentie@demo.woonbeurt.nl", false, (s) => {
    s.firstName = "Fatima";
    s.lastName = "Bouzid";
    s.birthDay = dayOfYmd(1992, 2, 14);
    s.phone = null;
    s.regDay = dayOfYmd(2023, 2, 10);
    s.retained = 0;
    s.currentKind = "INSTITUTION";
    s.currentRooms = null;
    s.currentSocial = false;
    s.municipalityIdx = utrecht;
    s.core = "Utrecht";
    s.workMunicipalityIdx = null;
    s.vitalProfession = null;
    s.accessibilityNeed = "NONE";
    s.isStudent = false;
    s.members = [{ role: "CHILD", firstName: "Amira", birthDay: dayOfYmd(2020, 5, 3) }];
    s.incomes = [
      {
        year: 2025,
        cents: cents(19600),
        source: "BENEFIT_STATEMENT",
        verified: true,
        verifiedMs: Date.UTC(2026, 8, 2, 10),
        createdMs: Date.UTC(2026, 8, 1, 10),
      },
    ];
  });
  return out;
}
