/**
 * Alerts of saved searches (zoekopdracht-attenderingen): new PUBLISHED listings that match a
 * seeker's saved search (the /aanbod filters, `SavedSearch`) are mailed, ONE mail per seeker per
 * run listing every new match of all their due searches (mail kind SEARCH_ALERT, in the seeker's
 * language, with the one-click unsubscribe link of that kind; also in the portal inbox).
 *
 * - IMMEDIATE searches are handled by every run (`runSearchAlerts`, called from jobs.ts
 *   `runJobsOnce`), and a running scheduler starts a run right after `listingPublish`
 *   (`listingPublished` → the waker the job queue registers, queue.ts).
 * - DAILY searches get one digest a day at {@link DAILY_DIGEST_HOUR}:00 Europe/Amsterdam: a run
 *   handles them when their `lastAlertedAt` is before the latest digest time.
 * - OFF searches are never mailed.
 *
 * A listing counts as new for a search when it was published after the search was saved and is
 * still open. Only-eligible searches keep the listings the seeker is eligible for now, by the
 * allocation core's `checkEligibility` with the rule set in force (as `viewer.eligibleListings`
 * and the /aanbod page do). Each listing alerted for a search is recorded (`SavedSearchMatch`,
 * primary key search+listing, inserted with ON CONFLICT DO NOTHING), so no listing is ever mailed
 * twice for one search, even when two processes run at once: the second waits on the first's
 * insert and then skips it. A seeker who unsubscribed from SEARCH_ALERT gets nothing (outbox.ts
 * `enqueueMail`); the matches are still recorded, so re-subscribing does not flood old listings.
 */
import type { Db, Prisma, SavedSearch } from "@woonbeurt/db";
import { amsterdamDate, checkEligibility, ruleSetInForce, startOfAmsterdamDay } from "./allocation/index.ts";
import type { Tx } from "./db.ts";
import { enqueueMail } from "./mail/outbox.ts";
import {
  evaluableOn,
  listingInputTx,
  listingSelect,
  loadRuleSets,
  seekerInclude,
  seekerInput,
} from "./schema/core.ts";

/** Hour of the daily digest, Europe/Amsterdam local time (08:00). */
export const DAILY_DIGEST_HOUR = 8;
/** Seekers handled per run (the next run continues). */
const BATCH = 200;
/** New listings per search in one mail (the rest follow in the next run). */
const MAX_LISTINGS_PER_SEARCH = 20;

const hourFormatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Amsterdam",
  hour: "2-digit",
  hourCycle: "h23",
});

/**
 * The latest daily digest time at or before `now`: {@link DAILY_DIGEST_HOUR}:00 in
 * Europe/Amsterdam today, or yesterday when that is still to come (summer and winter time alike).
 */
export function latestDigestTime(now: Date): Date {
  const at = (dayStart: Date) => {
    // the local hour DAILY_DIGEST_HOUR is 7, 8 or 9 elapsed hours after local midnight (DST days)
    for (const h of [DAILY_DIGEST_HOUR, DAILY_DIGEST_HOUR - 1, DAILY_DIGEST_HOUR + 1]) {
      const t = new Date(dayStart.getTime() + h * 3_600_000);
      if (Number(hourFormatter.format(t)) === DAILY_DIGEST_HOUR) return t;
    }
    return new Date(dayStart.getTime() + DAILY_DIGEST_HOUR * 3_600_000);
  };
  const today = at(startOfAmsterdamDay(amsterdamDate(now)));
  if (today <= now) return today;
  return at(startOfAmsterdamDay(amsterdamDate(new Date(today.getTime() - 24 * 3_600_000))));
}

/** The listings a saved search selects, as a Prisma filter (the same conditions as /aanbod). */
export function savedSearchWhere(
  s: Pick<
    SavedSearch,
    | "municipalityIds"
    | "districtIds"
    | "rentMinCents"
    | "rentMaxCents"
    | "roomsMin"
    | "dwellingTypes"
    | "allocationModels"
    | "accessibility"
  >,
): Prisma.ListingWhereInput {
  const dwelling: Prisma.DwellingWhereInput = {};
  if (s.municipalityIds.length) dwelling.municipalityId = { in: s.municipalityIds };
  if (s.districtIds.length) dwelling.districtId = { in: s.districtIds };
  if (s.roomsMin != null) dwelling.rooms = { gte: s.roomsMin };
  if (s.dwellingTypes.length) dwelling.type = { in: s.dwellingTypes };
  if (s.accessibility.length) dwelling.accessibility = { in: s.accessibility };
  return {
    status: "PUBLISHED",
    ...(s.allocationModels.length ? { allocationModel: { in: s.allocationModels } } : {}),
    ...(s.rentMinCents != null || s.rentMaxCents != null
      ? { netRentCents: { gte: s.rentMinCents ?? undefined, lte: s.rentMaxCents ?? undefined } }
      : {}),
    dwelling,
  };
}

/**
 * A DAILY search is due once per digest time: when it was last handled before the latest digest,
 * or (never handled) saved before it; a search saved at 10:00 gets its first digest the next day.
 */
const dailyDue = (digest: Date) => ({
  OR: [{ lastAlertedAt: { lt: digest } }, { lastAlertedAt: null, createdAt: { lt: digest } }],
});

/** What one alert run did. */
export interface SearchAlertReport {
  /** Mails (and inbox messages) written: at most one per seeker. */
  mailsWritten: number;
  /** Listings newly recorded as alerted, summed over searches. */
  matchesRecorded: number;
}

let waker: (() => void) | null = null;
/** Register (or clear) what starts an alert run soon (the job queue, queue.ts `startJobQueue`). */
export function onListingPublished(fn: (() => void) | null): void {
  waker = fn;
}
/** Called after a listing was published: a running scheduler alerts IMMEDIATE searches within a second. */
export function listingPublished(): void {
  if (waker) setTimeout(waker, 200).unref();
}

