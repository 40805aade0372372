/**
 * The schema: imports every domain file (each adds its types, queries and mutations to the
 * builder) and builds it. Nothing else lives here.
 */
import { builder } from "./builder.ts";
import "./common.ts";
import "./organisation.ts";
import "./listing.ts";
import "./seeker.ts";
import "./response.ts";
import "./urgency.ts";
import "./claims.ts";
import "./seeker-documents.ts";
import "./response-limit-monitoring.ts";
import "./places.ts";
import "./woongroep.ts";
import "./letting.ts";
import "./statistics.ts";
import "./auth.ts";
import "./ruleset.ts";
import "./admin.ts";
import "./account.ts";
import "./audit.ts";
import "./simulation.ts";
import "./mediation.ts";
import "./saved-search.ts";
import "./duplicates.ts";
import "./listing-editor.ts";
import "./jobs.ts";
import "./representative.ts";
import "./objection.ts";

builder.queryType({ description: "Public reads, the signed-in seeker's data, and staff work lists." });
builder.mutationType({
  description:
    "One mutation per action, named object-first. Each returns a `<Mutation>Result` union of a success type and typed errors implementing `Error`.",
});

export const schema = builder.toSchema({ sortSchema: true });
