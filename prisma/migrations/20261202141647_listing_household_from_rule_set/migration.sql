-- AlterTable
ALTER TABLE "Listing" ALTER COLUMN "householdMin" DROP NOT NULL,
ALTER COLUMN "householdMin" DROP DEFAULT,
ALTER COLUMN "householdMax" DROP NOT NULL,
ALTER COLUMN "householdMax" DROP DEFAULT;


-- Drafts that kept the old defaults (1 and 99 persons: no bound) now follow the rule set's
-- household-size table by dwelling size [001] §B. Published and later listings keep their bounds
-- as they were published, so nobody who responded becomes ineligible.
UPDATE "Listing" SET "householdMin" = NULL WHERE "status" = 'DRAFT' AND "householdMin" = 1;
UPDATE "Listing" SET "householdMax" = NULL WHERE "status" = 'DRAFT' AND "householdMax" = 99;
