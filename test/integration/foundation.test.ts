/**
 * Foundation: migrations apply to an empty database, the generated client matches them, and the
 * database rejects what it must.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, testAdminUrl, type TestDatabase } from "../support/db.ts";
import { ensureDatabase, dropDatabase, migrateDeploy, withDatabase } from "../../prisma/src/index.ts";
import path from "node:path";
import { repoRoot } from "../../prisma/src/index.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

async function minimalListing(db: TestDatabase["db"], overrides: Record<string, unknown> = {}) {
  const municipality = await db.municipality.create({
    data: { code: `GM${Math.random().toString().slice(2, 6)}`, name: "Utrecht" },
  });
  const org = await db.organisation.create({
    data: {
      kind: "LANDLORD",
      name: `Corp ${Math.random()}`,
      slug: `corp-${Math.random().toString(36).slice(2)}`,
    },
  });
  const dwelling = await db.dwelling.create({
    data: {
      landlordId: org.id,
      street: "Teststraat",
      houseNumber: 1,
      postalCode: "3500AA",
      city: "Utrecht",
      municipalityId: municipality.id,
      type: "APARTMENT",
      rooms: 2,
      areaM2: 50,
      netRentCents: 50000,
    },
  });
  return db.listing.create({
    data: {
      reference: `T-${Math.random().toString(36).slice(2)}`,
      dwellingId: dwelling.id,
      landlordId: org.id,
      title: "Test",
      allocationModel: "AANBOD",
      netRentCents: 50000,
      closesAt: new Date(Date.now() + 86400000),
      ...overrides,
    },
  });
}

async function minimalSeeker(db: TestDatabase["db"]) {
  const user = await db.user.create({
    data: {
      email: `s${Math.random().toString(36).slice(2)}@example.org`,
      passwordHash: "x",
      kind: "SEEKER",
      displayName: "S",
    },
  });
  return db.seeker.create({
    data: {
      userId: user.id,
      firstName: "A",
      lastName: "B",
      birthDate: new Date("1990-01-01"),
      registrationDate: new Date("2015-01-01"),
    },
  });
}

/** Tables, columns, enums, indexes and foreign keys of a database, normalised for comparison. */
async function catalog(client: pg.Client) {
  const q = async (sql: string) =>
    (await client.query(sql)).rows.map((r) => Object.values(r).join("|")).sort();
  return {
    columns: await q(
      "select table_name, column_name, udt_name, is_nullable, coalesce(column_default,'') from information_schema.columns where table_schema='public' and table_name <> '_prisma_migrations'",
    ),
    enums: await q(
      "select t.typname, e.enumlabel, e.enumsortorder from pg_enum e join pg_type t on t.oid = e.enumtypid",
    ),
    indexes: await q(
      "select tablename, indexdef from pg_indexes where schemaname='public' and tablename <> '_prisma_migrations' and indexname <> 'Offer_one_pending_per_listing'",
    ),
    foreignKeys: await q(
      "select conrelid::regclass::text, pg_get_constraintdef(oid) from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace",
    ),
  };
}

/** Run the Prisma CLI and return its standard output. */
async function runPrismaCliOutput(args: string[], url: string): Promise<string> {
  const { execFile } = await import("node:child_process");
  return new Promise((resolve, reject) =>
    execFile(
      path.join(repoRoot(), "prisma", "node_modules", ".bin", "prisma"),
      args,
      {
        cwd: path.join(repoRoot(), "prisma"),
        env: {
          ...process.env,
          DATABASE_URL: url,
          PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
          PRISMA_QUERY_ENGINE_LIBRARY: "/bin/true",
        },
        maxBuffer: 32 * 1024 * 1024,
      },
      (err, stdout, stderr) => (err ? reject(new Error(stderr || String(err))) : resolve(stdout)),
    ),
  );
}

