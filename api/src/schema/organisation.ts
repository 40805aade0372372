/** Organisations, municipalities and districts: public reference data. */
import { builder } from "./builder.ts";
import { OrganisationKindEnum } from "./common.ts";
import { db } from "../db.ts";

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
    description: "All municipalities with their districts (for listing filters). Public.",
    resolve: (query) => db().municipality.findMany({ ...query, orderBy: { name: "asc" } }),
  }),
}));
