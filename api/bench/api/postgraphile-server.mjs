// PostGraphile v5 (Amber preset) on the benchmark database, for `pnpm bench:api`. Run by the
// benchmark under Node 22 from a bench-only folder it installs postgraphile into at run time
// (never a dependency of the product): `node postgraphile-server.mjs` with DATABASE_URL and
// POSTGRAPHILE_PORT (default 4141).
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";

const port = Number(process.env.POSTGRAPHILE_PORT ?? 4141);
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public"],
      poolConfig: { max: 20 },
    }),
  ],
  grafserv: { port, graphiql: false, watch: false },
  grafast: { explain: false },
};
const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server);
server.listen(port, "127.0.0.1", () =>
  console.log(`PostGraphile ${process.version} on http://127.0.0.1:${port}/graphql`),
);
process.on("SIGTERM", () => {
  server.close();
  void pgl.release().then(() => process.exit(0));
});
