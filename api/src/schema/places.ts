/**
 * Where a seeker lives and works (woonplaats en werkplaats): municipality and kern, for local
 * binding ([001] 2b "kleine kernenbinding"; [003] "Eigen woningzoekenden eerst? ... eventueel op
 * kernniveau"). Kernen come from the reference list `Municipality.cores` (seeded for the region's
 * municipalities). Stated at registration (`seekerRegister` input `places`) and changed with
 * `seekerPlacesUpdate`.
 */
import { z } from "zod";
import { db, type Tx } from "../db.ts";
import { lockSeekerForUpdate } from "../locks.ts";
import { builder } from "./builder.ts";
import { decodeGlobal } from "./common.ts";
import { parseInput, ValidationError } from "./errors.ts";
import { audit, requireSeeker } from "./guards.ts";
import { Seeker } from "./seeker.ts";

/** GraphQL input: municipality and kern of residence and of work. */
export const SeekerPlacesInput = builder.inputType("SeekerPlacesInput", {
  description:
    "Where you live and work, for local binding [003]: municipality (global ID) and kern (one of its `cores`). Omit or null what does not apply (e.g. no work).",
  fields: (t) => ({
    municipalityId: t.id({ required: false, description: "Municipality of residence (global ID)." }),
    core: t.string({ required: false, description: "Kern of residence, one of the municipality's `cores`." }),
    workMunicipalityId: t.id({ required: false, description: "Municipality of work (global ID)." }),
    workCore: t.string({ required: false, description: "Kern of work, one of that municipality's `cores`." }),
  }),
});

/** The places as stored on `Seeker`: ids and kern names (as the reference list spells them), or null. */
export interface SeekerPlaces {
  municipalityId: string | null;
  core: string | null;
  workMunicipalityId: string | null;
  workCore: string | null;
}

const placesShape = z.object({
  municipalityId: z.string().nullish(),
  core: z.string().trim().max(100).nullish(),
  workMunicipalityId: z.string().nullish(),
  workCore: z.string().trim().max(100).nullish(),
});

/**
 * Validates places against the reference list inside `tx`: each municipality exists, a kern needs
 * its municipality and must be one of its `cores` (case-insensitive; stored as the list spells it).
 *
 * @param prefix - input path for the ValidationError issues, e.g. `["input"]`
 * @throws ValidationError (malformed or unknown municipality id, kern without municipality,
 *   unknown kern)
 */
export async function resolvePlaces(
  tx: Tx,
  input: unknown,
  prefix: (string | number)[],
): Promise<SeekerPlaces> {
  const v = parseInput(placesShape, input ?? {}, prefix);
  const one = async (idField: "municipalityId" | "workMunicipalityId", coreField: "core" | "workCore") => {
    const gid = v[idField];
    const core = v[coreField] || null;
    if (!gid) {
      if (core)
        throw new ValidationError([{ path: [...prefix, coreField], message: `needs ${idField} as well` }]);
      return { id: null, core: null };
    }
    const id = decodeGlobal(String(gid), "Municipality", [...prefix.slice(1), idField].join("."));
    const m = await tx.municipality.findUnique({ where: { id }, select: { cores: true } });
    if (!m) throw new ValidationError([{ path: [...prefix, idField], message: "names no municipality" }]);
    if (core === null) return { id, core: null };
    const known = m.cores.find((c) => c.toLowerCase() === core.toLowerCase());
    if (!known)
      throw new ValidationError([
        {
          path: [...prefix, coreField],
          message: `must be a kern of the municipality (${m.cores.join(", ")})`,
        },
      ]);
    return { id, core: known };
  };
  const home = await one("municipalityId", "core");
  const work = await one("workMunicipalityId", "workCore");
  return { municipalityId: home.id, core: home.core, workMunicipalityId: work.id, workCore: work.core };
}

builder.prismaObjectField("Seeker", "core", (t) =>
  t.exposeString("core", {
    nullable: true,
    description: "Kern of residence (local binding [003]), or null.",
  }),
);
builder.prismaObjectField("Seeker", "workMunicipality", (t) =>
  t.relation("workMunicipality", {
    nullable: true,
    description: "Municipality of work (economic binding [003]).",
  }),
);
builder.prismaObjectField("Seeker", "workCore", (t) =>
  t.exposeString("workCore", { nullable: true, description: "Kern of work, or null." }),
);

builder.mutationFields((t) => ({
  seekerPlacesUpdate: t.field({
    type: Seeker,
    description:
      "State where you live and work (municipality and kern) for local binding [001] 2b, [003]; replaces all four values (omitted = none). Moving your work away from the municipality of an accepted vital profession claim ends that priority (the claim was proven for that municipality). Token scope PROFILE_WRITE. Audited. Errors: NotAuthorizedError, ValidationError (malformed or unknown municipality id, kern without municipality, unknown kern).",
    errors: {
      types: [ValidationError],
      dataField: { name: "seeker", description: "The updated seeker." },
    },
    args: { input: t.arg({ type: SeekerPlacesInput, required: true, description: "Your places." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "PROFILE_WRITE");
      return db().$transaction(async (tx) => {
        const places = await resolvePlaces(tx, input, ["input"]);
        await lockSeekerForUpdate(tx, seekerId);
        const accepted = await tx.vitalProfessionClaim.findFirst({
          where: { seekerId, status: "GRANTED" },
          select: { workMunicipalityId: true },
        });
        const movedAway = accepted !== null && accepted.workMunicipalityId !== places.workMunicipalityId;
        if (movedAway)
          await tx.vitalProfessionClaim.updateMany({
            where: { seekerId, status: "GRANTED" },
            data: { status: "WITHDRAWN", withdrawnAt: new Date() },
          });
        const seeker = await tx.seeker.update({
          where: { id: seekerId },
          data: { ...places, ...(movedAway ? { vitalProfession: null } : {}) },
        });
        await audit(ctx, "UPDATE", "Seeker", seekerId, { fields: ["places"] }, tx);
        return seeker;
      });
    },
  }),
}));
