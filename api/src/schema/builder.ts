/**
 * The Pothos schema builder: plugins and their options only — no types are defined here
 * (domain files in this folder add them; schema/index.ts imports them and calls toSchema()).
 *
 * Plugin order matters: relay first (auth scopes then see decoded global IDs), errors before
 * scope-auth (so an authorization failure on a mutation becomes the typed NotAuthorizedError of
 * its result union), then scope-auth before the resolvers' own plugins.
 */
import SchemaBuilder from "@pothos/core";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import SimpleObjectsPlugin from "@pothos/plugin-simple-objects";
import InputTextPlugin from "./input-text.ts";
import type { TokenScope } from "@woonbeurt/db";
import PrismaTypes, { getDatamodel } from "@woonbeurt/db/pothos-types";
import { GraphQLError, isObjectType, type GraphQLSchema } from "graphql";
import { DateResolver, DateTimeResolver, JSONResolver } from "graphql-scalars";
import {
  committeeWoongroepIds,
  hasRole,
  hasSeekerScope,
  landlordOrgIds,
  type Context,
} from "../auth/context.ts";
import { db } from "../db.ts";
import { NotAuthorizedError } from "./errors.ts";

/** Builder generics, named so domain files and tests can refer to them. */
export interface WoonbeurtSchemaTypes {
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  AuthScopes: {
    /** Anyone, signed in or not. */
    public: boolean;
    /** Any authenticated caller. */
    signedIn: boolean;
    /** A seeker; a session may do everything, a personal access token needs the named scope. */
    seeker: TokenScope | "SESSION_ONLY" | "URGENCY_WRITE";
    /** Landlord staff of any organisation. */
    landlord: boolean;
    /** Landlord staff of this organisation (id). */
    landlordOf: string;
    /** Committee member of any woongroep. */
    committee: boolean;
    /** Committee member of this woongroep (id). */
    committeeOf: string;
    /** Urgency assessor. */
    assessor: boolean;
    /** Administrator. */
    admin: boolean;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    Upload: { Input: File; Output: never };
  };
}

/** A row id as the database stores it (UUID, any version). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a parsed global ID can name a row: its type is an object type implementing Node and its
 * id a UUID (every Node model has a UUID key). Anything else would reach PostgreSQL as an invalid
 * uuid or name a type without a loader.
 */
function loadableGlobalId(
  id: { typename: string; id: unknown } | null | undefined,
  schema: GraphQLSchema,
): boolean {
  if (!id || typeof id.id !== "string" || !UUID_PATTERN.test(id.id)) return false;
  const type = schema.getType(id.typename);
  return isObjectType(type) && type.getInterfaces().some((i) => i.name === "Node");
}

/**
 * The result of a `prismaField` resolver that has no row to load (e.g. `viewer` for an anonymous
 * caller): null, after reading `query` so that plugin-prisma's unused-query check (which throws in
 * development and tests, see `onUnusedQuery`) knows the selection was not forgotten. Runs no query.
 */
export function noRow(query: object): null {
  for (const key of Object.keys(query)) void (query as Record<string, unknown>)[key];
  return null;
}

/** plugin-prisma: fail loudly in development and test when a resolver ignores `query` (N+1). */
const onUnusedQuery = process.env.NODE_ENV === "production" ? null : ("error" as const);

export const builder = new SchemaBuilder<WoonbeurtSchemaTypes>({
  // InputTextPlugin after ErrorsPlugin: its ValidationError lands in the result unions.
  plugins: [RelayPlugin, ErrorsPlugin, ScopeAuthPlugin, InputTextPlugin, PrismaPlugin, SimpleObjectsPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    nodeQueryOptions: {
      description:
        "Fetch any object that implements Node by its global ID (null when absent, not visible, of a type that is no Node, or not a well-formed ID).",
      resolve: (_root, args, _ctx, info, resolveNode) =>
        loadableGlobalId(args.id, info.schema) ? resolveNode(args.id) : null,
    },
    nodesQueryOptions: {
      description:
        "Fetch several objects by global ID, at most 100 (more: error TOO_MANY_IDS). Each slot is null on its own when that object is absent, not visible or its ID malformed.",
      resolve: (_root, args, _ctx, info, resolveNodes) => {
        // The helper resolves `args.ids`: blank out the ids no row can have, so that one bad id
        // gives null in its slot instead of failing the whole list.
        (args as { ids: unknown[] }).ids = args.ids.map((id) =>
          loadableGlobalId(id, info.schema) ? id : null,
        );
        return resolveNodes(args.ids);
      },
    },
    nodeTypeOptions: { description: "An object with a global ID (Relay)." },
    pageInfoTypeOptions: { description: "Pagination state of a connection (Relay)." },
    defaultConnectionTypeOptions: {
      description: "A page of results (Relay connection); `totalCount` counts all matches.",
    },
    defaultEdgeTypeOptions: { description: "One result and its cursor." },
  },
  prisma: {
    client: () => db(),
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery,
    maxConnectionSize: 100,
    defaultConnectionSize: 20,
  },
  errors: {
    defaultTypes: [NotAuthorizedError],
    defaultUnionOptions: {
      description: "The mutation's outcome: its Success type, or one of the errors (all implement `Error`).",
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
    },
    defaultResultOptions: {
      description: "The mutation succeeded.",
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Success`,
    },
  },
  scopeAuth: {
    unauthorizedError: () => new NotAuthorizedError(),
    authScopes: (ctx) => ({
      public: true,
      signedIn: !!ctx.viewer,
      seeker: (scope) => hasSeekerScope(ctx.viewer, scope),
      landlord: landlordOrgIds(ctx.viewer).length > 0,
      landlordOf: (orgId) => landlordOrgIds(ctx.viewer).includes(orgId),
      committee: committeeWoongroepIds(ctx.viewer).length > 0,
      committeeOf: (id) => committeeWoongroepIds(ctx.viewer).includes(id),
      assessor: hasRole(ctx.viewer, "ASSESSOR"),
      admin: hasRole(ctx.viewer, "ADMINISTRATOR"),
    }),
  },
});

builder.addScalarType("DateTime", DateTimeResolver, {
  description: "An instant, ISO 8601 with time zone (e.g. 2026-05-01T12:00:00Z).",
});
builder.addScalarType("Date", DateResolver, { description: "A calendar date, YYYY-MM-DD." });
builder.addScalarType("JSON", JSONResolver, { description: "Arbitrary JSON (rule set parameters)." });
/** Whether a value is a file of a multipart request (the fetch API's File, whichever implementation). */
const isFile = (v: unknown): v is File =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as File).name === "string" &&
  typeof (v as File).size === "number" &&
  typeof (v as File).arrayBuffer === "function";

builder.scalarType("Upload", {
  description:
    "A file sent with the GraphQL multipart request specification. Any other value (a string, a literal in the query) is refused as an invalid variable value.",
  serialize: () => {
    throw new Error("Upload is input-only");
  },
  parseValue: (v) => {
    if (isFile(v)) return v;
    throw new GraphQLError(
      "Upload: expected a file sent as a multipart request part (GraphQL multipart request spec)",
    );
  },
  parseLiteral: () => {
    throw new GraphQLError(
      "Upload: a file cannot be written in the query; send it as a multipart request part",
    );
  },
});
