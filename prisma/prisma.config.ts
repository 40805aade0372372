/**
 * Prisma CLI configuration for machines without Prisma's native schema engine.
 *
 * `migrate dev|deploy|diff` run through the WebAssembly schema engine shipped in the npm package
 * (`engine: "js"` + a driver adapter). Two shims for @prisma/adapter-pg 6.19, see
 * ../shared/recipes/prisma-offline.md: catalogue column types it cannot decode are read as text,
 * and the shadow database for `migrate dev` gets a database of its own.
 */
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// OIDs @prisma/adapter-pg 6.19 maps itself; any other built-in type is read as text.
const KNOWN = new Set([
  16, 17, 20, 21, 23, 25, 26, 114, 142, 143, 199, 650, 651, 700, 701, 790, 791, 869, 1000, 1001, 1005, 1007,
  1009, 1014, 1015, 1016, 1021, 1022, 1028, 1040, 1041, 1042, 1043, 1082, 1083, 1114, 1115, 1182, 1183, 1184,
  1185, 1231, 1266, 1270, 1560, 1561, 1562, 1563, 1700, 2950, 2951, 3802, 3807,
]);

class CatalogTolerantPool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async query(...args: any[]): Promise<any> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result: any = await (super.query as any)(...args);
    for (const f of result?.fields ?? [])
      if (f.dataTypeID < 16384 && !KNOWN.has(f.dataTypeID)) f.dataTypeID = 25;
    return result;
  }
}

const databaseUrl = () => {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      "DATABASE_URL is not set: run the CLI through scripts/prisma-cli.ts, which starts the embedded server",
    );
  return url;
};
const withDatabase = (u: string, db: string) => {
  const x = new URL(u);
  x.pathname = `/${db}`;
  return x.toString();
};

const migrationAdapter = {
  provider: "postgres" as const,
  adapterName: "@prisma/adapter-pg",
  connect: () => new PrismaPg(new CatalogTolerantPool({ connectionString: databaseUrl() })).connect(),
  async connectToShadowDb() {
    const url = databaseUrl();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const name = `shadow_${Date.now()}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    const pool = new CatalogTolerantPool({ connectionString: withDatabase(url, name) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const adapter: any = await new PrismaPg(pool).connect();
    const dispose = adapter.dispose?.bind(adapter);
    adapter.dispose = async () => {
      await dispose?.();
      await pool.end().catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
    return adapter;
  },
};

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  adapter: async () => migrationAdapter as any,
});
