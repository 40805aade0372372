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
 * - `nodes(ids:)` by the number of ids it is given: a list literal's length at validation; a
 *   variable's actual length when the request executes ({@link useCostLimit} recomputes the cost
 *   with the variable values before anything runs); at most {@link MAX_NODE_IDS} ids
 *   (`extensions.code = TOO_MANY_IDS` beyond);
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
  getOperationAST,
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
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
/** Most ids `nodes(ids:)` accepts in one call (beyond: TOO_MANY_IDS, nothing runs). */
export const MAX_NODE_IDS = 100;
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
 * Number of ids a `nodes` field asks for: a list literal's length; a variable's length from
 * `variables` (unknown at validation: 1, the smallest, since the execution check recomputes it);
 * a single literal (input coercion makes it a list of one) 1.
 */
function nodeIdCount(field: FieldNode, variables: Readonly<Record<string, unknown>> | undefined): number {
  const v = field.arguments?.find((a) => a.name.value === "ids")?.value;
  if (!v) return 0;
  if (v.kind === Kind.LIST) return v.values.length;
  if (v.kind === Kind.VARIABLE) {
    const value = variables?.[v.name.value];
    return Array.isArray(value) ? value.length : 1;
  }
  return 1;
}

/** What {@link analyzeOperation} finds. */
export interface OperationAnalysis {
  /** Estimated cost (see the module comment). */
  cost: number;
  /** Most ids any `nodes` field of the operation asks for (0 when none). */
  maxNodeIds: number;
  /** Whether some `nodes` field takes its ids from a variable (its count is known only at execution). */
  nodeIdsFromVariables: boolean;
}

/**
 * The cost of one operation under the model above.
 *
 * @param fragments - the document's fragment definitions by name
 * @param variables - the request's variable values, when known (execution); at validation they
 *   are not, and `nodes(ids: $v)` counts as one id
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables?: Readonly<Record<string, unknown>>,
): number {
  return analyzeOperation(schema, operation, fragments, variables).cost;
}

/** {@link operationCost} with what it found about `nodes(ids:)`. */
export function analyzeOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables?: Readonly<Record<string, unknown>>,
): OperationAnalysis {
  const found = { maxNodeIds: 0, nodeIdsFromVariables: false };
  const root =
    operation.operation === "query"
      ? schema.getQueryType()
      : operation.operation === "mutation"
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return { cost: 0, ...found };

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
    let items = !isListType(getNullableType(def.type))
      ? 1
      : inConnection
        ? 1
        : (LIST_SIZE[key] ?? DEFAULT_LIST_SIZE);
    if (key === "Query.nodes") {
      items = nodeIdCount(node, variables);
      found.maxNodeIds = Math.max(found.maxNodeIds, items);
      if (node.arguments?.some((a) => a.name.value === "ids" && a.value.kind === Kind.VARIABLE))
        found.nodeIdsFromVariables = true;
    }
    return extra + (OBJECT_COST + children) * items;
  };

  // `inConnection` is true only for the direct children of a connection (edges, nodes, pageInfo):
  // fieldCost sets it for its own selection only, so it never reaches further down.
  const cost = selectionCost(root, operation.selectionSet, false, new Set());
  return { cost, ...found };
}

/** The errors an analysed operation earns (cost above `maxCost`, too many ids), none when fine. */
function limitErrors(
  a: OperationAnalysis,
  maxCost: number,
  operation: OperationDefinitionNode,
): GraphQLError[] {
  const errors: GraphQLError[] = [];
  if (a.maxNodeIds > MAX_NODE_IDS)
    errors.push(
      new GraphQLError(
        `nodes(ids:) accepts at most ${MAX_NODE_IDS} ids; this operation asks for ${a.maxNodeIds}.`,
        {
          nodes: [operation],
          extensions: { code: "TOO_MANY_IDS", ids: a.maxNodeIds, maxIds: MAX_NODE_IDS },
        },
      ),
    );
  const cost = Math.round(a.cost);
  if (cost > maxCost)
    errors.push(
      new GraphQLError(
        `Query cost ${cost} exceeds the limit of ${maxCost}: request fewer items (first/last) or fewer nested lists.`,
        { nodes: [operation], extensions: { code: "QUERY_TOO_COSTLY", cost, maxCost } },
      ),
    );
  return errors;
}

const fragmentsOf = (document: DocumentNode) =>
  new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );

/**
 * A validation rule rejecting operations above `maxCost` (message names the cost and the limit;
 * `extensions.code = QUERY_TOO_COSTLY`) or with more than {@link MAX_NODE_IDS} literal ids in a
 * `nodes` field (`TOO_MANY_IDS`).
 */
export function costLimitRule(maxCost = MAX_QUERY_COST): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(operation) {
        const analysis = analyzeOperation(context.getSchema(), operation, fragments);
        for (const error of limitErrors(analysis, maxCost, operation)) context.reportError(error);
      },
    };
  };
}

/**
 * The yoga/envelop plugin adding {@link costLimitRule} to validation and, for operations whose
 * `nodes(ids:)` come from variables, the same check with the actual variable values before
 * execution (the validation result is cached per document, so it cannot see them).
 */
export function useCostLimit(maxCost = MAX_QUERY_COST): Plugin {
  // per parsed operation (yoga keeps parsed documents): whether its `nodes(ids:)` read variables
  const nodeIdsFromVariables = new WeakMap<OperationDefinitionNode, boolean>();
  return {
    onValidate: ({ addValidationRule }) => {
      addValidationRule(costLimitRule(maxCost));
    },
    onExecute: ({ args, setResultAndStopExecution }) => {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      let fromVariables = nodeIdsFromVariables.get(operation);
      if (fromVariables === undefined) {
        fromVariables = analyzeOperation(
          args.schema,
          operation,
          fragmentsOf(args.document),
        ).nodeIdsFromVariables;
        nodeIdsFromVariables.set(operation, fromVariables);
      }
      if (!fromVariables) return;
      const fragments = fragmentsOf(args.document);
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const errors = limitErrors(
        analyzeOperation(args.schema, operation, fragments, variables),
        maxCost,
        operation,
      );
      if (errors.length) setResultAndStopExecution({ errors });
    },
  };
}
