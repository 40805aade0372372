-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('LANDLORD', 'MUNICIPALITY', 'ASSESSING_BODY', 'PLATFORM');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('LANDLORD_STAFF', 'ASSESSOR', 'COMMITTEE_MEMBER', 'ADMINISTRATOR');

-- CreateEnum
CREATE TYPE "AccountKind" AS ENUM ('SEEKER', 'STAFF');

-- CreateEnum
CREATE TYPE "CurrentDwellingKind" AS ENUM ('NONE', 'WITH_PARENTS', 'ROOM', 'INDEPENDENT_RENTAL', 'OWNER_OCCUPIED', 'INSTITUTION');

-- CreateEnum
CREATE TYPE "HouseholdRole" AS ENUM ('APPLICANT', 'PARTNER', 'CHILD', 'OTHER');

-- CreateEnum
CREATE TYPE "IncomeSource" AS ENUM ('TAX_STATEMENT', 'PAYSLIPS', 'BENEFIT_STATEMENT', 'SELF_DECLARED');

-- CreateEnum
CREATE TYPE "AccessibilityNeed" AS ENUM ('NONE', 'WALKER', 'WHEELCHAIR');

-- CreateEnum
CREATE TYPE "SeekerStatus" AS ENUM ('ACTIVE', 'SUSPENDED', 'HOUSED');

-- CreateEnum
CREATE TYPE "DwellingType" AS ENUM ('APARTMENT', 'GROUND_FLOOR_APARTMENT', 'UPPER_FLOOR_DWELLING', 'SINGLE_FAMILY_HOUSE', 'STUDIO', 'ROOM', 'SENIOR_DWELLING');

-- CreateEnum
CREATE TYPE "AccessibilityLabel" AS ENUM ('NONE', 'WALKER', 'WHEELCHAIR');

-- CreateEnum
CREATE TYPE "EnergyLabel" AS ENUM ('A_PLUS_4', 'A_PLUS_3', 'A_PLUS_2', 'A_PLUS_1', 'A', 'B', 'C', 'D', 'E', 'F', 'G');

-- CreateEnum
CREATE TYPE "AllocationModel" AS ENUM ('AANBOD', 'LOTERIJ', 'WOONGROEP', 'BEMIDDELING');

-- CreateEnum
CREATE TYPE "ListingStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'CLOSED', 'OFFERING', 'LET', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "AgeLabel" AS ENUM ('NONE', 'AGE_55_PLUS', 'AGE_65_PLUS', 'YOUTH_18_23');

-- CreateEnum
CREATE TYPE "IncomeBand" AS ENUM ('DAEB', 'MIDDLE', 'ORDINANCE', 'MIDDLE_RENT');

-- CreateEnum
CREATE TYPE "PriorityRule" AS ENUM ('URGENCY', 'MOVER', 'LOCAL_BINDING', 'VITAL_PROFESSION');

-- CreateEnum
CREATE TYPE "ResponseStatus" AS ENUM ('ACTIVE', 'WITHDRAWN', 'OFFERED', 'ACCEPTED', 'DECLINED', 'NOT_SELECTED');

-- CreateEnum
CREATE TYPE "CommitteeVerdict" AS ENUM ('PENDING', 'SUITABLE', 'UNSUITABLE');

-- CreateEnum
CREATE TYPE "UrgencyCategory" AS ENUM ('MANTELZORG', 'CHRONIC_MEDICAL', 'LEAVING_MENTAL_HEALTH_CARE', 'LEAVING_DOMESTIC_VIOLENCE_SHELTER', 'LEAVING_HOMELESS_SHELTER', 'LEAVING_PROTECTED_LIVING', 'LEAVING_YOUTH_CARE', 'LEAVING_DETENTION', 'DUUP_EXIT_PROGRAMME', 'STATUSHOUDER', 'URBAN_RENEWAL', 'UNINHABITABLE_DWELLING', 'SOCIAL_RELATIONSHIP_WITH_CHILDREN', 'SOCIAL_FINANCIAL', 'HARDSHIP_CLAUSE');

