import { defineConfig } from "vitest/config";

/**
 * Browser suite: the whole stack (embedded PostgreSQL with the `small` seed, API, built portal)
 * started once by e2e/global-setup.ts on free ports, driven with playwright-core and Debian's
 * Chromium (/usr/bin/chromium, or CHROMIUM_PATH). Files run one after another: they share the
 * stack and the API's rate limits.
 */
export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: "forks",
    fileParallelism: false,
  },
});
