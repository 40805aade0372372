/**
 * GraphQL documents typed from the API's schema (`api/schema.graphql`) with gql.tada.
 *
 * Write an operation next to the route that runs it:
 *
 * ```ts
 * import { graphql, typed } from "$lib/graphql";
 * const LISTING = typed(graphql(`query PortalListing($ref: String!) { listing(reference: $ref) { id } }`));
 * const data = await run(event, LISTING, { ref });   // data and variables typed from the schema
 * ```
 *
 * The introspection in `generated/graphql-env.d.ts` is regenerated from the printed SDL by
 * `pnpm --filter @woonbeurt/portal run typecheck` (`gql-tada generate output`), and
 * `gql-tada check` validates every document against it, so an API change that breaks the portal
 * fails the type check. Custom scalars: `Date` (YYYY-MM-DD) and `DateTime` (ISO 8601) arrive as
 * strings, `JSON` as unknown, `Upload` is sent as a multipart file.
 */
import { print } from "@0no-co/graphql.web";
import { initGraphQLTada, type TadaDocumentNode } from "gql.tada";

import type { introspection } from "./generated/graphql-env.d.ts";
import type { Operation } from "./server/operation";

export const graphql = initGraphQLTada<{
  introspection: introspection;
  /** Fragments are plain spreads (no masking): route code reads their fields directly. */
  disableMasking: true;
  scalars: { Date: string; DateTime: string; JSON: unknown; Upload: File | null };
}>();

/** The fields every business error has (`Error` interface), for `... on Error` in result unions. */
export const ErrorFields = graphql(`
  fragment ErrorFields on Error {
    message
    code
  }
`);

/** Per-field issues of a `ValidationError`, for results whose union includes it. */
export const ValidationFields = graphql(`
  fragment ValidationFields on ValidationError {
    issues {
      path
      field
      message
    }
  }
`);

export type { FragmentOf, ResultOf, VariablesOf } from "gql.tada";

/**
 * The TypeScript type of a named schema type: an enum's values (`SchemaType<"DwellingType">`), a
 * scalar's, or an input object's fields (`SchemaType<"ListingFilter">`), read from the schema.
 */
export type SchemaType<Name extends string> = ReturnType<typeof graphql.scalar<Name>>;
export { readFragment } from "gql.tada";

/**
 * The portal's {@link Operation} for a gql.tada document: its name (the document must define
 * exactly one named operation) and printed text, with result and variable types carried over.
 * Throws at module load when the document has no named operation.
 */
export function typed<R, V>(doc: TadaDocumentNode<R, V>): Operation<R, V> {
  const op = doc.definitions.find((d) => d.kind === "OperationDefinition");
  const name = op && "name" in op ? op.name?.value : undefined;
  if (!name) throw new Error("gql.tada document without a named operation");
  return { name, document: print(doc) };
}
