-- AlterTable
ALTER TABLE "Seeker" ADD COLUMN     "isStudent" BOOLEAN NOT NULL DEFAULT false;

