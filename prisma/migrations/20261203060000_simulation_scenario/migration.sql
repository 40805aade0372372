-- CreateEnum
CREATE TYPE "SimulationStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "SimulationScenario" (
    "id" UUID NOT NULL,
    "createdById" UUID,
    "title" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "region" TEXT NOT NULL,
    "ruleSetVersion" INTEGER NOT NULL,
    "change" JSONB NOT NULL,
    "status" "SimulationStatus" NOT NULL DEFAULT 'QUEUED',
    "progressDone" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB,
    "error" TEXT,
    "runToken" UUID,
    "heartbeatAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SimulationScenario_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SimulationScenario_status_createdAt_idx" ON "SimulationScenario"("status", "createdAt");

-- CreateIndex
CREATE INDEX "SimulationScenario_publishedAt_idx" ON "SimulationScenario"("publishedAt");

-- AddForeignKey
ALTER TABLE "SimulationScenario" ADD CONSTRAINT "SimulationScenario_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Invariants: progress within bounds, and only a finished (DONE) scenario is published.
ALTER TABLE "SimulationScenario" ADD CONSTRAINT "SimulationScenario_progress_check"
  CHECK ("progressDone" >= 0 AND "progressTotal" >= 0 AND "progressDone" <= "progressTotal");
ALTER TABLE "SimulationScenario" ADD CONSTRAINT "SimulationScenario_published_done_check"
  CHECK ("publishedAt" IS NULL OR "status" = 'DONE');
