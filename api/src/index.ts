/** @woonbeurt/api: the GraphQL server factory and the printed schema. */
export { createApp, type AppOptions } from "./server.ts";
export { schema } from "./schema/index.ts";
