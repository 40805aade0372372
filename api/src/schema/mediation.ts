/**
 * Direct mediation (directe bemiddeling, model B of [001] §E.2c / Figuur 3): landlord staff find
 * the household they were asked to house on a BEMIDDELING listing, see whether it qualifies, and
 * then let the listing with `lettingCreateByMediation` (letting.ts).
 *
 * The household is found by its registration number (inschrijfnummer) together with the main
 * applicant's birth date, as a referral or an urgency decision letter states them: a number alone
 * does not find anyone, so the query cannot be used to browse registrations. Every successful
 * lookup is written to the audit log (it shows whether an urgency declaration is in force,
 * special-category data).
 */
import { checkEligibility, registrationYears, urgencyValidAt } from "../allocation/index.ts";
import { db } from "../db.ts";
import { builder } from "./builder.ts";
import { decodeGlobal, encodeGlobal, UrgencyCategoryEnum } from "./common.ts";
import { eur, listingInputTx, listingSelect, ruleSetAt, seekerInclude, seekerInput } from "./core.ts";
import { InvalidStateError, NotFoundError, ValidationError } from "./errors.ts";
import { audit, requireLandlordOf } from "./guards.ts";
import { EligibilityRef } from "./listing.ts";

interface MediationCandidateShape {
  seekerId: string;
  firstName: string;
  lastName: string;
  registrationNumber: number;
  registrationYears: number;
  householdSize: number;
  householdIncome: number;
  active: boolean;
  urgency: { category: string; validUntil: Date } | null;
  eligibility: import("../allocation/index.ts").EligibilityResult;
}

const MediationUrgencyRef = builder
  .objectRef<{ category: string; validUntil: Date }>("MediationUrgency")
  .implement({
    description:
      "The household's urgency declaration in force today (urgentieverklaring): what `basis: URGENCY` of lettingCreateByMediation records. Special-category data: shown to the listing's landlord staff for the mediation only, and the lookup is audited.",
    fields: (t) => ({
      category: t.field({
        type: UrgencyCategoryEnum,
        description: "Granted category.",
        resolve: (u) => u.category as never,
      }),
      validUntil: t.field({
        type: "Date",
        description: "Last day of validity (inclusive).",
        resolve: (u) => u.validUntil,
      }),
    }),
  });

const MediationCandidateRef = builder.objectRef<MediationCandidateShape>("MediationCandidate").implement({
  description:
    "A household a landlord may house on a direct-mediation (BEMIDDELING) listing, as found by `mediationCandidate`: who it is, its registration, its urgency declaration in force, and whether it meets the listing's criteria today (passend toewijzen, [001] §B and §E.2c).",
  fields: (t) => ({
    seekerId: t.exposeID("seekerId", {
      description: "Global ID of the registration (Seeker), the `seekerId` of lettingCreateByMediation.",
    }),
    firstName: t.exposeString("firstName", { description: "First name of the main applicant." }),
    lastName: t.exposeString("lastName", { description: "Last name of the main applicant." }),
    registrationNumber: t.exposeInt("registrationNumber", {
      description: "Registration number (inschrijfnummer).",
    }),
    registrationYears: t.exposeFloat("registrationYears", {
      description: "Registration years today (inschrijfduur, years), retained years included.",
    }),
    householdSize: t.exposeInt("householdSize", {
      description: "Persons in the household, the applicant included.",
    }),
    householdIncome: t.exposeFloat("householdIncome", { description: "Household income (EUR per year)." }),
    active: t.exposeBoolean("active", {
      description:
        "False when the registration is not active (housed, cancelled): it cannot be housed by mediation.",
    }),
    urgency: t.field({
      type: MediationUrgencyRef,
      nullable: true,
      description: "The urgency declaration valid today, or null (then only a referral can be the basis).",
      resolve: (c) => c.urgency,
    }),
    eligibility: t.field({
      type: EligibilityRef,
      description: "The listing's criteria checked for this household today, every check with its numbers.",
      resolve: (c) => c.eligibility,
    }),
  }),
});

builder.queryField("mediationCandidate", (t) =>
  t.field({
    type: MediationCandidateRef,
    nullable: true,
    description:
      "Find the household to house on a direct-mediation (BEMIDDELING) listing by its registration number and the main applicant's birth date (both as on the referral or the urgency decision); null when no registration has both. Landlord staff of the listing's organisation only; each found household is audited (READ Seeker, purpose mediation). Raises NOT_AUTHORIZED (not the listing's staff), NOT_FOUND (no such listing), INVALID_STATE (not a BEMIDDELING listing, or already let or withdrawn), VALIDATION_FAILED (registration number not positive).",
    args: {
      listingId: t.arg.id({ required: true, description: "Global ID of the BEMIDDELING listing." }),
      registrationNumber: t.arg.int({
        required: true,
        description: "Registration number (inschrijfnummer).",
      }),
      birthDate: t.arg({ type: "Date", required: true, description: "Birth date of the main applicant." }),
    },
    resolve: async (_root, args, ctx) => {
      const listingId = decodeGlobal(String(args.listingId), "Listing", "listingId");
      if (args.registrationNumber < 1)
        throw new ValidationError([{ path: ["registrationNumber"], message: "must be a positive number" }]);
      const listing = await db().listing.findUnique({
        where: { id: listingId },
        select: { ...listingSelect, landlordId: true },
      });
      if (!listing) throw new NotFoundError("Listing");
      requireLandlordOf(ctx, listing.landlordId);
      if (listing.allocationModel !== "BEMIDDELING")
        throw new InvalidStateError(
          listing.allocationModel,
          "Only a BEMIDDELING listing is let by direct mediation",
        );
      if (!["DRAFT", "PUBLISHED", "CLOSED", "OFFERING"].includes(listing.status))
        throw new InvalidStateError(listing.status, "This listing is already let or withdrawn");
      // the Date scalar gives midnight UTC of the calendar date, as Prisma stores @db.Date
      const birthDate = args.birthDate;
      const seeker = await db().seeker.findFirst({
        where: { registrationNumber: args.registrationNumber, birthDate },
        include: seekerInclude,
      });
      if (!seeker) return null;
      const now = new Date();
      const input = seekerInput(seeker);
      const ruleSet = await ruleSetAt(ctx, now);
      const eligibility = checkEligibility(input, await listingInputTx(db() as never, listing), ruleSet, now);
      const urgency = input.urgency && urgencyValidAt(input.urgency, now) ? input.urgency : null;
      await audit(
        ctx,
        "READ",
        "Seeker",
        seeker.id,
        { purpose: "mediation", listingId },
        undefined,
        "LANDLORD_STAFF",
      );
      return {
        seekerId: encodeGlobal("Seeker", seeker.id),
        firstName: seeker.firstName,
        lastName: seeker.lastName,
        registrationNumber: seeker.registrationNumber,
        registrationYears: registrationYears(seeker.registrationDate, seeker.retainedRegistrationYears, now),
        householdSize: seeker.householdSize,
        householdIncome: eur(seeker.householdIncomeCents),
        active: seeker.status === "ACTIVE",
        urgency: urgency ? { category: urgency.category, validUntil: urgency.validUntil } : null,
        eligibility,
      };
    },
  }),
);
