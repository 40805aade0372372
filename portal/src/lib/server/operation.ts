/** Typed GraphQL operations (no runtime dependencies, so tests can import the documents). */

/** A typed operation: the document and, as phantom types, its result and variables. */
export interface Operation<TResult, TVariables> {
  readonly name: string;
  readonly document: string;
  /** phantom */
  readonly __types?: { result: TResult; variables: TVariables };
}

export type ResultOf<O> = O extends Operation<infer R, unknown> ? R : never;
export type VariablesOf<O> = O extends Operation<unknown, infer V> ? V : never;

/** Declare an operation; the name is read from the document. */
export function operation<TResult, TVariables = Record<string, never>>(
  document: string,
): Operation<TResult, TVariables> {
  const name = /\b(?:query|mutation)\s+(\w+)/.exec(document)?.[1];
  if (!name) throw new Error("operation without a name");
  return { name, document };
}
