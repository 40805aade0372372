-- Seeker document store (mijn documenten) and the response-limit refusal counter.
CREATE TYPE "SeekerDocumentKind" AS ENUM ('INCOME_STATEMENT', 'IDENTITY', 'PROOF_OF_RESIDENCE', 'MEDICAL_STATEMENT', 'EMPLOYMENT_PROOF', 'OTHER');

CREATE TABLE "SeekerDocument" (
    "id" UUID NOT NULL,
    "seekerId" UUID NOT NULL,
    "kind" "SeekerDocumentKind" NOT NULL,
    "title" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "iv" BYTEA NOT NULL,
    "authTag" BYTEA NOT NULL,
    "keyId" TEXT NOT NULL,
    "validFrom" DATE,
    "validUntil" DATE,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SeekerDocument_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "SeekerDocumentAttachment" (
    "id" UUID NOT NULL,
    "seekerDocumentId" UUID NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" UUID NOT NULL,
    "copyId" UUID NOT NULL,
    "attachedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SeekerDocumentAttachment_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ResponseLimitRefusal" (
    "id" UUID NOT NULL,
    "limit" TEXT NOT NULL,
    "refusedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ResponseLimitRefusal_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "SeekerDocument_seekerId_uploadedAt_idx" ON "SeekerDocument"("seekerId", "uploadedAt");
CREATE INDEX "SeekerDocument_validUntil_idx" ON "SeekerDocument"("validUntil");
CREATE UNIQUE INDEX "SeekerDocumentAttachment_seekerDocumentId_targetType_target_key" ON "SeekerDocumentAttachment"("seekerDocumentId", "targetType", "targetId");
CREATE INDEX "SeekerDocumentAttachment_targetType_targetId_idx" ON "SeekerDocumentAttachment"("targetType", "targetId");
CREATE INDEX "ResponseLimitRefusal_refusedAt_idx" ON "ResponseLimitRefusal"("refusedAt");

ALTER TABLE "SeekerDocument" ADD CONSTRAINT "SeekerDocument_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SeekerDocumentAttachment" ADD CONSTRAINT "SeekerDocumentAttachment_seekerDocumentId_fkey" FOREIGN KEY ("seekerDocumentId") REFERENCES "SeekerDocument"("id") ON DELETE CASCADE ON UPDATE CASCADE;
