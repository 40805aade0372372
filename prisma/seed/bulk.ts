/**
 * Bulk writes for the seed: rows are buffered column by column as PostgreSQL array-literal
 * elements and written with one `INSERT … SELECT … FROM unnest(…)` per batch — one parameter per
 * column, however many rows — through the Prisma client's raw query API, so they run inside the
 * seed's transaction. About 30,000–100,000 rows per second here, bound by the server's index
 * maintenance rather than by the client.
 *
 * @module
 */

/** The part of a Prisma client (or transaction client) the writer needs. */
export interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

/**
 * Column type as PostgreSQL spells it for the cast: `uuid`, `text`, `int4`, `int8`, `float8`,
 * `bool`, `timestamp` (stored as `timestamp(3)`), `date`, `jsonb`, `bytea`, an enum type name in
 * double quotes (`"ResponseStatus"`), or an array of text or enum (`text[]`, `"PriorityRule"[]`).
 */
export type ColumnType = string;

/** A column: its name and type. */
export interface Column {
  name: string;
  type: ColumnType;
}

/** A value the writer accepts. Dates become ISO text (UTC); arrays only for array columns. */
export type CellValue = string | number | boolean | Date | null | undefined | readonly (string | number)[];

const quote = (s: string): string => '"' + s.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';

function element(value: CellValue, type: ColumnType): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`non-finite number for a ${type} column`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "t" : "f";
  if (value instanceof Date) {
    const iso = value.toISOString();
    return type === "date" ? iso.slice(0, 10) : iso.slice(0, 23);
  }
  if (Array.isArray(value)) return quote("{" + value.map((v) => quote(String(v))).join(",") + "}");
  return quote(String(value));
}

/**
 * A buffered writer for one table. `push` a row (values in column order); it writes a batch when
 * `batchSize` rows are buffered; `flush` writes the rest. Rows are written in push order.
 */
export class TableWriter {
  private readonly cells: string[][];
  private rows = 0;
  /** Rows written so far (flushed). */
  written = 0;
  private readonly sql: string;

  constructor(
    private readonly db: RawExecutor,
    readonly table: string,
    private readonly columns: readonly Column[],
    private readonly batchSize = 25_000,
  ) {
    this.cells = columns.map(() => []);
    const names = columns.map((c) => `"${c.name}"`).join(", ");
    const aliases = columns.map((_, i) => `c${i}`);
    const casts = columns
      .map((c, i) => `c${i}::${c.type === "timestamp" ? "timestamp(3)" : c.type}`)
      .join(", ");
    const params = columns.map((_, i) => `$${i + 1}::text::text[]`).join(", ");
    this.sql = `INSERT INTO "${table}" (${names}) SELECT ${casts} FROM unnest(${params}) AS t(${aliases.join(", ")})`;
  }

  /** Rows buffered and not yet written. */
  get buffered(): number {
    return this.rows;
  }

  /** Buffer one row; may write a batch. */
  async push(values: readonly CellValue[]): Promise<void> {
    if (values.length !== this.columns.length) {
      throw new Error(`${this.table}: ${values.length} values for ${this.columns.length} columns`);
    }
    for (let i = 0; i < values.length; i++) this.cells[i]!.push(element(values[i], this.columns[i]!.type));
    this.rows += 1;
    if (this.rows >= this.batchSize) await this.flush();
  }

  /** Write the buffered rows. */
  async flush(): Promise<void> {
    await this.take()();
  }

  /**
   * Hand over the buffered rows: returns a function that writes them (the buffer is empty
   * again at once, so the caller can keep pushing while that write runs).
   */
  take(): () => Promise<void> {
    if (this.rows === 0) return async () => {};
    const params = this.cells.map((col) => "{" + col.join(",") + "}");
    for (const col of this.cells) col.length = 0;
    const n = this.rows;
    this.rows = 0;
    return async () => {
      const inserted = await this.db.$executeRawUnsafe(this.sql, ...params);
      if (inserted !== n) throw new Error(`${this.table}: inserted ${inserted} of ${n} rows`);
      this.written += n;
    };
  }
}

/** Shorthand for a column list: `cols("id:uuid", "name:text", "status:\"ResponseStatus\"")`. */
export function cols(...specs: string[]): Column[] {
  return specs.map((s) => {
    const i = s.indexOf(":");
    return { name: s.slice(0, i), type: s.slice(i + 1) };
  });
}

/** Columns of the `User` table as the seed writes them (seekers and staff alike). */
export const USER_COLUMNS = cols(
  "id:uuid",
  "email:text",
  "passwordHash:text",
  'kind:"AccountKind"',
  "displayName:text",
  "locale:text",
  "createdAt:timestamp",
  "updatedAt:timestamp",
  // confirmed at creation: seeded accounts count as verified (and the column's now() default
  // would make the seed differ from run to run)
  "emailVerifiedAt:timestamp",
);
