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
  poolOf,
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

/**
 * Count every statement sent on a test client's connections — through Prisma or on its pool with
 * plain node-postgres, BEGIN and COMMIT included, as the API benchmark's counting proxy sees them
 * (Prisma's query events leave out BEGIN and statements run on the pool). Call before the client
 * opens its first connection (right after {@link createTestDatabase}).
 *
 * @param onStatement - called with each statement's SQL as it is sent
 * @returns `count()`, the statements so far, and `texts`, their SQL in order
 */
export function countStatements(
  db: TestDatabase["db"],
  onStatement?: (sql: string) => void,
): { count(): number; texts: string[] } {
  let n = 0;
  const texts: string[] = [];
  poolOf(db).on("connect", (client: { query: (...args: unknown[]) => unknown }) => {
    const query = client.query.bind(client);
    client.query = (...args: unknown[]) => {
      n += 1;
      const first = args[0] as string | { text?: string } | undefined;
      const sql = typeof first === "string" ? first : String(first?.text ?? "");
      texts.push(sql);
      onStatement?.(sql);
      return query(...args);
    };
  });
  return { count: () => n, texts };
}
