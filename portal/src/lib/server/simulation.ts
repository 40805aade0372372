/**
 * GraphQL operations of the what-if scenarios (wat-als-simulatie, issue 14 item 4), shared by the
 * administrator pages (/werk/beheer/simulaties) and the public ones (/resultaten/simulaties).
 * Typed with gql.tada from `api/schema.graphql`.
 */
import { ErrorFields, ValidationFields, graphql, typed, type ResultOf } from "$lib/graphql";

/** What a list row shows. */
export const ScenarioRowFields = graphql(`
  fragment ScenarioRowFields on SimulationScenario {
    id
    title
    year
    region
    status
    progress
    progressDone
    progressTotal
    createdAt
    publishedAt
  }
`);

/** Everything a scenario page shows: change, report (figures per group), method and limits. */
export const ScenarioFields = graphql(
  `
    fragment ScenarioFields on SimulationScenario {
      ...ScenarioRowFields
      ruleSetVersion
      startedAt
      finishedAt
      error
      change {
        retainedShareOnAcceptance
        lotteryShare
        priorityOrder
        addPriorityRule
        dropUrgencyCategories
        seed
      }
      report {
        listings
        letBaseline
        letScenario
        changedHands
        lotteryListings
        method
        limits
        groups {
          group
          housedBaseline
          housedScenario
          meanYearsBaseline
          meanYearsScenario
        }
      }
    }
  `,
  [ScenarioRowFields],
);

export type ScenarioRow = ResultOf<typeof ScenarioRowFields>;
export type Scenario = ResultOf<typeof ScenarioFields>;

/** Scenarios, newest first (administrators: all, unless `publishedOnly`; others: published). */
export const SCENARIOS = typed(
  graphql(
    `
      query PortalSimulationScenarios($publishedOnly: Boolean) {
        simulationScenarios(first: 50, publishedOnly: $publishedOnly) {
          totalCount
          edges {
            node {
              ...ScenarioRowFields
            }
          }
        }
      }
    `,
    [ScenarioRowFields],
  ),
);

/** One scenario (null when absent or not visible) and the municipality names for its groups. */
export const SCENARIO = typed(
  graphql(
    `
      query PortalSimulationScenario($id: ID!) {
        node(id: $id) {
          __typename
          ...ScenarioFields
        }
        municipalities {
          id
          name
        }
      }
    `,
    [ScenarioFields],
  ),
);

/** The rule set in force today (its priority order is the form's default). */
export const RULES_IN_FORCE = typed(
  graphql(`
    query PortalSimulationRules {
      ruleSetInForce
    }
  `),
);

export const SCENARIO_CREATE = typed(
  graphql(
    `
      mutation PortalSimulationScenarioCreate($input: SimulationScenarioCreateInput!) {
        simulationScenarioCreate(input: $input) {
          __typename
          ... on SimulationScenarioCreateSuccess {
            simulationScenario {
              id
            }
          }
          ...ErrorFields
          ...ValidationFields
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

export const SCENARIO_PUBLISH = typed(
  graphql(
    `
      mutation PortalSimulationScenarioPublish($id: ID!) {
        simulationScenarioPublish(input: { id: $id }) {
          __typename
          ...ErrorFields
        }
      }
    `,
    [ErrorFields],
  ),
);

/** A scenario from a SCENARIO result, or null when the id named something else or nothing. */
export function scenarioOf(node: { __typename: string } | null | undefined): Scenario | null {
  return node && node.__typename === "SimulationScenario" ? (node as unknown as Scenario) : null;
}
