import { startEmbeddedPostgres } from "/work/main/prisma/src/embedded.ts";
const s = await startEmbeddedPostgres();
console.log(s.adminUrl);
process.on("SIGTERM", async () => { await s.stop(); process.exit(0); });
setInterval(() => {}, 1e9);
