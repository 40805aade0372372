-- Duplicate registrations (dubbele inschrijvingen, issue 15 item 3): identity keys per seeker and
-- candidate pairs for staff review. New enum values are not used in this migration (PostgreSQL
-- allows ADD VALUE in a transaction only when the value is not used before commit).

-- AlterEnum
ALTER TYPE "SeekerStatus" ADD VALUE 'MERGED';

-- AlterEnum
ALTER TYPE "MailKind" ADD VALUE 'REGISTRATION_MERGED';

-- CreateEnum
CREATE TYPE "DuplicateReason" AS ENUM ('SAME_NAME_AND_BIRTH_DATE', 'SAME_EMAIL', 'SAME_PHONE', 'MEMBER_IS_APPLICANT_ELSEWHERE');

-- CreateEnum
CREATE TYPE "DuplicateStatus" AS ENUM ('OPEN', 'MERGED', 'CLOSED_NOT_DUPLICATE', 'CLOSED_OTHER');

-- CreateTable
CREATE TABLE "SeekerIdentity" (
    "seekerId" UUID NOT NULL,
    "keys" TEXT[],
    "scannedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeekerIdentity_pkey" PRIMARY KEY ("seekerId")
);

-- CreateTable
CREATE TABLE "DuplicateCandidate" (
    "id" UUID NOT NULL,
    "seekerAId" UUID NOT NULL,
    "seekerBId" UUID NOT NULL,
    "reasons" "DuplicateReason"[],
    "status" "DuplicateStatus" NOT NULL DEFAULT 'OPEN',
    "keptSeekerId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DuplicateCandidate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SeekerIdentity_keys_idx" ON "SeekerIdentity" USING GIN ("keys");

-- CreateIndex
CREATE INDEX "DuplicateCandidate_seekerBId_idx" ON "DuplicateCandidate"("seekerBId");

-- CreateIndex
CREATE INDEX "DuplicateCandidate_status_createdAt_idx" ON "DuplicateCandidate"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DuplicateCandidate_seekerAId_seekerBId_key" ON "DuplicateCandidate"("seekerAId", "seekerBId");

-- AddForeignKey
ALTER TABLE "SeekerIdentity" ADD CONSTRAINT "SeekerIdentity_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuplicateCandidate" ADD CONSTRAINT "DuplicateCandidate_seekerAId_fkey" FOREIGN KEY ("seekerAId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuplicateCandidate" ADD CONSTRAINT "DuplicateCandidate_seekerBId_fkey" FOREIGN KEY ("seekerBId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuplicateCandidate" ADD CONSTRAINT "DuplicateCandidate_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A pair is stored once, in id order (the detector sorts, the database makes sure).
ALTER TABLE "DuplicateCandidate" ADD CONSTRAINT "DuplicateCandidate_pair_order" CHECK ("seekerAId" < "seekerBId");
