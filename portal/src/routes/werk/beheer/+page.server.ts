import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";

/** Admin-only figures: staff accounts, organisations, rule set versions, audit entries this week. */
const FIGURES = typed(
  graphql(`
    query PortalAdminFigures($since: DateTime!) {
      staffAccounts(first: 1) {
        totalCount
      }
      organisations(first: 100) {
        edges {
          node {
            id
          }
        }
      }
      ruleSets {
        version
        effectiveFrom
      }
      week: auditEvents(first: 1, filter: { from: $since }) {
        totalCount
      }
      documentReads: auditEvents(first: 1, filter: { from: $since, entityType: "UrgencyDocument" }) {
        totalCount
      }
    }
  `),
);

export const load: PageServerLoad = async (event) => {
  const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const d = await run(event, FIGURES, { since });
  return {
    figures: {
      staffAccounts: d.staffAccounts.totalCount,
      organisations: d.organisations.edges.length,
      ruleSetVersions: d.ruleSets.length,
      auditWeek: d.week.totalCount,
      documentReadsWeek: d.documentReads.totalCount,
    },
  };
};
