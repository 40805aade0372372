import { resolve } from "$app/paths";
import { fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { formErrors, isError } from "$lib/server/errors";
import { RULES_IN_FORCE, SCENARIO_CREATE, SCENARIOS } from "$lib/server/simulation";
import type { FieldErrors } from "$lib/forms";
import {
  LOCAL_URGENCY_CATEGORIES,
  MANDATORY_URGENCY_CATEGORIES,
  type UrgencyCategory,
} from "$lib/server/schema-types";

/** The four priority rules (voorrangsregels) a priority order must name once each. */
const PRIORITY_RULES = ["URGENCY", "MOVER", "LOCAL_BINDING", "VITAL_PROFESSION"] as const;
type PriorityRule = (typeof PRIORITY_RULES)[number];
const isRule = (v: string): v is PriorityRule => (PRIORITY_RULES as readonly string[]).includes(v);
const CATEGORIES: readonly UrgencyCategory[] = [...MANDATORY_URGENCY_CATEGORIES, ...LOCAL_URGENCY_CATEGORIES];
const isCategory = (v: string): v is UrgencyCategory => (CATEGORIES as readonly string[]).includes(v);

/** The form field an API validation issue belongs to (input path → field name). */
const FIELD_OF: Record<string, string> = {
  year: "year",
  title: "title",
  retainedShareOnAcceptance: "retainedPercent",
  lotteryShare: "lotteryPercent",
  priorityOrder: "order1",
  addPriorityRule: "addPriorityRule",
  dropUrgencyCategories: "dropUrgency",
  seed: "seed",
  change: "_form",
};

/** The current priority order (the form's default). */
async function currentOrder(event: Parameters<typeof run>[0]): Promise<PriorityRule[]> {
  const d = await run(event, RULES_IN_FORCE, {});
  const order = (d.ruleSetInForce as { priority?: { order?: string[] } } | null)?.priority?.order ?? [];
  return order.filter(isRule);
}

export const load: PageServerLoad = async (event) => {
  const [d, order] = await Promise.all([
    run(event, SCENARIOS, { publishedOnly: false }),
    currentOrder(event),
  ]);
  const scenarios = d.simulationScenarios.edges.map((e) => e.node);
  return {
    scenarios,
    totalCount: d.simulationScenarios.totalCount,
    // a page that follows a run: reload while a scenario is waiting or running
    refresh: scenarios.some((s) => s.status === "QUEUED" || s.status === "RUNNING"),
    currentOrder: order,
    defaultYear: new Date().getUTCFullYear() - 1,
    urgencyCategories: CATEGORIES,
  };
};

/** "12,5" or "12.5" → 12.5; "" → null; anything else → NaN. */
function percentOf(raw: string): number | null {
  const s = raw.trim().replace(",", ".");
  if (!s) return null;
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : NaN;
}

export const actions: Actions = {
  /** Queue a scenario: checked here (Dutch/English messages per field), then by the API. */
  create: async (event) => {
    const t = event.locals.t;
    const form = await event.request.formData();
    const text = (k: string) => String(form.get(k) ?? "").trim();
    const values: Record<string, string> = {
      title: text("title"),
      year: text("year"),
      retainedPercent: text("retainedPercent"),
      lotteryPercent: text("lotteryPercent"),
      order1: text("order1"),
      order2: text("order2"),
      order3: text("order3"),
      order4: text("order4"),
      addPriorityRule: text("addPriorityRule"),
      dropUrgency: form.getAll("dropUrgency").map(String).join(","),
      seed: text("seed"),
    };
    const errors: FieldErrors = {};
    const thisYear = new Date().getUTCFullYear();
    const year = /^\d{4}$/.test(values.year!) ? Number(values.year) : NaN;
    if (!(year >= 2000 && year <= thisYear)) errors.year = t("simulation.errors.year", { max: thisYear });
    if (values.title!.length > 200) errors.title = t("simulation.errors.title");
    const retained = percentOf(values.retainedPercent!);
    if (retained !== null && !(retained >= 0 && retained <= 100))
      errors.retainedPercent = t("simulation.errors.retained");
    const lottery = percentOf(values.lotteryPercent!);
    if (lottery !== null && !(lottery >= 0 && lottery <= 20))
      errors.lotteryPercent = t("simulation.errors.lottery");
    const order = [values.order1!, values.order2!, values.order3!, values.order4!];
    const orderValid = order.every(isRule) && new Set(order).size === PRIORITY_RULES.length;
    if (!orderValid) errors.order1 = t("simulation.errors.order");
    const add = values.addPriorityRule!;
    if (add && !isRule(add)) errors.addPriorityRule = t("simulation.errors.add");
    const seed = values.seed!;
    if (seed.length > 100) errors.seed = t("simulation.errors.seed");
    const current = await currentOrder(event);
    const orderChanged = orderValid && order.join() !== current.join();
    const drop = form.getAll("dropUrgency").map(String);
    if (!drop.every(isCategory)) errors.dropUrgency = t("simulation.errors.drop");
    const change = {
      retainedShareOnAcceptance: retained === null ? null : retained / 100,
      lotteryShare: lottery === null ? null : lottery / 100,
      priorityOrder: orderChanged ? (order as PriorityRule[]) : null,
      addPriorityRule: add && isRule(add) ? add : null,
      dropUrgencyCategories: drop.length ? drop.filter(isCategory) : null,
      seed: seed || null,
    };
    if (!Object.keys(errors).length && Object.entries(change).every(([k, v]) => v === null || k === "seed"))
      errors._form = t("simulation.errors.noChange");
    if (Object.keys(errors).length) return fail(400, { errors, values });
    const { simulationScenarioCreate: r } = await run(event, SCENARIO_CREATE, {
      input: {
        year,
        title: values.title || null,
        change,
      },
    });
    if (isError(r))
      return fail(400, {
        errors: formErrors(t, r, (path) => FIELD_OF[path.at(-1) ?? ""] ?? FIELD_OF[path[1] ?? ""] ?? path[0]),
        values,
      });
    if (r.__typename !== "SimulationScenarioCreateSuccess")
      return fail(500, { errors: { _form: t("simulation.errors.unexpected") }, values });
    redirect(303, resolve(`/werk/beheer/simulaties/${encodeURIComponent(r.simulationScenario.id)}`));
  },
};
