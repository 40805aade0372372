-- AlterTable: the seeker's ranking inputs frozen at close (issue: positions on let listings).
ALTER TABLE "Response" ADD COLUMN     "seekerAtClose" JSONB;
