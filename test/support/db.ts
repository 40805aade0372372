/**
 * Per-test-file databases cloned from the migrated template (see global-setup.ts).
 *
 * ```ts
 * const t = await createTestDatabase();   // fresh, migrated, empty
 * t.db.seeker.findMany(...)
 * afterAll(() => t.drop());
 * ```
 */
import { inject } from "vitest";
import {
  createPrismaClient,
  dropDatabase,
  ensureDatabase,
  withDatabase,
  type Db,
} from "../../prisma/src/index.ts";

export interface TestDatabase {
  /** Connection string of this test file's database. */
  url: string;
  /** Name of the database. */
  name: string;
  /** A PrismaClient on it. */
  db: Db;
  /** Disconnect and drop the database. */
  drop(): Promise<void>;
}

let counter = 0;

/** Create an empty, migrated database for this test file. */
export async function createTestDatabase(opts: { logQueries?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await ensureDatabase(adminUrl, name, inject("pgTemplate"));
  const url = withDatabase(adminUrl, name);
  const db = createPrismaClient({ url, logQueries: opts.logQueries });
  return {
    url,
    name,
    db,
    drop: async () => {
      await db.$disconnect();
      await dropDatabase(adminUrl, name);
    },
  };
}

/** Admin connection string of the test cluster (maintenance database). */
export function testAdminUrl(): string {
  return inject("pgAdminUrl");
}
