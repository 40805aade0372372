-- Objections (bezwaar) against urgency decisions and complaints (klacht) about allocation outcomes.

-- CreateEnum
CREATE TYPE "ObjectionKind" AS ENUM ('OBJECTION', 'COMPLAINT');

-- CreateEnum
CREATE TYPE "ObjectionStatus" AS ENUM ('RECEIVED', 'HEARING_PLANNED', 'DECIDED');

-- CreateEnum
CREATE TYPE "ObjectionOutcome" AS ENUM ('UPHELD', 'REJECTED');

-- CreateTable
CREATE TABLE "Objection" (
    "id" UUID NOT NULL,
    "kind" "ObjectionKind" NOT NULL,
    "seekerId" UUID NOT NULL,
    "urgencyApplicationId" UUID,
    "responseId" UUID,
    "reasons" TEXT NOT NULL,
    "status" "ObjectionStatus" NOT NULL DEFAULT 'RECEIVED',
    "filedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decisionDate" DATE NOT NULL,
    "periodEndsOn" DATE NOT NULL,
    "filedLate" BOOLEAN NOT NULL DEFAULT false,
    "decisionDueOn" DATE NOT NULL,
    "extendedAt" TIMESTAMP(3),
    "hearingAt" TIMESTAMP(3),
    "hearingLocation" TEXT,
    "handlerId" UUID,
    "outcome" "ObjectionOutcome",
    "decision" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Objection_subject_check" CHECK (("kind" = 'OBJECTION' AND "urgencyApplicationId" IS NOT NULL AND "responseId" IS NULL) OR ("kind" = 'COMPLAINT' AND "responseId" IS NOT NULL AND "urgencyApplicationId" IS NULL))
);

-- CreateTable
CREATE TABLE "ObjectionDocument" (
    "id" UUID NOT NULL,
    "objectionId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "iv" BYTEA NOT NULL,
    "authTag" BYTEA NOT NULL,
    "keyId" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ObjectionDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Objection_urgencyApplicationId_key" ON "Objection"("urgencyApplicationId");

-- CreateIndex
CREATE UNIQUE INDEX "Objection_responseId_key" ON "Objection"("responseId");

-- CreateIndex
CREATE INDEX "Objection_seekerId_idx" ON "Objection"("seekerId");

-- CreateIndex
CREATE INDEX "Objection_kind_status_filedAt_idx" ON "Objection"("kind", "status", "filedAt");

-- CreateIndex
CREATE INDEX "ObjectionDocument_objectionId_idx" ON "ObjectionDocument"("objectionId");

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_urgencyApplicationId_fkey" FOREIGN KEY ("urgencyApplicationId") REFERENCES "UrgencyApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_handlerId_fkey" FOREIGN KEY ("handlerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObjectionDocument" ADD CONSTRAINT "ObjectionDocument_objectionId_fkey" FOREIGN KEY ("objectionId") REFERENCES "Objection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
