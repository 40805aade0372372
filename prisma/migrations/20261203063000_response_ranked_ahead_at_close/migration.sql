-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "rankedAheadAtClose" INTEGER;
