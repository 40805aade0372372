-- AlterTable
ALTER TABLE "UrgencyApplication" ADD COLUMN     "informationRepliedAt" TIMESTAMP(3),
ADD COLUMN     "informationReply" TEXT;
