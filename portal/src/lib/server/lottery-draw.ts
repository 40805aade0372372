/**
 * The published draw of a lottery listing (LOTTERY.md), typed from the schema with gql.tada, for
 * /loting/[reference] and its `trekking.json`. The document is the same as `LOTTERY_DRAW_QUERY`
 * of `$lib/lottery-verify` (which `pnpm lottery:verify` sends without the portal);
 * `test/e2e/operations.test.ts` checks that the two stay the same, and its result must fit that
 * module's `LotteryDrawData` (the routes pass it to `drawDocument`).
 */
import { graphql, typed } from "$lib/graphql";

export const LOTTERY_DRAW = typed(
  graphql(`
    query LotteryDraw($reference: String!) {
      listing(reference: $reference) {
        reference
        title
        lottery {
          commitment
          committedAt
          seed
          seedRevealedAt
          algorithm
          entries {
            order
            entryCode
            ticket
          }
        }
      }
    }
  `),
);
