-- CreateEnum
CREATE TYPE "ClaimStatus" AS ENUM ('REQUESTED', 'GRANTED', 'REJECTED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "CareIndication" (
    "id" UUID NOT NULL,
    "seekerId" UUID NOT NULL,
    "need" "AccessibilityNeed" NOT NULL,
    "motivation" TEXT NOT NULL DEFAULT '',
    "status" "ClaimStatus" NOT NULL DEFAULT 'REQUESTED',
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decidedById" UUID,
    "decisionReason" TEXT,
    "withdrawnAt" TIMESTAMP(3),

    CONSTRAINT "CareIndication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CareIndicationDocument" (
    "id" UUID NOT NULL,
    "careIndicationId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "iv" BYTEA NOT NULL,
    "authTag" BYTEA NOT NULL,
    "keyId" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CareIndicationDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VitalProfessionClaim" (
    "id" UUID NOT NULL,
    "seekerId" UUID NOT NULL,
    "profession" TEXT NOT NULL,
    "workMunicipalityId" UUID NOT NULL,
    "employer" TEXT NOT NULL DEFAULT '',
    "status" "ClaimStatus" NOT NULL DEFAULT 'REQUESTED',
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decidedById" UUID,
    "decisionReason" TEXT,
    "withdrawnAt" TIMESTAMP(3),

    CONSTRAINT "VitalProfessionClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VitalProfessionDocument" (
    "id" UUID NOT NULL,
    "claimId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "iv" BYTEA NOT NULL,
    "authTag" BYTEA NOT NULL,
    "keyId" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VitalProfessionDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CareIndication_seekerId_status_idx" ON "CareIndication"("seekerId", "status");

-- CreateIndex
CREATE INDEX "CareIndication_status_requestedAt_idx" ON "CareIndication"("status", "requestedAt");

-- CreateIndex
CREATE INDEX "CareIndicationDocument_careIndicationId_idx" ON "CareIndicationDocument"("careIndicationId");

-- CreateIndex
CREATE INDEX "VitalProfessionClaim_seekerId_status_idx" ON "VitalProfessionClaim"("seekerId", "status");

-- CreateIndex
CREATE INDEX "VitalProfessionClaim_status_requestedAt_idx" ON "VitalProfessionClaim"("status", "requestedAt");

-- CreateIndex
CREATE INDEX "VitalProfessionDocument_claimId_idx" ON "VitalProfessionDocument"("claimId");

-- AddForeignKey
ALTER TABLE "CareIndication" ADD CONSTRAINT "CareIndication_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CareIndication" ADD CONSTRAINT "CareIndication_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CareIndicationDocument" ADD CONSTRAINT "CareIndicationDocument_careIndicationId_fkey" FOREIGN KEY ("careIndicationId") REFERENCES "CareIndication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VitalProfessionClaim" ADD CONSTRAINT "VitalProfessionClaim_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VitalProfessionClaim" ADD CONSTRAINT "VitalProfessionClaim_workMunicipalityId_fkey" FOREIGN KEY ("workMunicipalityId") REFERENCES "Municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VitalProfessionClaim" ADD CONSTRAINT "VitalProfessionClaim_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VitalProfessionDocument" ADD CONSTRAINT "VitalProfessionDocument_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "VitalProfessionClaim"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A care indication is a rollator or wheelchair need, never NONE.
ALTER TABLE "CareIndication" ADD CONSTRAINT "CareIndication_need_not_none" CHECK ("need" <> 'NONE');

-- Until now seekers declared their care indication and vital profession themselves. Neither was
-- ever checked, so neither may keep counting ([003]: the municipality grants a woonvoorziening;
-- a vital profession must be shown). Each self-declared value becomes a REQUESTED claim in the
-- assessors' queue, and the values allocation uses are reset until staff decide. A vital
-- profession without a municipality of work never counted (the rule compares that municipality)
-- and is dropped.
INSERT INTO "CareIndication" ("id", "seekerId", "need", "motivation", "status", "requestedAt")
SELECT gen_random_uuid(), "id", "accessibilityNeed", 'Overgenomen uit de eigen opgave bij de inschrijving (vóór toekenning door de gemeente).', 'REQUESTED', now()
FROM "Seeker" WHERE "accessibilityNeed" <> 'NONE';

INSERT INTO "VitalProfessionClaim" ("id", "seekerId", "profession", "workMunicipalityId", "employer", "status", "requestedAt")
SELECT gen_random_uuid(), "id", lower(trim("vitalProfession")), "workMunicipalityId", '', 'REQUESTED', now()
FROM "Seeker" WHERE "vitalProfession" IS NOT NULL AND trim("vitalProfession") <> '' AND "workMunicipalityId" IS NOT NULL;

UPDATE "Seeker" SET "accessibilityNeed" = 'NONE' WHERE "accessibilityNeed" <> 'NONE';
UPDATE "Seeker" SET "vitalProfession" = NULL WHERE "vitalProfession" IS NOT NULL;
