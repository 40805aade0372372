/**
 * Row locks that serialize writers which must see each other's effects, taken at the start of a
 * write transaction (PostgreSQL `SELECT … FOR UPDATE / FOR SHARE`, held until commit). Under the
 * default READ COMMITTED isolation, a check-then-write ("at most 3 open applications", "replace the
 * household members", "only while the listing is open") is only sound when every writer that can
 * invalidate the check takes a conflicting lock on the same row first.
 *
 * - Per seeker: `householdUpdate` and `urgencyApplicationCreate` lock the seeker row FOR UPDATE, so
 *   concurrent calls of the same seeker run one after the other.
 * - Per listing: `listingRespond` locks the listing row FOR SHARE (responses of different seekers
 *   still run in parallel), closing (`closeListingTx`, used by `listingClose` and the close job)
 *   locks it FOR UPDATE; a response is therefore either committed before the close ranks the
 *   listing, or sees the listing CLOSED and is refused.
 */
import type { Tx } from "./db.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Lock a seeker row FOR UPDATE until the transaction ends.
 * @returns false when the seeker does not exist
 */
export async function lockSeekerForUpdate(tx: Tx, seekerId: string): Promise<boolean> {
  if (!UUID.test(seekerId)) return false;
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Seeker" WHERE id = ${seekerId}::uuid FOR UPDATE`;
  return rows.length === 1;
}

/**
 * Lock a listing row FOR KEY SHARE (many responders at once, excludes a concurrent close, which
 * takes FOR UPDATE) until the transaction ends. KEY SHARE, not SHARE: the trigger that keeps
 * `Listing.responseCount` exact updates the same row (a FOR NO KEY UPDATE lock) in each
 * responder's transaction; under FOR SHARE two responders would each wait for the other's share
 * lock (a deadlock), while KEY SHARE lets them queue. @returns false when the listing does not exist
 */
export async function lockListingForShare(tx: Tx, listingId: string): Promise<boolean> {
  if (!UUID.test(listingId)) return false;
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Listing" WHERE id = ${listingId}::uuid FOR KEY SHARE`;
  return rows.length === 1;
}

/**
 * Lock a listing row FOR UPDATE (waits for every transaction holding it FOR SHARE) until the
 * transaction ends. @returns false when the listing does not exist
 */
export async function lockListingForUpdate(tx: Tx, listingId: string): Promise<boolean> {
  if (!UUID.test(listingId)) return false;
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Listing" WHERE id = ${listingId}::uuid FOR UPDATE`;
  return rows.length === 1;
}
