-- Representatives (gemachtigden): care organisations, the REPRESENTATIVE role and authorisations.
ALTER TYPE "OrganisationKind" ADD VALUE 'CARE_ORGANISATION';
ALTER TYPE "StaffRole" ADD VALUE 'REPRESENTATIVE';

CREATE TYPE "RepresentativeScope" AS ENUM ('READ', 'RESPOND', 'URGENCY_APPLICATION');

CREATE TABLE "Authorisation" (
    "id" UUID NOT NULL,
    "seekerId" UUID NOT NULL,
    "representativeUserId" UUID NOT NULL,
    "scopes" "RepresentativeScope"[],
    "validUntil" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Authorisation_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Authorisation_seekerId_revokedAt_idx" ON "Authorisation"("seekerId", "revokedAt");
CREATE INDEX "Authorisation_representativeUserId_revokedAt_idx" ON "Authorisation"("representativeUserId", "revokedAt");

ALTER TABLE "Authorisation" ADD CONSTRAINT "Authorisation_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Authorisation" ADD CONSTRAINT "Authorisation_representativeUserId_fkey" FOREIGN KEY ("representativeUserId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
