-- Invariants the database guards itself (Prisma cannot express CHECK constraints in the schema).
-- Money in integer cents: never negative. Counts and sizes: positive.

ALTER TABLE "Dwelling"
  ADD CONSTRAINT "Dwelling_netRent_nonnegative" CHECK ("netRentCents" >= 0),
  ADD CONSTRAINT "Dwelling_serviceCosts_nonnegative" CHECK ("serviceCostsCents" >= 0),
  ADD CONSTRAINT "Dwelling_rooms_positive" CHECK ("rooms" >= 1),
  ADD CONSTRAINT "Dwelling_area_positive" CHECK ("areaM2" >= 1),
  ADD CONSTRAINT "Dwelling_floor_range" CHECK ("floor" BETWEEN -1 AND 100);

ALTER TABLE "Listing"
  ADD CONSTRAINT "Listing_netRent_nonnegative" CHECK ("netRentCents" >= 0),
  ADD CONSTRAINT "Listing_serviceCosts_nonnegative" CHECK ("serviceCostsCents" >= 0),
  ADD CONSTRAINT "Listing_household_range" CHECK ("householdMin" >= 1 AND "householdMax" >= "householdMin"),
  ADD CONSTRAINT "Listing_window_order" CHECK ("publishedAt" IS NULL OR "closesAt" > "publishedAt"),
  ADD CONSTRAINT "Listing_lottery_commitment" CHECK ("allocationModel" <> 'LOTERIJ' OR "status" = 'DRAFT' OR "lotteryCommitment" IS NOT NULL),
  ADD CONSTRAINT "Listing_commitment_format" CHECK ("lotteryCommitment" IS NULL OR "lotteryCommitment" ~ '^[0-9a-f]{64}$');

ALTER TABLE "Seeker"
  ADD CONSTRAINT "Seeker_household_positive" CHECK ("householdSize" >= 1),
  ADD CONSTRAINT "Seeker_income_nonnegative" CHECK ("householdIncomeCents" >= 0),
  ADD CONSTRAINT "Seeker_retained_nonnegative" CHECK ("retainedRegistrationYears" >= 0),
  ADD CONSTRAINT "Seeker_rooms_positive" CHECK ("currentDwellingRooms" IS NULL OR "currentDwellingRooms" >= 1);

ALTER TABLE "HouseholdIncome"
  ADD CONSTRAINT "HouseholdIncome_amount_nonnegative" CHECK ("amountCents" >= 0),
  ADD CONSTRAINT "HouseholdIncome_year_range" CHECK ("year" BETWEEN 1990 AND 2100);

ALTER TABLE "Woongroep"
  ADD CONSTRAINT "Woongroep_target_share" CHECK ("targetDragendShare" >= 0 AND "targetDragendShare" <= 1),
  ADD CONSTRAINT "Woongroep_residents_nonnegative" CHECK ("dragendResidents" >= 0 AND "vragendResidents" >= 0);

ALTER TABLE "District"
  ADD CONSTRAINT "District_share" CHECK ("shareOfStock" IS NULL OR ("shareOfStock" >= 0 AND "shareOfStock" <= 1));

ALTER TABLE "Letting"
  ADD CONSTRAINT "Letting_netRent_nonnegative" CHECK ("netRentCents" >= 0),
  ADD CONSTRAINT "Letting_years_nonnegative" CHECK ("registrationYearsUsed" >= 0),
  ADD CONSTRAINT "Letting_responses_nonnegative" CHECK ("responseCount" >= 0);

ALTER TABLE "UrgencyApplication"
  ADD CONSTRAINT "UrgencyApplication_validity_order" CHECK ("validUntil" IS NULL OR "validFrom" IS NULL OR "validUntil" > "validFrom"),
  ADD CONSTRAINT "UrgencyApplication_granted_complete" CHECK ("status" NOT IN ('GRANTED', 'EXPIRED') OR ("grantedCategory" IS NOT NULL AND "validUntil" IS NOT NULL AND "decidedAt" IS NOT NULL)),
  ADD CONSTRAINT "UrgencyApplication_rejected_reason" CHECK ("status" <> 'REJECTED' OR "decisionReason" IS NOT NULL);

ALTER TABLE "UrgencyDocument"
  ADD CONSTRAINT "UrgencyDocument_size" CHECK ("sizeBytes" >= 0 AND "sizeBytes" <= 10485760);

ALTER TABLE "Offer"
  ADD CONSTRAINT "Offer_position_positive" CHECK ("position" >= 1);

ALTER TABLE "Response"
  ADD CONSTRAINT "Response_position_positive" CHECK ("finalPosition" IS NULL OR "finalPosition" >= 1);

-- At most one open offer per listing at a time.
CREATE UNIQUE INDEX "Offer_one_pending_per_listing" ON "Offer" ("listingId") WHERE "outcome" = 'PENDING';

-- Audit entries are never deleted (actor references are nulled when an account is deleted).
-- (Prisma's JS migration engine splits on semicolons, so no PL/pgSQL bodies here.)
CREATE RULE "AuditLog_no_delete" AS ON DELETE TO "AuditLog" DO INSTEAD NOTHING;
