-- Shared rate-limit counters (api/src/auth/rate-limit.ts, rate-limiter-flexible's PostgreSQL
-- store): one row per limiter and key, so every API process counts the same attempts.
-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);
