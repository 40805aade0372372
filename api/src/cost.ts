/**
 * Query cost limit: a validation rule that estimates the work an operation asks for and rejects
 * it above {@link MAX_QUERY_COST} before anything runs. It replaces graphql-armor's cost limit,
 * whose model (cost × 1.5 per nesting level, `first` honoured only as a literal) rejected the
 * portal's dashboard at 100 items while letting `first: $n` through at the cost of one item.
 *
 * The model, in "objects resolved":
 * - every field returning an object costs 1, a scalar or enum 0 (they come with their row);
 * - fields whose resolver computes something cost extra ({@link FIELD_COST}: positions, eligibility,
 *   ranked candidate lists, statistics, …);
 * - a field's cost (its own plus its selection's) is multiplied by how many items it returns:
 *   for a connection, `first`/`last` (a literal; a variable counts as the maximum page, 100, so the
 *   estimate never depends on variable values and can be cached with the document; no argument =
 *   the default page, 20), once — `edges` and `node` inside do not multiply again; for other
 *   lists, a per-field expected size ({@link LIST_SIZE}, default {@link DEFAULT_LIST_SIZE});
 * - nesting multiplies (a list inside a list costs size × size); fragments count where they are
 *   spread; every inline fragment of a union counts (the worst case is the sum);
 * - introspection (`__schema`, `__type`) is free, as GraphiQL needs it.
 *
 * With the limit at 10,000: the portal's dashboard with 100 responses (each with its positions and
 * listing card), 20 urgency applications and the offers costs ~2,500-3,500; 100 listing cards
 * with the viewer's eligibility and position ~2,800; a listing page with everything ~40.
 * Rejected: 15 aliased 100-listing pages with positions (~27,000), lottery entries under 100
 * responses (~20,000) or candidate lists of 100 listings (~25,000) — a few hundred rows each per
 * item — and, generally, lists nested in lists.
 *
 * @module
 */
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";

/** Highest cost an operation may have. */
export const MAX_QUERY_COST = 10_000;
/** Items a connection returns without `first`/`last` (plugin-prisma `defaultConnectionSize`). */
export const DEFAULT_PAGE_SIZE = 20;
/** Most items a connection returns (plugin-prisma `maxConnectionSize`); also a variable's count. */
export const MAX_PAGE_SIZE = 100;
/** Expected size of a list field not in {@link LIST_SIZE}. */
export const DEFAULT_LIST_SIZE = 10;
/** Cost of a field returning an object. */
const OBJECT_COST = 1;

/**
 * Extra cost of fields whose resolver does real work, per item (`Type.field`). Roughly: 10 = ranks
 * a listing's candidates in memory; 50 = loads and ranks a whole listing or aggregates a year.
 */
export const FIELD_COST: Readonly<Record<string, number>> = {
  "Listing.viewerPosition": 10,
  "Response.position": 10,
  "Listing.viewerEligibility": 3,
  "Listing.criteria": 1,
  "Listing.candidates": 50,
  "Listing.incomeLimit": 1,
  "PositionEstimate.historicalMedianAbsoluteError": 1,
  "PositionEstimate.historicalIntervalCoverage": 1,
  "Seeker.eligibleListings": 50,
  "Query.statistics": 50,
};

/** Expected sizes of list fields that are not connections (`Type.field`); others {@link DEFAULT_LIST_SIZE}. */
export const LIST_SIZE: Readonly<Record<string, number>> = {
  "LotteryDraw.entries": 200,
  "CandidateList.ranked": 100,
  "CandidateList.excluded": 50,
  "Listing.offers": 5,
  "Seeker.offers": 10,
  "Query.municipalities": 30,
  "Municipality.districts": 15,
  "Query.nodes": MAX_PAGE_SIZE,
};

const isConnection = (t: GraphQLCompositeType) => t.name.endsWith("Connection");

