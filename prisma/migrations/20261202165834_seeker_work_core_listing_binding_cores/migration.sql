-- AlterTable
ALTER TABLE "Seeker" ADD COLUMN     "workCore" TEXT;

-- AlterTable
ALTER TABLE "Listing" ADD COLUMN     "bindingCores" TEXT[] DEFAULT ARRAY[]::TEXT[];
