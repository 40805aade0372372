-- Public registration number per seeker (inschrijfnummer), the input of lottery entry codes
-- (api/src/allocation/LOTTERY.md). Existing seekers are numbered in the order they registered
-- (account creation, then id): new seekers take the next number from the sequence.
ALTER TABLE "Seeker" ADD COLUMN "registrationNumber" INTEGER;

UPDATE "Seeker" AS s SET "registrationNumber" = n.rn
FROM (SELECT id, row_number() OVER (ORDER BY "createdAt", id) AS rn FROM "Seeker") AS n
WHERE s.id = n.id;

CREATE SEQUENCE "Seeker_registrationNumber_seq" AS INTEGER OWNED BY "Seeker"."registrationNumber";
SELECT setval('"Seeker_registrationNumber_seq"', COALESCE((SELECT max("registrationNumber") FROM "Seeker"), 0) + 1, false);
ALTER TABLE "Seeker"
  ALTER COLUMN "registrationNumber" SET DEFAULT nextval('"Seeker_registrationNumber_seq"'),
  ALTER COLUMN "registrationNumber" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Seeker_registrationNumber_key" ON "Seeker"("registrationNumber");

-- The lottery seed while it is secret, sealed with AES-256-GCM under LOTTERY_KEY. A seed still in
-- plain text on a listing that has not closed is sealed by the API when it starts
-- (api/src/lottery-key.ts sealPlainLotterySeeds) and its plain text removed.
ALTER TABLE "Listing" ADD COLUMN "lotterySeedSealed" TEXT;

-- The entry code each eligible response had in its lottery, fixed at close. Draws closed before
-- entry codes existed hashed the response id: that id is their entry code, so they stay verifiable.
ALTER TABLE "Response" ADD COLUMN "lotteryEntry" TEXT;
UPDATE "Response" AS r SET "lotteryEntry" = r.id::text
FROM "Listing" AS l
WHERE l.id = r."listingId" AND l."allocationModel" = 'LOTERIJ' AND l."lotterySeedRevealedAt" IS NOT NULL
  AND r."finalPosition" IS NOT NULL;