function pageSize(field: FieldNode): number {
  const arg = field.arguments?.find((a) => a.name.value === "first" || a.name.value === "last");
  if (!arg) return DEFAULT_PAGE_SIZE;
  const v: ValueNode = arg.value;
  if (v.kind === Kind.INT) return Math.min(Math.max(Number.parseInt(v.value, 10) || 0, 0), MAX_PAGE_SIZE);
  if (v.kind === Kind.NULL) return DEFAULT_PAGE_SIZE;
  return MAX_PAGE_SIZE; // a variable: assume the largest page
}

/**
 * The cost of one operation under the model above.
 *
 * @param fragments - the document's fragment definitions by name
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): number {
  const root =
    operation.operation === "query"
      ? schema.getQueryType()
      : operation.operation === "mutation"
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return 0;

  const selectionCost = (
    parent: GraphQLCompositeType,
    set: SelectionSetNode,
    inConnection: boolean,
    spreading: ReadonlySet<string>,
  ): number => {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        total += fieldCost(parent, sel, inConnection, spreading);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        if (t && isCompositeType(t)) total += selectionCost(t, sel.selectionSet, inConnection, spreading);
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (!fragment || spreading.has(name)) continue; // unknown or cyclic: other rules report it
        const t = schema.getType(fragment.typeCondition.name.value);
        if (t && isCompositeType(t))
          total += selectionCost(t, fragment.selectionSet, inConnection, new Set([...spreading, name]));
      }
    }
    return total;
  };

  const fieldCost = (
    parent: GraphQLCompositeType,
    node: FieldNode,
    inConnection: boolean,
    spreading: ReadonlySet<string>,
  ): number => {
    const name = node.name.value;
    if (name === "__schema" || name === "__type" || name === "__typename") return 0;
    const def: GraphQLField<unknown, unknown> | undefined =
      isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
    if (!def) return 0; // unknown field: FieldsOnCorrectType reports it
    const key = `${parent.name}.${name}`;
    const named = getNamedType(def.type);
    // The resolver runs once per parent: its extra cost is not multiplied by the items it returns.
    const extra = FIELD_COST[key] ?? 0;
    if (!node.selectionSet || !isCompositeType(named)) return extra;
    const connection = isConnection(named);
    const children = selectionCost(named, node.selectionSet, connection, spreading);
    // A connection object once, its edges per item of the page.
    if (connection) return extra + OBJECT_COST + children * pageSize(node);
    // Lists inside a connection (edges, nodes) are already counted by the page.
    const items = !isListType(getNullableType(def.type))
      ? 1
      : inConnection
        ? 1
        : (LIST_SIZE[key] ?? DEFAULT_LIST_SIZE);
    return extra + (OBJECT_COST + children) * items;
  };

  // `inConnection` is true only for the direct children of a connection (edges, nodes, pageInfo):
  // fieldCost sets it for its own selection only, so it never reaches further down.
  return selectionCost(root, operation.selectionSet, false, new Set());
}

/** A validation rule rejecting operations above `maxCost` (message names the cost and the limit). */
export function costLimitRule(maxCost = MAX_QUERY_COST): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    return {
      OperationDefinition(operation) {
        const cost = operationCost(context.getSchema(), operation, fragments);
        if (cost > maxCost)
          context.reportError(
            new GraphQLError(
              `Query cost ${Math.round(cost)} exceeds the limit of ${maxCost}: request fewer items (first/last) or fewer nested lists.`,
              {
                nodes: [operation],
                extensions: { code: "QUERY_TOO_COSTLY", cost: Math.round(cost), maxCost },
              },
            ),
          );
      },
    };
  };
}

/** The yoga/envelop plugin adding {@link costLimitRule} to validation. */
export function useCostLimit(maxCost = MAX_QUERY_COST): Plugin {
  return {
    onValidate: ({ addValidationRule }) => {
      addValidationRule(costLimitRule(maxCost));
    },
  };
}