/**
 * Alert the due saved searches at `now`: IMMEDIATE ones whenever a listing was published since
 * their last run, DAILY ones once per digest time. One transaction per seeker; safe with several
 * processes at once (see the module doc).
 */
export async function runSearchAlerts(db: Db, now: Date = new Date()): Promise<SearchAlertReport> {
  const report: SearchAlertReport = { mailsWritten: 0, matchesRecorded: 0 };
  const [latest] = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT max("publishedAt") AS at FROM "Listing" WHERE status = 'PUBLISHED' AND "closesAt" > ${now}`;
  if (!latest?.at) return report;
  // A listing's transaction may commit a little after its publishedAt: a search last handled up to
  // 5 minutes after the latest publication is handled again.
  const immediateBefore = new Date(latest.at.getTime() + 5 * 60_000);
  const digest = latestDigestTime(now);
  const stale = (since: Date) => ({ OR: [{ lastAlertedAt: null }, { lastAlertedAt: { lt: since } }] });
  const seekers = await db.savedSearch.findMany({
    where: {
      seeker: { status: "ACTIVE" },
      createdAt: { lte: latest.at },
      OR: [
        { frequency: "IMMEDIATE", ...stale(immediateBefore) },
        { frequency: "DAILY", ...dailyDue(digest) },
      ],
    },
    select: { seekerId: true },
    // longest waiting first, so a busy run cannot keep the same seekers ahead of the others
    orderBy: [{ lastAlertedAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
    distinct: ["seekerId"],
    take: BATCH,
  });
  if (!seekers.length) return report;
  const ruleSet = ruleSetInForce(await loadRuleSets(db), now);
  for (const { seekerId } of seekers) {
    try {
      const r = await db.$transaction((tx) => alertSeekerTx(tx, seekerId, now, digest, ruleSet), {
        timeout: 60_000,
      });
      report.mailsWritten += r.mail ? 1 : 0;
      report.matchesRecorded += r.matches;
    } catch (e) {
      console.error(`[jobs] search alerts of seeker ${seekerId} failed:`, e);
    }
  }
  return report;
}

/** One seeker's due searches: record the new matches and write one mail listing them. */
async function alertSeekerTx(
  tx: Tx,
  seekerId: string,
  now: Date,
  digest: Date,
  ruleSet: ReturnType<typeof ruleSetInForce>,
): Promise<{ mail: boolean; matches: number }> {
  const searches = await tx.savedSearch.findMany({
    where: {
      seekerId,
      OR: [{ frequency: "IMMEDIATE" }, { frequency: "DAILY", ...dailyDue(digest) }],
    },
    orderBy: { createdAt: "asc" },
  });
  if (!searches.length) return { mail: false, matches: 0 };
  const seeker = await tx.seeker.findUniqueOrThrow({
    where: { id: seekerId },
    include: { ...seekerInclude, user: { select: { id: true, email: true, locale: true } } },
  });
  const input = seekerInput(seeker);
  const eligibleOn = (l: Parameters<typeof listingInputTx>[1]) => async () => {
    if (!evaluableOn(input, now)) return false;
    try {
      return checkEligibility(input, await listingInputTx(tx, l), ruleSet, now).eligible;
    } catch {
      return false; // input the core cannot evaluate: not eligible
    }
  };
  const found: { name: string; listings: { title: string; reference: string; id: string }[] }[] = [];
  let matches = 0;
  for (const s of searches) {
    const done = await tx.savedSearchMatch.findMany({
      where: { savedSearchId: s.id },
      select: { listingId: true },
    });
    const candidates = await tx.listing.findMany({
      where: {
        AND: [
          savedSearchWhere(s),
          { closesAt: { gt: now }, publishedAt: { gte: s.createdAt, lte: now } },
          done.length ? { id: { notIn: done.map((d) => d.listingId) } } : {},
        ],
      },
      select: { ...listingSelect, title: true, reference: true },
      orderBy: [{ publishedAt: "asc" }, { id: "asc" }],
      take: MAX_LISTINGS_PER_SEARCH,
    });
    const keep = [];
    for (const l of candidates) if (!s.eligibleOnly || (await eligibleOn(l)())) keep.push(l);
    let fresh: typeof keep = [];
    if (keep.length) {
      const inserted = await tx.$queryRaw<{ listingId: string }[]>`
        INSERT INTO "SavedSearchMatch" ("savedSearchId", "listingId", "alertedAt")
        SELECT ${s.id}::uuid, l, ${now} FROM unnest(${keep.map((l) => l.id)}::uuid[]) AS l
        ON CONFLICT DO NOTHING RETURNING "listingId"`;
      const ids = new Set(inserted.map((r) => r.listingId));
      fresh = keep.filter((l) => ids.has(l.id));
    }
    matches += fresh.length;
    if (fresh.length)
      found.push({
        name: s.name,
        listings: fresh.map((l) => ({ id: l.id, title: l.title, reference: l.reference })),
      });
  }
  await tx.savedSearch.updateMany({
    where: { id: { in: searches.map((s) => s.id) } },
    data: { lastAlertedAt: now },
  });
  if (!found.length) return { mail: false, matches };
  const u = seeker.user;
  const id = await enqueueMail(tx, {
    kind: "SEARCH_ALERT",
    params: { searches: found },
    to: u.email,
    userId: u.id,
    locale: u.locale,
  });
  // due at the run's own time, so the delivery at the end of the same run sends it
  if (id) await tx.outboxMessage.update({ where: { id }, data: { nextAttemptAt: now } });
  return { mail: id != null, matches };
}
