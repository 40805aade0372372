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
import type { TokenScope } from "@woonbeurt/db";
import PrismaTypes, { getDatamodel } from "@woonbeurt/db/pothos-types";
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
    seeker: TokenScope | "SESSION_ONLY";
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

/** plugin-prisma: fail loudly in development and test when a resolver ignores `query` (N+1). */
const onUnusedQuery = process.env.NODE_ENV === "production" ? null : ("error" as const);

export const builder = new SchemaBuilder<WoonbeurtSchemaTypes>({
  plugins: [RelayPlugin, ErrorsPlugin, ScopeAuthPlugin, PrismaPlugin, SimpleObjectsPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    nodeQueryOptions: {
      description:
        "Fetch any object that implements Node by its global ID (null when absent or not visible).",
    },
    nodesQueryOptions: { description: "Fetch several objects by global ID." },
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
builder.scalarType("Upload", {
  description: "A file sent with the GraphQL multipart request specification.",
  serialize: () => {
    throw new Error("Upload is input-only");
  },
});
