/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Small test fixtures: organisations, staff, seekers, dwellings and listings created directly in
 * the test database, plus a helper that runs GraphQL operations through `yoga.fetch`.
 */
import type { Db } from "@woonbeurt/db";
import { hashPassword } from "../src/auth/password.ts";
import { createSession } from "../src/auth/session.ts";
import { createApp } from "../src/server.ts";
import { encodeGlobal } from "../src/schema/common.ts";

export const PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | null = null;
const hashed = () => (passwordHash ??= hashPassword(PASSWORD));
let n = 0;
const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export { encodeGlobal as gid };

export type App = ReturnType<typeof createApp>;

export interface GqlResult<T = any> {
  status: number;
  data: T;
  errors?: { message: string; extensions?: { code?: string }; path?: (string | number)[] }[];
}

/** Run an operation. */
export async function gql<T = any>(
  app: App,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GqlResult<T>> {
  const res = await app.fetch("http://test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: GqlResult["errors"] };
  return { status: res.status, data: body.data, errors: body.errors };
}

export class Fixtures {
  constructor(readonly db: Db) {}

  async municipality() {
    const m = await this.db.municipality.create({
      data: { code: `GM${uniq()}`, name: `Gemeente ${uniq()}` },
    });
    const district = await this.db.district.create({
      data: { municipalityId: m.id, name: `Wijk ${uniq()}` },
    });
    return { municipality: m, district };
  }

  organisation(kind: "LANDLORD" | "MUNICIPALITY" | "ASSESSING_BODY" | "PLATFORM" = "LANDLORD") {
    const u = uniq();
    return this.db.organisation.create({ data: { kind, name: `Org ${u}`, slug: `org-${u}` } });
  }

  /** A staff user with one role; returns a session token. */
  async staff(
    role: "LANDLORD_STAFF" | "ASSESSOR" | "COMMITTEE_MEMBER" | "ADMINISTRATOR",
    organisationId: string,
    woongroepId?: string,
  ) {
    const user = await this.db.user.create({
      data: {
        email: `staff-${uniq()}@example.org`,
        passwordHash: await hashed(),
        kind: "STAFF",
        displayName: "Staff",
      },
    });
    await this.db.staffMembership.create({
      data: { userId: user.id, organisationId, role, woongroepId: woongroepId ?? null },
    });
    const { token } = await createSession(user.id);
    return { user, token };
  }

  /** A seeker with a session token. */
  async seeker(
    o: {
      income?: number;
      householdSize?: number;
      birthDate?: string;
      registrationDate?: string;
      email?: string;
      session?: boolean;
    } = {},
  ) {
    const user = await this.db.user.create({
      data: {
        email: o.email ?? `seeker-${uniq()}@example.org`,
        passwordHash: await hashed(),
        kind: "SEEKER",
        displayName: "Seeker",
      },
    });
    const seeker = await this.db.seeker.create({
      data: {
        userId: user.id,
        firstName: "Sam",
        lastName: `Zoeker${uniq()}`,
        birthDate: new Date(o.birthDate ?? "1990-05-01"),
        registrationDate: new Date(o.registrationDate ?? "2015-03-01"),
        householdSize: o.householdSize ?? 1,
        householdIncomeCents: Math.round((o.income ?? 30000) * 100),
      },
    });
    const token = o.session === false ? "" : (await createSession(user.id)).token;
    return { user, seeker, token };
  }

  async dwelling(
    landlordId: string,
    o: {
      rent?: number;
      rooms?: number;
      complexId?: string;
      municipalityId?: string;
      districtId?: string;
    } = {},
  ) {
    const place = o.municipalityId
      ? { municipality: { id: o.municipalityId }, district: { id: o.districtId ?? null } }
      : await this.municipality();
    return this.db.dwelling.create({
      data: {
        landlordId,
        street: "Teststraat",
        houseNumber: Math.floor(Math.random() * 500) + 1,
        postalCode: "3500AA",
        city: "Utrecht",
        municipalityId: place.municipality.id,
        districtId: place.district.id ?? null,
        type: "APARTMENT",
        floor: 2,
        rooms: o.rooms ?? 2,
        areaM2: 55,
        netRentCents: Math.round((o.rent ?? 550) * 100),
        complexId: o.complexId ?? null,
      },
    });
  }

  /** A listing (default: published AANBOD, closing in 7 days). */
  async listing(
    landlordId: string,
    o: {
      status?: "DRAFT" | "PUBLISHED" | "CLOSED" | "OFFERING" | "LET" | "WITHDRAWN";
      model?: "AANBOD" | "LOTERIJ" | "WOONGROEP" | "BEMIDDELING";
      rent?: number;
      closesAt?: Date;
      dwellingId?: string;
      complexId?: string;
      municipalityId?: string;
      districtId?: string;
    } = {},
  ) {
    const dwelling = o.dwellingId
      ? await this.db.dwelling.findUniqueOrThrow({ where: { id: o.dwellingId } })
      : await this.dwelling(landlordId, {
          rent: o.rent,
          complexId: o.complexId,
          municipalityId: o.municipalityId,
          districtId: o.districtId,
        });
    const status = o.status ?? "PUBLISHED";
    return this.db.listing.create({
      data: {
        reference: `T-${uniq()}`,
        dwellingId: dwelling.id,
        landlordId,
        title: "Tweekamerappartement",
        allocationModel: o.model ?? "AANBOD",
        status,
        netRentCents: dwelling.netRentCents,
        publishedAt: status === "DRAFT" ? null : new Date(Date.now() - 86400000),
        closesAt: o.closesAt ?? new Date(Date.now() + 7 * 86400000),
        priorityRules: ["URGENCY"],
      },
    });
  }

  async woongroep(landlordId: string) {
    const { municipality, district } = await this.municipality();
    const complex = await this.db.complex.create({
      data: {
        landlordId,
        name: `Complex ${uniq()}`,
        municipalityId: municipality.id,
        districtId: district.id,
      },
    });
    const woongroep = await this.db.woongroep.create({
      data: {
        complexId: complex.id,
        name: "Woongroep De Linde",
        description: "Samen wonen",
        targetDragendShare: 0.5,
      },
    });
    return { complex, woongroep, municipality, district };
  }
}
