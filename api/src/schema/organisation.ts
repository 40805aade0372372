/** Organisations, municipalities and districts: public reference data. */
import { builder } from "./builder.ts";
import { OrganisationKindEnum } from "./common.ts";
import { db } from "../db.ts";
import { onInvalidation } from "../invalidation.ts";

/**
 * How long the municipalities with their districts are kept per process (milliseconds). The API
 * never writes them (the seed and migrations do); kept at most this long, and forgotten on every
 * public write ("publicReads").
 */
export const MUNICIPALITIES_MAX_AGE_MS = 60_000;

/** At most this many different selections of `municipalities` are kept. */
const KEPT_SELECTIONS = 8;

let municipalitiesKept = new Map<string, { at: number; rows: Promise<unknown[]> }>();
onInvalidation("publicReads", () => {
  municipalitiesKept = new Map();
});

/**
 * `municipalities` as Prisma answers `query` (with the districts it asks for), kept per selection
 * for {@link MUNICIPALITIES_MAX_AGE_MS}: every listings page asks for them, so they cost no
 * statement on most requests. The rows are shared between requests and never changed.
 */
function keptMunicipalities<T>(query: object, read: () => Promise<T[]>): Promise<T[]> {
  const key = JSON.stringify(query);
  const kept = municipalitiesKept.get(key);
  if (kept && Date.now() - kept.at < MUNICIPALITIES_MAX_AGE_MS) return kept.rows as Promise<T[]>;
  const rows = read();
  const map = municipalitiesKept;
  if (map.size < KEPT_SELECTIONS || map.has(key)) {
    const entry = { at: Date.now(), rows };
    map.set(key, entry);
    rows.catch(() => {
      if (map.get(key) === entry) map.delete(key);
    });
  }
  return rows;
}

export const Organisation = builder.prismaNode("Organisation", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description:
    "An organisation taking part in allocation: a landlord (woningcorporatie), municipality, assessing body or the platform. Public.",
  fields: (t) => ({
    name: t.exposeString("name", { description: "Name." }),
    slug: t.exposeString("slug", { description: "URL-safe short name." }),
    kind: t.expose("kind", { type: OrganisationKindEnum, description: "Kind of organisation." }),
    website: t.exposeString("website", { nullable: true, description: "Website URL." }),
    municipality: t.relation("municipality", { nullable: true, description: "Home municipality, when any." }),
  }),
});

export const Municipality = builder.prismaNode("Municipality", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description: "A municipality (gemeente).",
  fields: (t) => ({
    code: t.exposeString("code", { description: "CBS code, e.g. GM0344 (Utrecht)." }),
    name: t.exposeString("name", { description: "Name." }),
    cores: t.exposeStringList("cores", {
      description: "Kernen within the municipality (local binding [003]).",
    }),
    districts: t.relation("districts", {
      description: "Districts (wijken).",
      query: { orderBy: { name: "asc" } },
    }),
  }),
});

export const District = builder.prismaNode("District", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description: "A district (wijk).",
  fields: (t) => ({
    name: t.exposeString("name", { description: "Name." }),
    shareOfStock: t.exposeFloat("shareOfStock", {
      nullable: true,
      description: "Share of the municipality's social rental stock, 0..1 [004].",
    }),
    municipality: t.relation("municipality", { description: "Municipality of the district." }),
  }),
});

builder.queryFields((t) => ({
  organisations: t.prismaConnection({
    type: "Organisation",
    cursor: "id",
    description: "Organisations, by name. Public.",
    args: { kind: t.arg({ type: OrganisationKindEnum, required: false, description: "Only this kind." }) },
    resolve: (query, _root, args) =>
      db().organisation.findMany({
        ...query,
        where: args.kind ? { kind: args.kind } : {},
        orderBy: [{ name: "asc" }, { id: "asc" }],
      }),
  }),
  municipalities: t.prismaField({
    type: ["Municipality"],
    description:
      "All municipalities with their districts (for listing filters), by name. Public; kept by each API process for at most a minute (the API never changes them).",
    resolve: (query) =>
      keptMunicipalities(query, () => db().municipality.findMany({ ...query, orderBy: { name: "asc" } })),
  }),
}));
