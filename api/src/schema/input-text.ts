/**
 * One guard for every argument of every field: text and dates that no column can store are
 * refused with a typed {@link ValidationError} naming the field, before the resolver runs — and so
 * before any write. Without it PostgreSQL refuses them mid-transaction and the client sees
 * "Unexpected error." (security review, issue 9 item 8).
 *
 * Refused anywhere in the arguments (strings inside input objects and lists included):
 * - NUL (U+0000): PostgreSQL text cannot hold it;
 * - other C0 control characters and DEL, except tab, line feed and carriage return (free text may
 *   have line breaks);
 * - lone UTF-16 surrogates (not Unicode text; the database driver cannot encode them);
 * - dates and instants before year 1 or after year 9999 (PostgreSQL has no year 0; `0000-01-01`
 *   parses as 1 BC).
 *
 * Stricter rules for particular fields (person names refuse bidi controls, birth dates have a
 * plausible range) live with their zod schemas; see `personNameSchema` and `birthDateSchema` in
 * seeker.ts.
 *
 * Implemented as a Pothos plugin wrapping resolvers; it sits after the errors plugin, so the
 * ValidationError becomes the `ValidationError` member of a mutation's result union where the
 * union has one, and a GraphQL error with `extensions.code = VALIDATION_FAILED` otherwise.
 *
 * @module
 */
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import type { GraphQLFieldResolver } from "graphql";
import { z } from "zod";
import { ValidationError, type FieldIssue } from "./errors.ts";

// eslint-disable-next-line no-control-regex -- NUL is what is refused
const NUL = /\u0000/;
// eslint-disable-next-line no-control-regex -- these control characters are what is refused
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Earliest and latest instant any Date/DateTime argument may name (years 1..9999, UTC). */
const MIN_TIME = new Date(0).setUTCFullYear(1, 0, 1); // not Date.UTC: it maps years 0..99 to 19xx
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** What is wrong with a text argument, or null when it can be stored. */
export function textIssue(s: string): string | null {
  if (NUL.test(s)) return "must not contain NUL characters (U+0000)";
  if (LONE_SURROGATE.test(s)) return "must be valid Unicode text (it contains a lone surrogate)";
  if (CONTROL.test(s)) return "must not contain control characters";
  return null;
}

/** What is wrong with a date argument, or null when it can be stored. */
export function dateIssue(d: Date): string | null {
  const t = d.getTime();
  if (Number.isNaN(t)) return "must be a valid date";
  if (t < MIN_TIME || t > MAX_TIME) return "must be between the years 1 and 9999";
  return null;
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** The first offending value in an argument tree (depth-first), with its path. */
export function findInputIssue(value: unknown, path: (string | number)[] = []): FieldIssue | null {
  if (typeof value === "string") {
    const message = textIssue(value);
    return message ? { path, message } : null;
  }
  if (value instanceof Date) {
    const message = dateIssue(value);
    return message ? { path, message } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = findInputIssue(value[i], [...path, i]);
      if (issue) return issue;
    }
    return null;
  }
  // Input objects (and parsed global IDs) are plain objects; files (Upload) and the like are not.
  if (value && typeof value === "object" && isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const issue = findInputIssue(v, [...path, key]);
      if (issue) return issue;
    }
  }
  return null;
}

/** The Pothos plugin: wraps every field that takes arguments (see the module comment). */
export class InputTextPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types["Context"], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types["Context"], object> {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    return (parent, args, context, info) => {
      const issue = findInputIssue(args);
      if (issue) throw new ValidationError([issue]);
      return resolver(parent, args, context, info);
    };
  }
}

const pluginName = "inputText";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Pothos plugins register this way
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      inputText: InputTextPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, InputTextPlugin);

export default pluginName;

// ── Field rules shared by several mutations ─────────────────────────────────────────────────

/**
 * Bidirectional-text controls and invisible format characters: in a name they make what staff
 * read differ from what is stored (U+202E reverses the rest of the line, "Trojan source").
 * Zero-width (non-)joiners stay allowed: some scripts need them.
 */
const INVISIBLE_FORMAT = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

/** A person's name (first name, last name, display name): trimmed, 1..`max` characters, no bidi or invisible format characters. */
export const personNameSchema = (max = 100) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max)
    .refine(
      (s) => !INVISIBLE_FORMAT.test(s),
      "must not contain bidirectional or invisible formatting characters",
    );

/** Oldest plausible age of a living person, in years (birth dates further back are refused). */
export const MAX_AGE_YEARS = 120;

/**
 * A birth date: not in the future and less than {@link MAX_AGE_YEARS} years ago (so never
 * 1900-01-01 or earlier, nor year 1 or 0000-01-01, which are typing errors or probes).
 */
export const birthDateSchema = z
  .date()
  .refine((d) => d <= new Date(), "must not be in the future")
  .refine((d) => {
    const oldest = new Date();
    oldest.setUTCFullYear(oldest.getUTCFullYear() - MAX_AGE_YEARS);
    return d > oldest;
  }, `must be less than ${MAX_AGE_YEARS} years ago`);
