import { defineConfig } from "vitest/config";

/**
 * Unit and integration tests (everything except the browser suite, which has its own config in
 * test/vitest.e2e.config.ts). Database tests get a migrated database of their own per file.
 */
export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (`main`) and ESM (`module`) builds; Node-loaded packages (yoga, Pothos)
    // get the CJS one, so vite must too, or `instanceof GraphQLError` fails across two copies.
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    include: [
      "api/src/**/*.test.ts",
      "api/test/**/*.test.ts",
      "prisma/**/*.test.ts",
      "test/integration/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/generated/**"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
