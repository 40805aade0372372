import { resolve } from "$app/paths";
import { fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { formErrors, isError } from "$lib/server/errors";
import { parseDate } from "$lib/parse";
import { ErrorFields, ValidationFields, graphql, typed } from "$lib/graphql";
import type { FieldErrors } from "$lib/forms";

/** Every stored version and the complete set in force today. */
const RULE_SETS = typed(
  graphql(`
    query PortalAdminRuleSets {
      ruleSets {
        id
        version
        name
        effectiveFrom
        note
        createdAt
      }
      ruleSetInForce
    }
  `),
);

const CREATE = typed(
  graphql(
    `
      mutation PortalAdminRuleSetCreate($input: RuleSetCreateInput!) {
        ruleSetCreate(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

/** Identity fields of a version; the parameters are the rest. */
const IDENTITY = ["id", "version", "name", "effectiveFrom", "effectiveUntil"];

function parametersOf(set: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((set ?? {}) as Record<string, unknown>))
    if (!IDENTITY.includes(k)) out[k] = v;
  return out;
}

/** `{ a: { b: 1 } }` → `[["a.b", "1"]]`: one row per leaf, arrays as JSON. */
function flatten(value: unknown, prefix = ""): Array<[string, string]> {
  if (value !== null && typeof value === "object" && !Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, JSON.stringify(value)]];
}

/** Leaves that differ between two parameter sets: path, old value, new value. */
function diff(before: unknown, after: unknown) {
  const a = new Map(flatten(before));
  const b = new Map(flatten(after));
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths
    .filter((p) => a.get(p) !== b.get(p))
    .map((p) => ({ path: p, before: a.get(p) ?? "—", after: b.get(p) ?? "—" }));
}

/**
 * A response-limit field of the form (reactielimiet, rule set `responses.maxActive` /
 * `responses.maxPerWeek`): empty = no limit (null), else a whole number of at least 1;
 * undefined when the value is not one.
 */
function parseLimit(raw: string): number | null | undefined {
  if (raw === "") return null;
  if (!/^\d{1,6}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 ? n : undefined;
}

/** The response limits of a parameter set, as form values ("" = none). */
function limitsOf(params: Record<string, unknown>): { maxActive: string; maxPerWeek: string } {
  const r = (params.responses ?? {}) as { maxActive?: number | null; maxPerWeek?: number | null };
  return {
    maxActive: r.maxActive == null ? "" : String(r.maxActive),
    maxPerWeek: r.maxPerWeek == null ? "" : String(r.maxPerWeek),
  };
}

export const load: PageServerLoad = async (event) => {
  const d = await run(event, RULE_SETS, {});
  const current = d.ruleSetInForce as Record<string, unknown>;
  const params = parametersOf(current);
  return {
    versions: d.ruleSets,
    current: {
      version: current.version as number,
      name: current.name as string,
      effectiveFrom: String(current.effectiveFrom ?? ""),
      rows: flatten(params),
    },
    draft: JSON.stringify(params, null, 2),
    limits: limitsOf(params),
    notice: event.url.searchParams.get("melding"),
  };
};

export const actions: Actions = {
  /**
   * A new version from the edited parameters. First post: checked and answered with the diff
   * against the set in force, to confirm; second (`confirmed=1`): created by the API, which
   * validates every parameter.
   */
  create: async (event) => {
    const t = event.locals.t;
    const form = await event.request.formData();
    const name = String(form.get("name") ?? "").trim();
    const effectiveFrom = String(form.get("effectiveFrom") ?? "").trim();
    const note = String(form.get("note") ?? "").trim();
    const raw = String(form.get("parameters") ?? "");
    const maxActiveRaw = String(form.get("maxActive") ?? "").trim();
    const maxPerWeekRaw = String(form.get("maxPerWeek") ?? "").trim();
    const values = {
      name,
      effectiveFrom,
      note,
      parameters: raw,
      maxActive: maxActiveRaw,
      maxPerWeek: maxPerWeekRaw,
    };
    const errors: FieldErrors = {};
    if (!name) errors.name = t("werk.beheer.errors.name");
    if (!parseDate(effectiveFrom)) errors.effectiveFrom = t("werk.beheer.errors.date");
    let parameters: unknown = null;
    try {
      parameters = JSON.parse(raw);
      if (!parameters || typeof parameters !== "object" || Array.isArray(parameters)) throw new Error();
    } catch {
      errors.parameters = t("werk.beheer.errors.json");
    }
    // The two response-limit fields, when the form has them, set `responses` over the JSON.
    const maxActive = parseLimit(maxActiveRaw);
    const maxPerWeek = parseLimit(maxPerWeekRaw);
    if (form.has("maxActive") && maxActive === undefined)
      errors.maxActive = t("documents.responseLimits.invalid");
    if (form.has("maxPerWeek") && maxPerWeek === undefined)
      errors.maxPerWeek = t("documents.responseLimits.invalid");
    if (Object.keys(errors).length) return fail(400, { errors, values });
    if (form.has("maxActive") || form.has("maxPerWeek")) {
      const p = parameters as Record<string, unknown>;
      const responses = { ...((p.responses ?? {}) as Record<string, unknown>) };
      if (form.has("maxActive")) responses.maxActive = maxActive;
      if (form.has("maxPerWeek")) responses.maxPerWeek = maxPerWeek;
      p.responses = responses;
      values.parameters = JSON.stringify(p, null, 2);
    }
    const d = await run(event, RULE_SETS, {});
    const changes = diff(parametersOf(d.ruleSetInForce), parameters);
    if (changes.length === 0)
      return fail(400, { errors: { parameters: t("werk.beheer.errors.noChange") }, values });
    if (form.get("confirmed") !== "1") return { confirm: true, changes, values, errors: {} };
    const { ruleSetCreate: r } = await run(event, CREATE, {
      input: { name, effectiveFrom, note: note || null, parameters },
    });
    if (isError(r))
      return fail(400, {
        errors: formErrors(t, r, (path) => (path[0] === "parameters" ? "parameters" : path[0])),
        values,
        issues: "issues" in r ? r.issues.map((i) => `${i.path.join(".")}: ${i.message}`) : [],
      });
    redirect(303, resolve("/werk/beheer/regels?melding=created"));
  },
};
