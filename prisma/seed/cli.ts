/**
 * Seed the database with the calibrated regional dataset.
 *
 * ```sh
 * pnpm --filter @woonbeurt/db run seed                          # small, into an empty database
 * pnpm --filter @woonbeurt/db run seed -- --scale region --reset
 * ```
 *
 * Options: `--scale small|region` (default small), `--reset` (empty all tables first, in the same
 * transaction), `--seed <int>`, `--now <ISO date>`. Uses `DATABASE_URL` when set, otherwise the
 * embedded PostgreSQL in `.data/postgres`; applies migrations first. Refuses a non-empty database
 * without `--reset`. Prints counts per table, distributions against their targets, elapsed time
 * per phase and the demo accounts. Exits non-zero on failure (then nothing was written).
 *
 * @module
 */
import { createPrismaClient, migrateDeploy, resolveDatabase, type ResolvedDatabase } from "../src/index.ts";
import { DEMO_ACCOUNTS, DatabaseNotEmptyError, formatReport, seed } from "./index.ts";

interface Args {
  scale: "small" | "region";
  reset: boolean;
  seed?: number;
  now?: Date;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { scale: "small", reset: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--") continue;
    else if (a === "--reset") args.reset = true;
    else if (a.startsWith("--scale")) {
      const v = value();
      if (v !== "small" && v !== "region") throw new Error(`--scale must be small or region, not ${v}`);
      args.scale = v;
    } else if (a.startsWith("--seed")) {
      const v = Number(value());
      if (!Number.isInteger(v)) throw new Error("--seed must be an integer");
      args.seed = v;
    } else if (a.startsWith("--now")) {
      const v = new Date(value());
      if (Number.isNaN(v.getTime())) throw new Error("--now must be an ISO date, e.g. 2026-11-21T12:00:00Z");
      args.now = v;
    } else if (a === "--help" || a === "-h") {
      console.log("usage: seed [--scale small|region] [--reset] [--seed N] [--now ISO-date]");
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return args;
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`seed: ${(e as Error).message}`);
    return 2;
  }
  let database: ResolvedDatabase | undefined;
  const stop = async () => {
    await database?.stop().catch(() => {});
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  process.once("SIGTERM", () => void stop().then(() => process.exit(143)));
  const started = performance.now();
  try {
    database = await resolveDatabase();
    console.log(`Database: ${database.embedded ? "embedded PostgreSQL (.data/postgres)" : "DATABASE_URL"}`);
    await migrateDeploy(database.url);
    console.log(`Migrations applied (${((performance.now() - started) / 1000).toFixed(1)} s).`);
    const db = createPrismaClient({ url: database.url, max: 2 });
    try {
      const report = await seed(db, {
        scale: args.scale,
        reset: args.reset,
        seed: args.seed,
        now: args.now,
        log: (line) => console.log(`… ${line}`),
      });
      console.log("");
      console.log(formatReport(report));
      console.log("");
      console.log(`Demo accounts (password for all: ${DEMO_ACCOUNTS[0]!.password}):`);
      for (const a of DEMO_ACCOUNTS) {
        console.log(
          `  ${a.email.padEnd(36)} ${a.role.padEnd(17)} ${(a.organisation ?? "").padEnd(32)} ${a.purpose}`,
        );
      }
      console.log("");
      console.log(
        `Seeded scale ${report.scale} in ${((performance.now() - started) / 1000).toFixed(1)} s (migrations included).`,
      );
      return 0;
    } finally {
      await db.$disconnect();
    }
  } catch (e) {
    if (e instanceof DatabaseNotEmptyError) {
      console.error(`seed: refused — ${e.message}. Run with --reset to replace the data.`);
      return 1;
    }
    console.error("seed: FAILED — the transaction was rolled back; the database is unchanged.");
    console.error(e);
    return 1;
  } finally {
    await stop();
  }
}

process.exit(await main());