-- CreateEnum
CREATE TYPE "UrgencyStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'IN_REVIEW', 'GRANTED', 'REJECTED', 'WITHDRAWN', 'EXPIRED');

-- CreateEnum
CREATE TYPE "SearchProfileKind" AS ENUM ('PREFERRED', 'GRANTED');

-- CreateEnum
CREATE TYPE "OfferOutcome" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'NO_RESPONSE', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "LettingDecidedBy" AS ENUM ('PRIORITY', 'REGISTRATION_YEARS', 'LOTTERY', 'WOONGROEP', 'MEDIATION');

-- CreateEnum
CREATE TYPE "TokenScope" AS ENUM ('SEEKER_READ', 'RESPONSES_WRITE', 'PROFILE_WRITE', 'URGENCY_READ');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('READ', 'CREATE', 'UPDATE', 'DELETE', 'DECIDE', 'EXPORT', 'SIGN_IN', 'SIGN_IN_FAILED');

-- CreateTable
CREATE TABLE "Municipality" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cores" TEXT[],

    CONSTRAINT "Municipality_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "District" (
    "id" UUID NOT NULL,
    "municipalityId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "shareOfStock" DOUBLE PRECISION,

    CONSTRAINT "District_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" UUID NOT NULL,
    "kind" "OrganisationKind" NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "municipalityId" UUID,
    "website" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "kind" "AccountKind" NOT NULL,
    "displayName" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'nl',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffMembership" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "role" "StaffRole" NOT NULL,
    "woongroepId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Seeker" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "phone" TEXT,
    "registrationDate" DATE NOT NULL,
    "retainedRegistrationYears" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "status" "SeekerStatus" NOT NULL DEFAULT 'ACTIVE',
    "householdSize" INTEGER NOT NULL DEFAULT 1,
    "householdIncomeCents" INTEGER NOT NULL DEFAULT 0,
    "currentDwellingKind" "CurrentDwellingKind" NOT NULL DEFAULT 'NONE',
    "currentDwellingRooms" INTEGER,
    "currentDwellingIsSocialRental" BOOLEAN NOT NULL DEFAULT false,
    "municipalityId" UUID,
    "core" TEXT,
    "workMunicipalityId" UUID,
    "vitalProfession" TEXT,
    "accessibilityNeed" "AccessibilityNeed" NOT NULL DEFAULT 'NONE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Seeker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HouseholdMember" (
    "id" UUID NOT NULL,
    "seekerId" UUID NOT NULL,
    "role" "HouseholdRole" NOT NULL,
    "firstName" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,

    CONSTRAINT "HouseholdMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HouseholdIncome" (
    "id" UUID NOT NULL,
    "seekerId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "source" "IncomeSource" NOT NULL,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "verifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HouseholdIncome_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Complex" (
    "id" UUID NOT NULL,
    "landlordId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "municipalityId" UUID NOT NULL,
    "districtId" UUID,
    "isStudentComplex" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Complex_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Woongroep" (
    "id" UUID NOT NULL,
    "complexId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "targetDragendShare" DOUBLE PRECISION NOT NULL,
    "dragendResidents" INTEGER NOT NULL DEFAULT 0,
    "vragendResidents" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Woongroep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dwelling" (
    "id" UUID NOT NULL,
    "landlordId" UUID NOT NULL,
    "complexId" UUID,
    "street" TEXT NOT NULL,
    "houseNumber" INTEGER NOT NULL,
    "houseNumberSuffix" TEXT,
    "postalCode" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "municipalityId" UUID NOT NULL,
    "districtId" UUID,
    "neighbourhood" TEXT,
    "type" "DwellingType" NOT NULL,
    "floor" INTEGER NOT NULL DEFAULT 0,
    "hasElevator" BOOLEAN NOT NULL DEFAULT false,
    "rooms" INTEGER NOT NULL,
    "areaM2" INTEGER NOT NULL,
    "accessibility" "AccessibilityLabel" NOT NULL DEFAULT 'NONE',
    "energyLabel" "EnergyLabel",
    "netRentCents" INTEGER NOT NULL,
    "serviceCostsCents" INTEGER NOT NULL DEFAULT 0,
    "isNewBuild" BOOLEAN NOT NULL DEFAULT false,
    "buildYear" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dwelling_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Listing" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "dwellingId" UUID NOT NULL,
    "landlordId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "allocationModel" "AllocationModel" NOT NULL,
    "status" "ListingStatus" NOT NULL DEFAULT 'DRAFT',
    "netRentCents" INTEGER NOT NULL,
    "serviceCostsCents" INTEGER NOT NULL DEFAULT 0,
    "publishedAt" TIMESTAMP(3),
    "closesAt" TIMESTAMP(3) NOT NULL,
    "householdMin" INTEGER NOT NULL DEFAULT 1,
    "householdMax" INTEGER NOT NULL DEFAULT 99,
    "ageLabel" "AgeLabel" NOT NULL DEFAULT 'NONE',
    "incomeBand" "IncomeBand" NOT NULL DEFAULT 'DAEB',
    "priorityRules" "PriorityRule"[],
    "vitalProfessions" TEXT[],
    "lotteryCommitment" TEXT,
    "lotterySeed" TEXT,
    "lotterySeedRevealedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "withdrawReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Listing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Response" (
    "id" UUID NOT NULL,
    "listingId" UUID NOT NULL,
    "seekerId" UUID NOT NULL,
    "motivation" TEXT,
    "status" "ResponseStatus" NOT NULL DEFAULT 'ACTIVE',
    "committeeVerdict" "CommitteeVerdict" NOT NULL DEFAULT 'PENDING',
    "committeeReason" TEXT,
    "reviewedById" UUID,
    "reviewedAt" TIMESTAMP(3),
    "finalPosition" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" TIMESTAMP(3),

    CONSTRAINT "Response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" UUID NOT NULL,
    "listingId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "seekerId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "madeById" UUID,
    "offeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondBy" TIMESTAMP(3) NOT NULL,
    "outcome" "OfferOutcome" NOT NULL DEFAULT 'PENDING',
    "outcomeAt" TIMESTAMP(3),
    "outcomeReason" TEXT,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Letting" (
    "id" UUID NOT NULL,
    "listingId" UUID NOT NULL,
    "dwellingId" UUID NOT NULL,
    "seekerId" UUID,
    "responseId" UUID,
    "offerId" UUID,
    "letAt" TIMESTAMP(3) NOT NULL,
    "registrationYearsUsed" DOUBLE PRECISION NOT NULL,
    "seekerWasMover" BOOLEAN NOT NULL,
    "decidedBy" "LettingDecidedBy" NOT NULL,
    "priorityRule" "PriorityRule",
    "urgencyCategory" "UrgencyCategory",
    "allocationModel" "AllocationModel" NOT NULL,
    "responseCount" INTEGER NOT NULL,
    "netRentCents" INTEGER NOT NULL,
    "householdSize" INTEGER NOT NULL,
    "householdIncomeCents" INTEGER NOT NULL,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "Letting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UrgencyApplication" (
    "id" UUID NOT NULL,
    "seekerId" UUID NOT NULL,
    "category" "UrgencyCategory" NOT NULL,
    "situation" TEXT NOT NULL DEFAULT '',
    "status" "UrgencyStatus" NOT NULL DEFAULT 'DRAFT',
    "submittedAt" TIMESTAMP(3),
    "reviewStartedAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "decidedById" UUID,
    "decisionReason" TEXT,
    "grantedCategory" "UrgencyCategory",
    "validFrom" TIMESTAMP(3),
    "validUntil" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UrgencyApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchProfile" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "kind" "SearchProfileKind" NOT NULL,
    "dwellingTypes" "DwellingType"[],
    "minFloor" INTEGER,
    "maxFloor" INTEGER,
    "minRooms" INTEGER,
    "maxRooms" INTEGER,
    "municipalityIds" TEXT[],
    "districtIds" TEXT[],
    "requiresAccessibility" "AccessibilityLabel" NOT NULL DEFAULT 'NONE',

    CONSTRAINT "SearchProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UrgencyDocument" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "iv" BYTEA NOT NULL,
    "authTag" BYTEA NOT NULL,
    "keyId" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UrgencyDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuleSet" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "parameters" JSONB NOT NULL,
    "note" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuleSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "absoluteExpiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonalAccessToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" "TokenScope"[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "PersonalAccessToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PasswordResetToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PasswordResetToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorUserId" UUID,
    "actorRole" TEXT NOT NULL,
    "action" "AuditAction" NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "detail" JSONB,
    "ip" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Municipality_code_key" ON "Municipality"("code");

-- CreateIndex
CREATE UNIQUE INDEX "District_municipalityId_name_key" ON "District"("municipalityId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_name_key" ON "Organisation"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_slug_key" ON "Organisation"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "StaffMembership_organisationId_idx" ON "StaffMembership"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffMembership_userId_organisationId_role_key" ON "StaffMembership"("userId", "organisationId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Seeker_userId_key" ON "Seeker"("userId");

-- CreateIndex
CREATE INDEX "Seeker_registrationDate_idx" ON "Seeker"("registrationDate");

-- CreateIndex
CREATE INDEX "Seeker_householdSize_householdIncomeCents_idx" ON "Seeker"("householdSize", "householdIncomeCents");

-- CreateIndex
CREATE INDEX "HouseholdMember_seekerId_idx" ON "HouseholdMember"("seekerId");

-- CreateIndex
CREATE UNIQUE INDEX "HouseholdIncome_seekerId_year_key" ON "HouseholdIncome"("seekerId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "Woongroep_complexId_key" ON "Woongroep"("complexId");

-- CreateIndex
CREATE INDEX "Dwelling_districtId_idx" ON "Dwelling"("districtId");

-- CreateIndex
CREATE UNIQUE INDEX "Listing_reference_key" ON "Listing"("reference");

-- CreateIndex
CREATE INDEX "Listing_status_closesAt_idx" ON "Listing"("status", "closesAt");

-- CreateIndex
CREATE INDEX "Listing_landlordId_status_idx" ON "Listing"("landlordId", "status");

-- CreateIndex
CREATE INDEX "Listing_allocationModel_status_idx" ON "Listing"("allocationModel", "status");

-- CreateIndex
CREATE INDEX "Response_seekerId_status_idx" ON "Response"("seekerId", "status");

-- CreateIndex
CREATE INDEX "Response_listingId_status_idx" ON "Response"("listingId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Response_listingId_seekerId_key" ON "Response"("listingId", "seekerId");

-- CreateIndex
CREATE INDEX "Offer_seekerId_idx" ON "Offer"("seekerId");

-- CreateIndex
CREATE UNIQUE INDEX "Offer_listingId_responseId_key" ON "Offer"("listingId", "responseId");

-- CreateIndex
CREATE UNIQUE INDEX "Letting_listingId_key" ON "Letting"("listingId");

-- CreateIndex
CREATE UNIQUE INDEX "Letting_responseId_key" ON "Letting"("responseId");

-- CreateIndex
CREATE UNIQUE INDEX "Letting_offerId_key" ON "Letting"("offerId");

-- CreateIndex
CREATE INDEX "Letting_letAt_idx" ON "Letting"("letAt");

-- CreateIndex
CREATE INDEX "UrgencyApplication_seekerId_status_idx" ON "UrgencyApplication"("seekerId", "status");

-- CreateIndex
CREATE INDEX "UrgencyApplication_status_submittedAt_idx" ON "UrgencyApplication"("status", "submittedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SearchProfile_applicationId_kind_key" ON "SearchProfile"("applicationId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "RuleSet_version_key" ON "RuleSet"("version");

-- CreateIndex
CREATE UNIQUE INDEX "RuleSet_effectiveFrom_key" ON "RuleSet"("effectiveFrom");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonalAccessToken_tokenHash_key" ON "PersonalAccessToken"("tokenHash");

-- CreateIndex
CREATE INDEX "PersonalAccessToken_userId_idx" ON "PersonalAccessToken"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "PasswordResetToken_tokenHash_key" ON "PasswordResetToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_idx" ON "AuditLog"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_actorUserId_at_idx" ON "AuditLog"("actorUserId", "at");

-- AddForeignKey
ALTER TABLE "District" ADD CONSTRAINT "District_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMembership" ADD CONSTRAINT "StaffMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMembership" ADD CONSTRAINT "StaffMembership_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMembership" ADD CONSTRAINT "StaffMembership_woongroepId_fkey" FOREIGN KEY ("woongroepId") REFERENCES "Woongroep"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Seeker" ADD CONSTRAINT "Seeker_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Seeker" ADD CONSTRAINT "Seeker_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Seeker" ADD CONSTRAINT "Seeker_workMunicipalityId_fkey" FOREIGN KEY ("workMunicipalityId") REFERENCES "Municipality"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdMember" ADD CONSTRAINT "HouseholdMember_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdIncome" ADD CONSTRAINT "HouseholdIncome_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Complex" ADD CONSTRAINT "Complex_landlordId_fkey" FOREIGN KEY ("landlordId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Complex" ADD CONSTRAINT "Complex_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Complex" ADD CONSTRAINT "Complex_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Woongroep" ADD CONSTRAINT "Woongroep_complexId_fkey" FOREIGN KEY ("complexId") REFERENCES "Complex"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dwelling" ADD CONSTRAINT "Dwelling_landlordId_fkey" FOREIGN KEY ("landlordId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dwelling" ADD CONSTRAINT "Dwelling_complexId_fkey" FOREIGN KEY ("complexId") REFERENCES "Complex"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dwelling" ADD CONSTRAINT "Dwelling_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dwelling" ADD CONSTRAINT "Dwelling_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Listing" ADD CONSTRAINT "Listing_dwellingId_fkey" FOREIGN KEY ("dwellingId") REFERENCES "Dwelling"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Listing" ADD CONSTRAINT "Listing_landlordId_fkey" FOREIGN KEY ("landlordId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_listingId_fkey" FOREIGN KEY ("listingId") REFERENCES "Listing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_listingId_fkey" FOREIGN KEY ("listingId") REFERENCES "Listing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_madeById_fkey" FOREIGN KEY ("madeById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Letting" ADD CONSTRAINT "Letting_listingId_fkey" FOREIGN KEY ("listingId") REFERENCES "Listing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Letting" ADD CONSTRAINT "Letting_dwellingId_fkey" FOREIGN KEY ("dwellingId") REFERENCES "Dwelling"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Letting" ADD CONSTRAINT "Letting_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Letting" ADD CONSTRAINT "Letting_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Letting" ADD CONSTRAINT "Letting_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UrgencyApplication" ADD CONSTRAINT "UrgencyApplication_seekerId_fkey" FOREIGN KEY ("seekerId") REFERENCES "Seeker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UrgencyApplication" ADD CONSTRAINT "UrgencyApplication_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SearchProfile" ADD CONSTRAINT "SearchProfile_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "UrgencyApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UrgencyDocument" ADD CONSTRAINT "UrgencyDocument_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "UrgencyApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleSet" ADD CONSTRAINT "RuleSet_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonalAccessToken" ADD CONSTRAINT "PersonalAccessToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordResetToken" ADD CONSTRAINT "PasswordResetToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
