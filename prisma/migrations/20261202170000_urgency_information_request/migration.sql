-- An assessor's request for more information on an urgency application (shown to the seeker).
ALTER TABLE "UrgencyApplication" ADD COLUMN "informationRequest" TEXT;
ALTER TABLE "UrgencyApplication" ADD COLUMN "informationRequestedAt" TIMESTAMP(3);
