-- CreateEnum
CREATE TYPE "SavedSearchFrequency" AS ENUM ('IMMEDIATE', 'DAILY', 'OFF');

-- CreateTable
CREATE TABLE "SavedSearch" (
    "id" UUID NOT NULL,
    "seekerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "municipalityIds" UUID[],
    "districtIds" UUID[],
    "rentMinCents" INTEGER,
    "rentMaxCents" INTEGER,
    "roomsMin" INTEGER,
    "dwellingTypes" "DwellingType"[],
    "allocationModels" "AllocationModel"[],
    "accessibility" "AccessibilityLabel"[],
    "eligibleOnly" BOOLEAN NOT NULL DEFAULT false,
    "frequency" "SavedSearchFrequency" NOT NULL DEFAULT 'DAILY',
    "lastAlertedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SavedSearch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedSearchMatch" (
    "savedSearchId" UUID NOT NULL,
    "listingId" UUID NOT NULL,
    "alertedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedSearchMatch_pkey" PRIMARY KEY ("savedSearchId","listingId")
);

-- CreateIndex
CREATE INDEX "SavedSearch_seekerId_createdAt_idx" ON "SavedSearch"("seekerId", "createdAt");

-- CreateIndex
CREATE INDEX "SavedSearch_frequency_idx" ON "SavedSearch"("frequency");

-- AddForeignKey
ALTER TABLE "SavedSearch" ADD CONSTRAINT "SavedSearch_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedSearchMatch" ADD CONSTRAINT "SavedSearchMatch_savedSearchId_fkey" FOREIGN KEY ("savedSearchId") REFERENCES "SavedSearch"("id") ON DELETE CASCADE ON UPDATE CASCADE;
