/**
 * Rule sets (regelset / huisvestingsverordening): public, versioned; administrators add a version
 * with an effective date. Parameters are validated by the allocation core's zod schema.
 */
import {
  parseRuleSet,
  RuleSetValidationError,
  DEFAULT_RULE_SETS,
  ruleSetInForce,
} from "../allocation/index.ts";
import { db } from "../db.ts";
import { invalidate } from "../invalidation.ts";
import { builder } from "./builder.ts";
import { isoDay } from "./common.ts";
import { loadRuleSets } from "./core.ts";
import { parseInput, ValidationError } from "./errors.ts";
import { audit, isUniqueViolation, requireRole } from "./guards.ts";
import { z } from "zod";

export const RuleSetRef = builder.prismaNode("RuleSet", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description: "A version of the rule set in force from `effectiveFrom`. Public (rules are public law).",
  fields: (t) => ({
    version: t.exposeInt("version", { description: "Version number." }),
    name: t.exposeString("name", { description: "Name." }),
    effectiveFrom: t.expose("effectiveFrom", { type: "Date", description: "First day in force." }),
    parameters: t.field({
      type: "JSON",
      description: "Parameters: money in EUR (rent per month, income per year), shares 0..1.",
      resolve: (r) => r.parameters,
    }),
    note: t.exposeString("note", { nullable: true, description: "Why this version." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "Created." }),
  }),
});

builder.queryFields((t) => ({
  ruleSets: t.prismaField({
    type: ["RuleSet"],
    description:
      "All stored rule set versions, oldest first. When none is stored the built-in default (Regio Utrecht, 2019) applies; see ruleSetInForce.",
    resolve: (q) => db().ruleSet.findMany({ ...q, orderBy: { version: "asc" } }),
  }),
  ruleSetInForce: t.field({
    type: "JSON",
    description:
      "The complete rule set in force on a date (default today), including the built-in default when none is stored.",
    args: { date: t.arg({ type: "Date", required: false, description: "The date (default today)." }) },
    resolve: async (_r, args) => ruleSetInForce(await loadRuleSets(), args.date ?? new Date()),
  }),
}));

const RuleSetCreateInput = builder.inputType("RuleSetCreateInput", {
  description: "A new rule set version.",
  fields: (t) => ({
    name: t.string({ required: true, description: "Name." }),
    effectiveFrom: t.field({
      type: "Date",
      required: true,
      description: "First day in force; today or later, after every existing version.",
    }),
    parameters: t.field({
      type: "JSON",
      required: true,
      description: "All parameters (see ruleSetInForce for the shape).",
    }),
    note: t.string({ required: false, description: "Why this version." }),
  }),
});

builder.mutationFields((t) => ({
  ruleSetCreate: t.field({
    type: RuleSetRef,
    description:
      "Add a rule set version (administrators). Parameters are validated by the allocation core (every issue reported per field). Errors: NotAuthorizedError, ValidationError.",
    errors: { types: [ValidationError], dataField: { name: "ruleSet", description: "The new version." } },
    args: { input: t.arg({ type: RuleSetCreateInput, required: true, description: "The version." }) },
    resolve: async (_r, { input }, ctx) => {
      const viewer = requireRole(ctx, "ADMINISTRATOR");
      const name = parseInput(z.string().trim().min(1, "must not be empty").max(200), input.name, [
        "input",
        "name",
      ]);
      if (isoDay(input.effectiveFrom) < isoDay(new Date()))
        throw new ValidationError([{ path: ["input", "effectiveFrom"], message: "must not be in the past" }]);
      try {
        const created = await db().$transaction(async (tx) => {
          const last = await tx.ruleSet.findFirst({ orderBy: { version: "desc" } });
          if (last && last.effectiveFrom >= input.effectiveFrom) {
            throw new ValidationError([
              {
                path: ["input", "effectiveFrom"],
                message: `must be after ${isoDay(last.effectiveFrom)} (version ${last.version})`,
              },
            ]);
          }
          const version = (last?.version ?? DEFAULT_RULE_SETS.length) + 1;
          try {
            parseRuleSet({
              ...(input.parameters as object),
              id: "new",
              version,
              name,
              effectiveFrom: isoDay(input.effectiveFrom),
              effectiveUntil: null,
            });
          } catch (e) {
            if (e instanceof RuleSetValidationError) {
              throw new ValidationError(
                e.issues.map((i) => ({
                  path: ["input", "parameters", ...i.path.split(".")],
                  message: i.message,
                })),
              );
            }
            throw e;
          }
          const row = await tx.ruleSet.create({
            data: {
              version,
              name,
              effectiveFrom: input.effectiveFrom,
              parameters: input.parameters as object,
              note: input.note ?? null,
              createdById: viewer.userId,
            },
          });
          await audit(ctx, "CREATE", "RuleSet", row.id, { version }, tx, "ADMINISTRATOR");
          return row;
        });
        // every API process forgets the versions it keeps (core.ts keptRuleSetVersions)
        await invalidate({ kind: "ruleSets" });
        return created;
      } catch (e) {
        if (isUniqueViolation(e))
          throw new ValidationError([
            {
              path: ["input", "effectiveFrom"],
              message: "another version was created at the same time; try again",
            },
          ]);
        throw e;
      }
    },
  }),
}));