describe("migrations", () => {
  it("apply to an empty database with `prisma migrate deploy` and leave no drift from schema.prisma", async () => {
    const name = `fresh_${Date.now().toString(36)}`;
    const admin = testAdminUrl();
    await ensureDatabase(admin, name);
    try {
      const url = withDatabase(admin, name);
      await migrateDeploy(url);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const tables = await client.query(
        "select table_name from information_schema.tables where table_schema='public' and table_name <> '_prisma_migrations' order by 1",
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining([
          "Seeker",
          "Listing",
          "Response",
          "UrgencyApplication",
          "Letting",
          "RuleSet",
          "AuditLog",
          "Session",
        ]),
      );
      await client.end();
      // The schema the client is generated from, as SQL, applied to a second empty database,
      // must give the same tables, columns, enums, indexes and foreign keys as the committed
      // migrations (CHECK constraints and the partial index are migration-only extras).
      const script = await runPrismaCliOutput(
        [
          "migrate",
          "diff",
          "--from-empty",
          "--to-schema-datamodel",
          path.join(repoRoot(), "prisma", "schema.prisma"),
          "--script",
        ],
        url,
      );
      await ensureDatabase(admin, `${name}_schema`);
      const fromSchema = new pg.Client({ connectionString: withDatabase(admin, `${name}_schema`) });
      await fromSchema.connect();
      await fromSchema.query(script);
      const migrated = new pg.Client({ connectionString: url });
      await migrated.connect();
      const [a, b] = await Promise.all([catalog(migrated), catalog(fromSchema)]);
      await Promise.all([migrated.end(), fromSchema.end()]);
      expect(a).toEqual(b);
    } finally {
      await dropDatabase(admin, name);
      await dropDatabase(admin, `${name}_schema`);
    }
  });

  it("generated client reads and writes every core model", async () => {
    const listing = await minimalListing(t.db);
    const seeker = await minimalSeeker(t.db);
    const response = await t.db.response.create({ data: { listingId: listing.id, seekerId: seeker.id } });
    const loaded = await t.db.response.findUniqueOrThrow({
      where: { id: response.id },
      include: { listing: { include: { dwelling: true } }, seeker: true },
    });
    expect(loaded.listing.dwelling.netRentCents).toBe(50000);
    expect(loaded.seeker.householdSize).toBe(1);
  });
});

describe("the database rejects", () => {
  it("a second response by the same seeker on the same listing", async () => {
    const listing = await minimalListing(t.db);
    const seeker = await minimalSeeker(t.db);
    await t.db.response.create({ data: { listingId: listing.id, seekerId: seeker.id } });
    await expect(
      t.db.response.create({ data: { listingId: listing.id, seekerId: seeker.id } }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("a negative rent on a listing or dwelling", async () => {
    await expect(minimalListing(t.db, { netRentCents: -1 })).rejects.toThrow(/Listing_netRent_nonnegative/);
    const listing = await minimalListing(t.db);
    await expect(
      t.db.dwelling.update({ where: { id: listing.dwellingId }, data: { netRentCents: -100 } }),
    ).rejects.toThrow(/Dwelling_netRent_nonnegative/);
  });

  it("an unknown state", async () => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      await expect(client.query(`update "Listing" set status = 'ARCHIVED'`)).rejects.toThrow(
        /invalid input value for enum/,
      );
    } finally {
      await client.end();
    }
  });

  it("a household maximum below its minimum and a negative income", async () => {
    await expect(minimalListing(t.db, { householdMin: 3, householdMax: 2 })).rejects.toThrow(
      /Listing_household_range/,
    );
    const seeker = await minimalSeeker(t.db);
    await expect(
      t.db.seeker.update({ where: { id: seeker.id }, data: { householdIncomeCents: -1 } }),
    ).rejects.toThrow(/Seeker_income_nonnegative/);
  });

  it("a granted urgency declaration without validity, and deletion of audit entries", async () => {
    const seeker = await minimalSeeker(t.db);
    await expect(
      t.db.urgencyApplication.create({
        data: { seekerId: seeker.id, category: "CHRONIC_MEDICAL", status: "GRANTED" },
      }),
    ).rejects.toThrow(/UrgencyApplication_granted_complete/);
    await t.db.auditLog.create({
      data: { actorRole: "TEST", action: "READ", entityType: "X", entityId: "1" },
    });
    await t.db.auditLog.deleteMany({});
    expect(await t.db.auditLog.count()).toBe(1);
  });
});
