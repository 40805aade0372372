/**
 * Seekers (woningzoekenden): the signed-in seeker (`viewer`), registration, household and income,
 * data export and deletion. A Seeker object is visible to that seeker only; staff see
 * purpose-built projections (Applicant for landlords and assessors, CommitteeCandidate for
 * committees).
 */
import { z } from "zod";
import {
  checkEligibility,
  registrationYears,
  retainedYearsOnAcceptance,
  responseLimitCheck,
  type ListingInput,
  type ResponseAllowance,
} from "../allocation/index.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { hasSeekerScope, type Context } from "../auth/context.ts";
import { db, readRows } from "../db.ts";
import { onInvalidation } from "../invalidation.ts";
import { lockSeekerForUpdate } from "../locks.ts";
import { emailSchema, passwordSchema } from "./auth.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { detectDuplicatesOf } from "../duplicates.ts";
import { sendEmailToken } from "../mail/email-token.ts";
import { builder, noRow } from "./builder.ts";
import { birthDateSchema, personNameSchema } from "./input-text.ts";
import {
  AccessibilityNeedEnum,
  CurrentDwellingKindEnum,
  HouseholdRoleEnum,
  encodeGlobal,
  IncomeSourceEnum,
  isoDay,
  ResponseStatusEnum,
  SeekerStatusEnum,
} from "./common.ts";
import {
  eur,
  cents,
  listingInput,
  responseCounts,
  ruleSetAt,
  seekerInput,
  viewerSeeker,
  viewerSeekerRow,
  listingSelect,
  responseFromJson,
  responseJsonSql,
  type ResponseJson,
} from "./core.ts";
import { parseInput, ValidationError, InvalidCredentialsError, RateLimitedError } from "./errors.ts";
import { passwordConfirmFailures, registrationsPerIp, takeAll } from "../auth/rate-limit.ts";
import { audit, isUniqueViolation, requireSeeker } from "./guards.ts";
import { listingConnectionArgs, listingFilterSql, listingOrderSql } from "./listing.ts";
import { Prisma, type TokenScope } from "@woonbeurt/db";
import { memo } from "./loaders.ts";
import { primeViewerResponses } from "./position.ts";
import { resolvePlaces, SeekerPlacesInput } from "./places.ts";

const HouseholdMember = builder.prismaObject("HouseholdMember", {
  description: "A member of the seeker's household other than the applicant.",
  fields: (t) => ({
    role: t.expose("role", { type: HouseholdRoleEnum, description: "Role in the household." }),
    firstName: t.exposeString("firstName", { description: "First name." }),
    birthDate: t.expose("birthDate", { type: "Date", description: "Birth date." }),
  }),
});
void HouseholdMember;

builder.prismaObject("HouseholdIncome", {
  description: "A yearly household income declaration.",
  fields: (t) => ({
    year: t.exposeInt("year", { description: "Calendar year the income refers to." }),
    amount: t.float({
      description: "Gross household income, EUR per year.",
      resolve: (i) => eur(i.amountCents),
    }),
    source: t.expose("source", { type: IncomeSourceEnum, description: "Where the figure comes from." }),
    verified: t.exposeBoolean("verified", { description: "Verified by a landlord or assessor." }),
  }),
});

const RegistrationRef = builder
  .objectRef<{ registrationDate: Date; retained: number; sinceRegistration: number; total: number }>(
    "RegistrationYears",
  )
  .implement({
    description:
      "Registration years (inschrijfduur) and how they are computed: completed anniversaries of the registration date plus the elapsed fraction of the current year (actual/actual), plus years retained from an earlier registration (75% kept on accepting a dwelling, [001] §E.3 Voorstel IV).",
    fields: (t) => ({
      registrationDate: t.expose("registrationDate", {
        type: "Date",
        description: "Registration date (inschrijfdatum).",
      }),
      sinceRegistration: t.exposeFloat("sinceRegistration", {
        description: "Years since the registration date.",
      }),
      retained: t.exposeFloat("retained", { description: "Years retained from an earlier registration." }),
      total: t.exposeFloat("total", { description: "Total registration years used for ranking (years)." }),
      explanation: t.string({
        description: "The computation in words (English).",
        resolve: (r) =>
          `${r.sinceRegistration.toFixed(2)} years since ${isoDay(r.registrationDate)}${r.retained ? ` + ${r.retained.toFixed(2)} retained years` : ""} = ${r.total.toFixed(2)} years`,
      }),
    }),
  });

const ResponseStateEnum = builder.enumType("ResponseState", {
  description: "Whether a response is still in play (dashboard: active vs past responses).",
  values: {
    ACTIVE: {
      description:
        "Status ACTIVE or OFFERED on a listing that is not withdrawn: the response can still lead to an offer or letting.",
    },
    PAST: {
      description:
        "Everything else: WITHDRAWN, ACCEPTED, DECLINED, NOT_SELECTED, or any response on a withdrawn listing.",
    },
  } as const,
});

/** The where-clause of a response state; ACTIVE and PAST partition all responses. */
export function responseStateWhere(state: "ACTIVE" | "PAST"): Prisma.ResponseWhereInput {
  const active: Prisma.ResponseWhereInput = {
    status: { in: ["ACTIVE", "OFFERED"] },
    listing: { status: { not: "WITHDRAWN" } },
  };
  return state === "ACTIVE" ? active : { NOT: active };
}

/** Whether the caller is the seeker `seekerId` and may use `scope` (a session may use every scope). */
function isSelfWith(ctx: Context, seekerId: string, scope: TokenScope): boolean {
  return ctx.viewer?.seekerId === seekerId && hasSeekerScope(ctx.viewer, scope);
}

const ResponseAllowanceRef = builder.objectRef<ResponseAllowance>("ResponseAllowance").implement({
  description:
    "A seeker's room under the response limits of the rule set in force (reactielimiet); every count in responses.",
  fields: (t) => ({
    allowed: t.exposeBoolean("allowed", { description: "Whether one more response is allowed now." }),
    maxActive: t.exposeInt("maxActive", {
      nullable: true,
      description: "Most open responses at once (not withdrawn, on listings still open); null = no limit.",
    }),
    activeLeft: t.exposeInt("activeLeft", {
      nullable: true,
      description: "Open responses still allowed; null without that limit.",
    }),
    maxPerWeek: t.exposeInt("maxPerWeek", {
      nullable: true,
      description: "Most responses in 7 days (withdrawn ones included); null = no limit.",
    }),
    weekLeft: t.exposeInt("weekLeft", {
      nullable: true,
      description: "Responses still allowed in the current 7 days; null without that limit.",
    }),
  }),
});

export const Seeker = builder.prismaNode("Seeker", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: {
    field: "id",
    // also for a token with URGENCY_READ only, which reaches its own seeker through `viewer`
    skipTypeScopes: true,
    authScopes: (s, _a, ctx) => isSelfWith(ctx, s.id, "SEEKER_READ") || isSelfWith(ctx, s.id, "URGENCY_READ"),
  },
  description:
    "A registered household looking for social rental housing (woningzoekende). Visible to the seeker themself only (token scope SEEKER_READ; with URGENCY_READ alone only `id` and `urgencyApplications`).",
  authScopes: (s, ctx) => isSelfWith(ctx, s.id, "SEEKER_READ"),
  fields: (t) => ({
    firstName: t.exposeString("firstName", { description: "First name." }),
    lastName: t.exposeString("lastName", { description: "Last name." }),
    email: t.string({
      description: "Email address of the account.",
      select: { user: { select: { email: true } } },
      resolve: (s) => s.user.email,
    }),
    birthDate: t.expose("birthDate", { type: "Date", description: "Birth date of the applicant." }),
    phone: t.exposeString("phone", { nullable: true, description: "Phone number." }),
    status: t.expose("status", { type: SeekerStatusEnum, description: "Registration status." }),
    registrationNumber: t.exposeInt("registrationNumber", {
      description:
        "Registration number (inschrijfnummer): assigned at registration, never changes; with a listing's reference it gives the seeker's lottery entry code there (LOTTERY.md).",
    }),
    registrationDate: t.expose("registrationDate", {
      type: "Date",
      description: "Registration date (inschrijfdatum).",
    }),
    registrationYears: t.float({
      description: "Registration years today including retained years (years).",
      resolve: (s) => registrationYears(s.registrationDate, s.retainedRegistrationYears, new Date()),
    }),
    responseAllowance: t.field({
      type: ResponseAllowanceRef,
      description:
        "How many more responses the rule set in force lets this seeker make now (reactielimiet: `responses.maxActive` open at once, `responses.maxPerWeek` in 7 days; null limits = none). listingRespond refuses with ResponseLimitReachedError when `allowed` is false.",
      resolve: async (s, _a, ctx) => {
        const now = new Date();
        return responseLimitCheck(await responseCounts(db() as never, s.id, now), await ruleSetAt(ctx, now));
      },
    }),
    registration: t.field({
      type: RegistrationRef,
      description: "Registration years with how they were computed.",
      resolve: (s) => {
        const since = registrationYears(s.registrationDate, 0, new Date());
        return {
          registrationDate: s.registrationDate,
          retained: s.retainedRegistrationYears,
          sinceRegistration: since,
          total: registrationYears(s.registrationDate, s.retainedRegistrationYears, new Date()),
        };
      },
    }),
    isMover: t.boolean({
      description: "Leaves an independent rental dwelling behind (doorstromer); otherwise a starter.",
      resolve: (s) => s.currentDwellingKind === "INDEPENDENT_RENTAL",
    }),
    householdSize: t.exposeInt("householdSize", {
      description: "Persons in the household including the applicant.",
    }),
    householdMembers: t.relation("members", { description: "Household members other than the applicant." }),
    householdIncome: t.float({
      description: "Current yearly household income, EUR per year.",
      resolve: (s) => eur(s.householdIncomeCents),
    }),
    incomes: t.relation("incomes", {
      description: "Income declarations by year.",
      query: { orderBy: { year: "desc" } },
    }),
    currentDwellingKind: t.expose("currentDwellingKind", {
      type: CurrentDwellingKindEnum,
      description: "Current housing situation.",
    }),
    currentDwellingRooms: t.exposeInt("currentDwellingRooms", {
      nullable: true,
      description: "Rooms of the current dwelling (mover rule: >= 4 rooms [001] §E.2a).",
    }),
    currentDwellingIsSocialRental: t.exposeBoolean("currentDwellingIsSocialRental", {
      description: "Whether the current dwelling is social rental.",
    }),
    municipality: t.relation("municipality", { nullable: true, description: "Municipality of residence." }),
    accessibilityNeed: t.expose("accessibilityNeed", {
      type: AccessibilityNeedEnum,
      description:
        'Granted care indication (indicatie) for accessible dwellings: NONE until an assessor grants a `careIndications` request [003] "de gemeente kent een woonvoorziening toe". Never self-declared.',
    }),
    vitalProfession: t.exposeString("vitalProfession", {
      nullable: true,
      description:
        'Vital profession (vitaal beroep) an assessor accepted with proof ([003] "wel even aantonen"), or null. See `vitalProfessionClaims`.',
    }),
    responses: t.relatedConnection("responses", {
      cursor: "id",
      description:
        "The seeker's responses, newest first, optionally narrowed by `state` and/or `statuses` (both must hold). `totalCount` counts all matches.",
      totalCount: true,
      args: {
        state: t.arg({
          type: ResponseStateEnum,
          required: false,
          description: "ACTIVE (still in play) or PAST (ended); omit for both.",
        }),
        statuses: t.arg({
          type: [ResponseStatusEnum],
          required: false,
          description: "Only responses with one of these statuses; omit or [] for any.",
        }),
      },
      query: (args) => ({
        where: {
          AND: [
            args.state ? responseStateWhere(args.state) : {},
            args.statuses?.length ? { status: { in: args.statuses } } : {},
          ],
        },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      }),
    }),
    offers: t.relation("offers", {
      description: "Offers made to the seeker.",
      query: { orderBy: { offeredAt: "desc" } },
    }),
    urgencyApplications: t.relatedConnection("urgencyApplications", {
      cursor: "id",
      description: "Urgency applications (token scope URGENCY_READ or a session).",
      // not the type's SEEKER_READ: a token with URGENCY_READ alone reads its applications here
      skipTypeScopes: true,
      authScopes: (s, _a, ctx) => isSelfWith(ctx, s.id, "URGENCY_READ"),
      query: { orderBy: [{ createdAt: "desc" }, { id: "asc" }] },
    }),
    personalAccessTokens: t.prismaField({
      type: ["PersonalAccessToken"],
      description: "Personal access tokens of the account (session only).",
      authScopes: { seeker: "SESSION_ONLY" },
      resolve: (q, s) =>
        db().personalAccessToken.findMany({
          ...q,
          where: { userId: s.userId },
          orderBy: { createdAt: "desc" },
        }),
    }),
    eligibleListings: t.prismaConnection({
      type: "Listing",
      cursor: "id",
      description:
        "Published, open listings the seeker is eligible for now (every eligibility check passes), narrowed by `filter` and ordered by `orderBy` exactly like the public `listings` (default: closing soonest first). Paginated by cursor like every connection; `totalCount` counts all eligible open listings matching the filter. Raises VALIDATION_FAILED on bad filters.",
      args: listingConnectionArgs,
      totalCount: (_s, args, ctx) => eligibleTotal(ctx, args.filter),
      resolve: async (query, _s, args, ctx) => {
        const { take, skip, cursor, ...selection } = query as typeof query & {
          take?: number;
          skip?: number;
          cursor?: { id: string };
        };
        // The viewer's own responses on the page's listings come with the page statement.
        const { ids, fresh, kept } = await eligiblePage(ctx, args, {
          take: take ?? 21,
          skip: skip ?? 0,
          cursor: cursor?.id,
        });
        if (ids.length === 0 || !kept) return [];
        return pageRows(kept, selection, ids, fresh);
      },
    }),
  }),
});

/**
 * How long the open listings' eligibility inputs ({@link openListingInputs}) and their card rows
 * may be kept for what neither their version key nor an invalidation can see: a write to the
 * database outside the API (milliseconds).
 */
export const OPEN_LISTING_INPUTS_MAX_AGE_MS = 60_000;

/** At most this many different card selections (GraphQL selections of `eligibleListings`) are kept. */
const KEPT_SELECTIONS = 8;

type OpenListingInput = { id: string; closesAt: Date; input: ListingInput };
/** The published listings' inputs as kept, with the version key they were read at. */
interface KeptOpenListings {
  /** `count|latest updatedAt` of the published listings when read. */
  key: string;
  at: number;
  data: Promise<OpenListingInput[]>;
  /**
   * Card rows of published listings as Prisma returned them, per selection (its JSON), by
   * listing id: public data, shared by every seeker's page. What a response write changes (rank
   * version, response count) is not taken from them but from the page statement ({@link pageRows}).
   */
  rows: Map<string, Map<string, unknown>>;
}
let openListingsKept: KeptOpenListings | null = null;

const versionKeyOf = (n: number | null | undefined, latest: Date | null | undefined) =>
  `${n ?? 0}|${latest?.toISOString() ?? ""}`;

/**
 * The published listings as the core's ListingInput, shared by every seeker's `eligibleListings`
 * (no personal data), kept in the process while their version key is unchanged — the number of
 * published listings and their latest update time — and for at most
 * {@link OPEN_LISTING_INPUTS_MAX_AGE_MS}, and forgotten by every public write through the API in
 * any process (invalidation.ts "publicReads"). A listing published, edited, closed or withdrawn
 * therefore counts at the next request; each page's cards are checked again on their own rows
 * (`viewerEligibility`), and `listingRespond` checks eligibility inside its transaction.
 *
 * @param verify - read the version key now (one indexed statement) rather than trusting kept
 *   inputs younger than the age limit; callers that skip it check the key in their own statement
 *   ({@link eligiblePage})
 */
async function openListingInputs(
  ctx: Parameters<typeof viewerSeeker>[0],
  verify: boolean,
): Promise<KeptOpenListings> {
  const kept = openListingsKept;
  const young = kept && Date.now() - kept.at < OPEN_LISTING_INPUTS_MAX_AGE_MS;
  if (young && !verify) return kept;
  const [v] = await db().$queryRaw<{ n: number; latest: Date | null }[]>`
    SELECT count(*)::int AS n, max("updatedAt") AS latest FROM "Listing" WHERE status = 'PUBLISHED'`;
  const key = versionKeyOf(v?.n, v?.latest);
  const now = openListingsKept;
  if (now && now.key === key && Date.now() - now.at < OPEN_LISTING_INPUTS_MAX_AGE_MS) return now;
  const data = (async () => {
    const rows = await db().listing.findMany({ where: { status: "PUBLISHED" }, select: listingSelect });
    return Promise.all(
      rows.map(async (l) => ({ id: l.id, closesAt: l.closesAt, input: await listingInput(ctx, l) })),
    );
  })();
  const entry: KeptOpenListings = { key, at: Date.now(), data, rows: new Map() };
  openListingsKept = entry;
  data.catch(() => {
    if (openListingsKept === entry) openListingsKept = null;
  });
  return entry;
}

/** Forget the kept open listings and their card rows (tests; and any public write, here or in another process). */
export function clearOpenListingInputs(): void {
  openListingsKept = null;
}
// a public write (e.g. a published listing's dwelling edited) may change the inputs without
// changing their version key: forget them at once rather than after the 60 s
onInvalidation("publicReads", clearOpenListingInputs);

/** What a card row may hold stale when kept, as the page statement read it. */
interface FreshCard {
  /** `Listing.rankVersion`: the key under which the listing's rank keys are kept (rank-keys.ts). */
  rankVersion: number;
  /** `Listing.responseCount`. */
  responseCount: number;
}

/**
 * The cards of one page in page order: kept card rows of the page's selection, and the missing
 * ones read with the selection in one statement (then kept while `kept` is current); each with
 * its rank version and response count as the page statement read them, so that positions and
 * counts are never those of a kept row. A kept row is shared between requests and never changed.
 *
 * @param selection - Pothos's Prisma selection for the page's rows (`include`/`select`)
 * @param ids - the page's listing ids in connection order
 * @param fresh - rank version and response count by listing id, from the page statement
 */
async function pageRows(
  kept: KeptOpenListings,
  selection: object,
  ids: string[],
  fresh: Map<string, FreshCard>,
) {
  type Row = Awaited<ReturnType<ReturnType<typeof db>["listing"]["findMany"]>>[number];
  const selKey = JSON.stringify(selection);
  let rows = kept.rows.get(selKey) as Map<string, Row> | undefined;
  if (!rows && kept.rows.size < KEPT_SELECTIONS) kept.rows.set(selKey, (rows = new Map()));
  const missing = rows ? ids.filter((id) => !rows.has(id)) : ids;
  const read = new Map<string, Row>();
  if (missing.length > 0) {
    for (const r of await db().listing.findMany({ ...selection, where: { id: { in: missing } } }))
      read.set(r.id, r);
    // kept only while this generation is current (a row read across a public write belongs to
    // the generation that write forgot)
    if (rows && openListingsKept === kept) for (const [id, r] of read) rows.set(id, r);
  }
  const out: Row[] = [];
  for (const id of ids) {
    const r = read.get(id) ?? rows?.get(id);
    if (r) out.push({ ...r, ...fresh.get(id) });
  }
  return out;
}

/**
 * Ids of open listings the viewer is eligible for, with the kept open listings they were
 * computed from (memoised per request, per `verify`).
 *
 * Complexity: the published listings' inputs come from {@link openListingInputs}, then the core's
 * `checkEligibility` per open listing in memory — O(open listings) per request, independent of the
 * page size. The core's SQL builder (allocation/where.ts `seekerWhereForListing`) filters
 * *seekers* for one listing; there is no listing-side builder (a filter over listings for one
 * seeker), so the eligibility rules are not pushed into SQL here.
 */
function eligibleIds(
  ctx: Parameters<typeof viewerSeeker>[0],
  verify: boolean,
): Promise<{ ids: string[]; kept: KeptOpenListings | null }> {
  return memo(ctx, `eligibleListingIds:${verify}`, async () => {
    const seeker = await viewerSeeker(ctx);
    if (!seeker) return { ids: [], kept: null };
    const now = new Date();
    const [kept, rs] = await Promise.all([openListingInputs(ctx, verify), ruleSetAt(ctx, now)]);
    const input = seekerInput(seeker);
    const ids: string[] = [];
    for (const l of await kept.data)
      if (l.closesAt > now && checkEligibility(input, l.input, rs, now).eligible) ids.push(l.id);
    return { ids, kept };
  });
}

/**
 * Ids of open listings the viewer is eligible for now (memoised per request): the published
 * listings' version key is read first, so a listing published a moment ago counts.
 */
export async function eligibleListingIds(ctx: Parameters<typeof viewerSeeker>[0]): Promise<string[]> {
  return (await eligibleIds(ctx, true)).ids;
}

type ListingFilterArg = Parameters<typeof listingFilterSql>[0];

/**
 * The SQL of the viewer's eligible open listings narrowed by a public filter, over `"Listing" l`
 * and `"Dwelling" d`. A left join (every listing has its dwelling, so the rows are the same): the
 * planner leaves the dwelling out when neither filter nor order reads it.
 */
function eligibleListingsFrom(ids: string[], filter: ListingFilterArg) {
  const where = listingFilterSql(filter);
  return Prisma.sql`"Listing" l LEFT JOIN "Dwelling" d ON d.id = l."dwellingId"
    WHERE l.id = ANY(${ids}::uuid[]) AND ${where}`;
}

/**
 * The published listings' version key, as a statement's extra columns `vn` and `vlatest` (one
 * scan of the published listings for both).
 */
const VERSION_COLUMNS = Prisma.sql`v.vn, v.vlatest`;
/** The `FROM` item {@link VERSION_COLUMNS} reads. */
const VERSION_FROM = Prisma.sql`(SELECT count(*)::int AS vn, max("updatedAt") AS vlatest FROM "Listing" WHERE status = 'PUBLISHED') v`;

/**
 * Run a statement over the viewer's eligible ids that also reads the published listings' version
 * key ({@link VERSION_COLUMNS}): with kept inputs that turn out stale (a listing published,
 * edited or closed by a write this process was not told of), the inputs are read again and the
 * statement runs once more. One statement while the kept inputs are current.
 */
async function withEligibleIds<T extends { vn: number; vlatest: Date | null }>(
  ctx: Parameters<typeof viewerSeeker>[0],
  run: (ids: string[]) => Promise<T | undefined>,
): Promise<{ row: T | undefined; kept: KeptOpenListings | null }> {
  const verified = ctx.cache.has("memo:eligibleListingIds:true");
  const first = await eligibleIds(ctx, verified);
  const row = await run(first.ids);
  if (verified || !first.kept || !row || versionKeyOf(row.vn, row.vlatest) === first.kept.key)
    return { row, kept: first.kept };
  if (openListingsKept === first.kept) openListingsKept = null;
  const again = await eligibleIds(ctx, true);
  return { row: await run(again.ids), kept: again.kept };
}

const totalKey = (filter: ListingFilterArg) => `eligibleTotal:${JSON.stringify(filter ?? null)}`;

/** `totalCount` of `viewer.eligibleListings`: from the page's own statement, or one count statement when no page was asked for. */
async function eligibleTotal(
  ctx: Parameters<typeof viewerSeeker>[0],
  filter: ListingFilterArg,
): Promise<number> {
  return memo(ctx, totalKey(filter), async () => {
    const { row } = await withEligibleIds(ctx, async (ids) => {
      const [r] = await readRows<{ n: number; vn: number; vlatest: Date | null }>(
        Prisma.sql`SELECT (SELECT count(*)::int FROM ${eligibleListingsFrom(ids, filter)}) AS n, ${VERSION_COLUMNS}
                     FROM ${VERSION_FROM}`,
      );
      return r;
    });
    return row?.n ?? 0;
  });
}

/**
 * The ids of one page of `viewer.eligibleListings` in connection order, and (kept for
 * `totalCount`) the number of all matches — one statement while the kept open listings are
 * current ({@link withEligibleIds}): the viewer's eligible open listings ({@link eligibleIds}, one
 * array parameter) narrowed by the public filter (`listingFilterSql`, the same filter as
 * `listings`), ordered as `listingOrderSql` with the id as tie-break, after (or, with a negative
 * `take`, before) the cursor listing.
 *
 * @param page - Pothos's cursor window: `take` rows (negative: backwards), `skip` 1 after a cursor
 * @returns the ids; each listing's rank version and response count as the page statement read
 *   them (what a kept card row may hold stale: a candidate's data changed, a response written in
 *   another process a moment ago); and the kept open listings (for their card rows) they were
 *   computed from
 */
async function eligiblePage(
  ctx: Parameters<typeof viewerSeeker>[0],
  args: { filter?: ListingFilterArg; orderBy?: string | null },
  page: { take: number; skip: number; cursor: string | undefined },
): Promise<{ ids: string[]; fresh: Map<string, FreshCard>; kept: KeptOpenListings | null }> {
  const { expr, desc } = listingOrderSql(args.orderBy);
  const seekerId = ctx.viewer?.seekerId ?? null;
  const backward = page.take < 0;
  // direction of the scan: the connection's order, reversed when paging backwards
  const keyDesc = desc !== backward;
  const idDesc = backward;
  const dir = (d: boolean) => (d ? Prisma.sql`DESC` : Prisma.sql`ASC`);
  let after = Prisma.sql`TRUE`;
  if (page.cursor !== undefined) {
    const c = Prisma.sql`(SELECT ${expr} FROM "Listing" l JOIN "Dwelling" d ON d.id = l."dwellingId" WHERE l.id = ${page.cursor}::uuid)`;
    const beyond = keyDesc ? Prisma.sql`<` : Prisma.sql`>`;
    const idBeyond = idDesc ? Prisma.sql`<` : Prisma.sql`>`;
    // skip 0 would include the cursor row itself (Pothos always skips it)
    const idOp = page.skip > 0 ? idBeyond : idDesc ? Prisma.sql`<=` : Prisma.sql`>=`;
    after = Prisma.sql`(e.k ${beyond} ${c} OR (e.k = ${c} AND e.id ${idOp} ${page.cursor}::uuid))`;
  }
  const { row, kept } = await withEligibleIds(ctx, async (eligible) => {
    const [r] = await readRows<{
      total: number;
      page: [id: string, rankVersion: number, responseCount: number, own: ResponseJson | null][];
      vn: number;
      vlatest: Date | null;
    }>(Prisma.sql`
      WITH e AS (SELECT l.id, ${expr} AS k, l."rankVersion" AS rv, l."responseCount" AS rc
                   FROM ${eligibleListingsFrom(eligible, args.filter)})
      SELECT (SELECT count(*)::int FROM e) AS total,
             coalesce((SELECT json_agg(json_build_array(p.id, p.rv, p.rc, p.own) ORDER BY p.n) FROM (
               SELECT e.id, e.rv, e.rc, row_number() OVER (ORDER BY e.k ${dir(keyDesc)}, e.id ${dir(idDesc)}) AS n,
                      ${responseJsonSql(Prisma.sql`e.id`, seekerId)} AS own
                 FROM e WHERE ${after}
                ORDER BY e.k ${dir(keyDesc)}, e.id ${dir(idDesc)} LIMIT ${Math.abs(page.take)}) p), '[]') AS page,
             ${VERSION_COLUMNS}
        FROM ${VERSION_FROM}`);
    return r;
  });
  const total = row?.total ?? 0;
  await memo(ctx, totalKey(args.filter), async () => total);
  const entries = row?.page ?? [];
  if (backward) entries.reverse();
  primeViewerResponses(
    ctx,
    new Map(entries.map(([id, , , own]) => [id, own ? responseFromJson(own) : null])),
  );
  const fresh = new Map(
    entries.map(([id, rankVersion, responseCount]) => [id, { rankVersion, responseCount }]),
  );
  return { ids: kept ? entries.map(([id]) => id) : [], fresh, kept };
}

builder.queryFields((t) => ({
  viewer: t.prismaField({
    type: "Seeker",
    nullable: true,
    description:
      "The signed-in seeker (session, or personal access token with SEEKER_READ or URGENCY_READ; with URGENCY_READ alone only `id` and `urgencyApplications` can be read); null when anonymous, staff, or the token has neither scope.",
    resolve: (query, _r, _a, ctx) =>
      ctx.viewer?.seekerId &&
      (hasSeekerScope(ctx.viewer, "SEEKER_READ") || hasSeekerScope(ctx.viewer, "URGENCY_READ"))
        ? // without nested selections the row is the one the viewer's ranking inputs come with (one
          // statement for both, memoised per request)
          Object.keys(query).length === 0
          ? viewerSeekerRow(ctx).then((s) => s?.row ?? null)
          : db().seeker.findUnique({ ...query, where: { id: ctx.viewer.seekerId } })
        : noRow(query),
  }),
}));

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────

const HouseholdMemberInput = builder.inputType("HouseholdMemberInput", {
  description: "A household member other than the applicant.",
  fields: (t) => ({
    role: t.field({ type: HouseholdRoleEnum, required: true, description: "Role (not APPLICANT)." }),
    firstName: t.string({ required: true, description: "First name." }),
    birthDate: t.field({ type: "Date", required: true, description: "Birth date." }),
  }),
});
const IncomeInput = builder.inputType("IncomeInput", {
  description:
    "Gross yearly household income: the combined taxable income of applicant and partner (verzamelinkomen), EUR per year; children's income does not count.",
  fields: (t) => ({
    amount: t.float({ required: true, description: "EUR per year, >= 0, at most two decimals." }),
    year: t.int({ required: false, description: "Calendar year (default: last year)." }),
    source: t.field({
      type: IncomeSourceEnum,
      required: false,
      description: "Source (default SELF_DECLARED).",
    }),
  }),
});
const CurrentDwellingInput = builder.inputType("CurrentDwellingInput", {
  description: "Current housing situation.",
  fields: (t) => ({
    kind: t.field({ type: CurrentDwellingKindEnum, required: true, description: "Kind." }),
    rooms: t.int({ required: false, description: "Rooms (when renting independently)." }),
    isSocialRental: t.boolean({ required: false, description: "Social rental dwelling." }),
  }),
});
const SeekerRegisterInput = builder.inputType("SeekerRegisterInput", {
  description: "Registration of a household. The registration date is today.",
  fields: (t) => ({
    email: t.string({ required: true, description: "Email address (becomes the sign-in name)." }),
    password: t.string({ required: true, description: "Password, at least 12 characters." }),
    firstName: t.string({ required: true, description: "First name of the applicant." }),
    lastName: t.string({ required: true, description: "Last name." }),
    birthDate: t.field({
      type: "Date",
      required: true,
      description: "Birth date; the applicant must be 18 or older [003].",
    }),
    phone: t.string({ required: false, description: "Phone number." }),
    householdMembers: t.field({
      type: [HouseholdMemberInput],
      required: false,
      description: "Other household members.",
    }),
    income: t.field({ type: IncomeInput, required: true, description: "Household income." }),
    currentDwelling: t.field({
      type: CurrentDwellingInput,
      required: false,
      description: "Current housing (default NONE).",
    }),
    places: t.field({
      type: SeekerPlacesInput,
      required: false,
      description: "Where you live and work (municipality and kern), for local binding [003].",
    }),
    accessibilityNeed: t.field({
      type: AccessibilityNeedEnum,
      required: false,
      description:
        "Care indication to request (default NONE: none). WALKER or WHEELCHAIR creates a REQUESTED `CareIndication` for an assessor to decide; it does not count until granted [003].",
    }),
    locale: t.string({ required: false, description: "nl (default) or en." }),
  }),
});

const day = birthDateSchema;
const memberSchema = z.object({
  role: z.enum(["PARTNER", "CHILD", "OTHER"], { error: "must be PARTNER, CHILD or OTHER" }),
  firstName: personNameSchema(),
  birthDate: day,
});
const incomeSchema = z.object({
  amount: z
    .number()
    .min(0, "must not be negative")
    .max(10_000_000, "is implausibly high")
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, "at most two decimals"),
  year: z.number().int().min(2000).max(new Date().getFullYear()).nullish(),
  source: z.enum(["TAX_STATEMENT", "PAYSLIPS", "BENEFIT_STATEMENT", "SELF_DECLARED"]).nullish(),
});
const dwellingSchema = z.object({
  kind: z.enum(["NONE", "WITH_PARENTS", "ROOM", "INDEPENDENT_RENTAL", "OWNER_OCCUPIED", "INSTITUTION"]),
  rooms: z.number().int().min(1).max(30).nullish(),
  isSocialRental: z.boolean().nullish(),
});
const registerSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  firstName: personNameSchema(),
  lastName: personNameSchema(),
  birthDate: day.refine((d) => {
    const eighteen = new Date(d);
    eighteen.setUTCFullYear(eighteen.getUTCFullYear() + 18);
    return eighteen <= new Date();
  }, "you must be at least 18 years old to register [003]"),
  phone: z.string().trim().max(30).nullish(),
  householdMembers: z.array(memberSchema).max(20).nullish(),
  income: incomeSchema,
  currentDwelling: dwellingSchema.nullish(),
  accessibilityNeed: z.enum(["NONE", "WALKER", "WHEELCHAIR"]).nullish(),
  locale: z.enum(["nl", "en"]).nullish(),
});

const lastYear = () => new Date().getFullYear() - 1;

/** The answer of seekerRegister: the same for a new and an already registered address. */
const RegistrationReceivedRef = builder.objectRef<{ email: string }>("SeekerRegistrationReceived").implement({
  description:
    "A registration was received: tell the visitor to check their e-mail. Deliberately the same for a new and an already registered address (no account enumeration); the mail says which it was.",
  fields: (t) => ({
    email: t.exposeString("email", {
      description: "The address the mail was sent to (normalised, lower case).",
    }),
  }),
});

builder.mutationFields((t) => ({
  seekerRegister: t.field({
    type: RegistrationReceivedRef,
    description:
      "Register as a seeker (household, income, current dwelling); the registration date is today. Answers the same `SeekerRegistrationReceived` whether or not the address already has an account, so that registration does not reveal who is registered: a new account is created (sign in with sessionCreate; it is unverified until the link in its welcome mail is opened, see emailVerify) and gets a welcome mail with the verification link; an existing account is left unchanged and gets a notice (sign in or reset the password). A registration that looks like another household's (same name and birth date, e-mail, phone, or a household member registered elsewhere) is still accepted; it is recorded as a DuplicateCandidate for staff review. Rate limited: 10 registrations per IP per 15 minutes. Errors: ValidationError (per field), RateLimitedError. (Before 2026-12 it returned a session and EmailTakenError for a registered address.)",
    errors: {
      types: [ValidationError, RateLimitedError],
      dataField: { name: "registration", description: "Receipt: check your e-mail." },
    },
    args: { input: t.arg({ type: SeekerRegisterInput, required: true, description: "Registration." }) },
    resolve: async (_r, { input }, ctx) => {
      const full = await registrationsPerIp.retryAfter(ctx.ip);
      if (full > 0) throw new RateLimitedError(full);
      const v = parseInput(registerSchema, input); // an invalid form is not counted
      const wait = await registrationsPerIp.take(ctx.ip);
      if (wait > 0) throw new RateLimitedError(wait);
      // Hashed in both cases, so that an existing address is not answered measurably faster.
      const passwordHash = await hashPassword(v.password);
      const today = new Date(isoDay(new Date()));
      const members = v.householdMembers ?? [];
      let seekerId: string;
      try {
        seekerId = await db().$transaction(async (tx) => {
          const places = await resolvePlaces(tx, input.places, ["input", "places"]);
          const user = await tx.user.create({
            data: {
              email: v.email,
              passwordHash,
              kind: "SEEKER",
              displayName: `${v.firstName} ${v.lastName}`,
              locale: v.locale ?? "nl",
              // unverified until the mailed link is opened (email-token.ts)
              emailVerifiedAt: null,
            },
          });
          // welcome mail with the verification link, in the same transaction as the account
          await sendEmailToken(tx, user, "VERIFY", v.email);
          const seeker = await tx.seeker.create({
            data: {
              userId: user.id,
              firstName: v.firstName,
              lastName: v.lastName,
              birthDate: v.birthDate,
              phone: v.phone ?? null,
              registrationDate: today,
              householdSize: 1 + members.length,
              householdIncomeCents: cents(v.income.amount),
              currentDwellingKind: v.currentDwelling?.kind ?? "NONE",
              currentDwellingRooms: v.currentDwelling?.rooms ?? null,
              currentDwellingIsSocialRental: v.currentDwelling?.isSocialRental ?? false,
              ...places,
              members: { create: members },
              // A care indication is requested here and granted by staff, never self-declared [003].
              ...(v.accessibilityNeed && v.accessibilityNeed !== "NONE"
                ? { careIndications: { create: { need: v.accessibilityNeed } } }
                : {}),
              incomes: {
                create: {
                  year: v.income.year ?? lastYear(),
                  amountCents: cents(v.income.amount),
                  source: v.income.source ?? "SELF_DECLARED",
                },
              },
            },
          });
          await tx.auditLog.create({
            data: {
              actorUserId: user.id,
              actorRole: "SEEKER",
              action: "CREATE",
              entityType: "Seeker",
              entityId: seeker.id,
              ip: ctx.ip,
            },
          });
          return seeker.id;
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        await db().$transaction(async (tx) => {
          const existing = await tx.user.findUnique({
            where: { email: v.email },
            select: { id: true, locale: true },
          });
          await enqueueMail(tx, {
            kind: "REGISTRATION_EXISTING",
            params: {},
            to: v.email,
            userId: existing?.id ?? null,
            locale: existing?.locale ?? v.locale ?? "nl",
          });
        });
        return { email: v.email };
      }
      // Likely duplicate registrations (dubbele inschrijving) are recorded for staff review after
      // the registration committed; this never blocks or fails the registration (duplicates.ts).
      await detectDuplicatesOf(db(), seekerId);
      return { email: v.email };
    },
  }),
}));

const HouseholdUpdateInput = builder.inputType("HouseholdUpdateInput", {
  description: "The complete new household (replaces the members) and current dwelling.",
  fields: (t) => ({
    members: t.field({
      type: [HouseholdMemberInput],
      required: true,
      description: "Household members other than the applicant (may be empty).",
    }),
    currentDwelling: t.field({
      type: CurrentDwellingInput,
      required: false,
      description: "Current housing (unchanged when omitted).",
    }),
    phone: t.string({ required: false, description: "Phone number (unchanged when omitted)." }),
  }),
});
const IncomeUpdateInput = builder.inputType("IncomeUpdateInput", {
  description: "A new or corrected yearly income declaration; it becomes the current income.",
  fields: (t) => ({ income: t.field({ type: IncomeInput, required: true, description: "Income." }) }),
});
/** Metadata of an uploaded document in the data export (the encrypted content stays out). */
const DOCUMENT_METADATA = {
  fileName: true,
  mimeType: true,
  sizeBytes: true,
  sha256: true,
  uploadedAt: true,
} as const;
/** A duplicate-registration pair in the data export, without the other registration's identity. */
const DUPLICATE_PAIR = {
  reasons: true,
  status: true,
  keptSeekerId: true,
  createdAt: true,
  decidedAt: true,
} as const;

const ViewerDeleteInput = builder.inputType("ViewerDeleteInput", {
  description: "Confirmation of account deletion.",
  fields: (t) => ({
    password: t.string({ required: true, description: "Current password, as confirmation." }),
  }),
});

builder.mutationFields((t) => ({
  householdUpdate: t.field({
    type: Seeker,
    description:
      "Replace the household members and update the current dwelling; the household size follows (1 + members). Concurrent calls of one seeker are applied one after the other, the last one wins as a whole. Token scope PROFILE_WRITE. Errors: NotAuthorizedError, ValidationError.",
    errors: { types: [ValidationError], dataField: { name: "seeker", description: "The updated seeker." } },
    args: { input: t.arg({ type: HouseholdUpdateInput, required: true, description: "New household." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "PROFILE_WRITE");
      const v = parseInput(
        z.object({
          members: z.array(memberSchema).max(20),
          currentDwelling: dwellingSchema.nullish(),
          phone: z.string().trim().max(30).nullish(),
        }),
        input,
      );
      return db().$transaction(async (tx) => {
        // One household update per seeker at a time: without the lock, parallel calls each delete
        // the committed members and all insert theirs (locks.ts).
        await lockSeekerForUpdate(tx, seekerId);
        await tx.householdMember.deleteMany({ where: { seekerId } });
        const seeker = await tx.seeker.update({
          where: { id: seekerId },
          data: {
            householdSize: 1 + v.members.length,
            members: { create: v.members },
            ...(v.currentDwelling
              ? {
                  currentDwellingKind: v.currentDwelling.kind,
                  currentDwellingRooms: v.currentDwelling.rooms ?? null,
                  currentDwellingIsSocialRental: v.currentDwelling.isSocialRental ?? false,
                }
              : {}),
            ...(v.phone != null ? { phone: v.phone } : {}),
          },
        });
        await audit(ctx, "UPDATE", "Seeker", seekerId, { fields: ["household"] }, tx);
        return seeker;
      });
    },
  }),
  incomeUpdate: t.field({
    type: Seeker,
    description:
      "Declare the yearly household income (EUR per year) for a year; it becomes the current income. Token scope PROFILE_WRITE. Errors: NotAuthorizedError, ValidationError.",
    errors: { types: [ValidationError], dataField: { name: "seeker", description: "The updated seeker." } },
    args: { input: t.arg({ type: IncomeUpdateInput, required: true, description: "Income." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "PROFILE_WRITE");
      const v = parseInput(incomeSchema, input.income, ["input", "income"]);
      const year = v.year ?? lastYear();
      return db().$transaction(async (tx) => {
        await tx.householdIncome.upsert({
          where: { seekerId_year: { seekerId, year } },
          create: { seekerId, year, amountCents: cents(v.amount), source: v.source ?? "SELF_DECLARED" },
          update: {
            amountCents: cents(v.amount),
            source: v.source ?? "SELF_DECLARED",
            verified: false,
            verifiedAt: null,
          },
        });
        const seeker = await tx.seeker.update({
          where: { id: seekerId },
          data: { householdIncomeCents: cents(v.amount) },
        });
        await audit(ctx, "UPDATE", "Seeker", seekerId, { fields: ["income"] }, tx);
        return seeker;
      });
    },
  }),
  viewerDataExport: t.field({
    type: "JSON",
    description:
      "Everything stored about the signed-in seeker (GDPR art. 15/20) as JSON: account, household, incomes, responses, offers, lettings, urgency applications, care indications and vital-profession claims (their documents as metadata), saved searches (filters, frequency, and the listings alerted for each: `matches`), the document store (`documents`: kind, title, file name and type, size in bytes, SHA-256, validity dates, upload date and where each was attached; metadata only, the files themselves open at `downloadPath` in the portal), objections and complaints (reasons, status, dates, the decision and its outcome; documents as metadata), authorisations given (who, scopes, dates) and received as a representative (`representing`: scopes and dates), the acts representatives did on the seeker's behalf (`actsOnBehalf`, from the audit log: when, what, by whom, under which authorisation), duplicate-registration detection (identity keys, candidate pairs: reasons, status, whether this registration was the one kept) and a merge that closed this registration (`mergedInto`), tokens (without secrets), sessions, and the mails and inbox messages sent to them (`outboxMessages`; a mail that carried a one-time link without its body). Session only. Errors: NotAuthorizedError.",
    errors: { dataField: { name: "data", description: "The export (JSON)." } },
    resolve: async (_r, _a, ctx) => {
      const { viewer, seekerId } = requireSeeker(ctx, "SESSION_ONLY");
      const user = await db().user.findUniqueOrThrow({
        where: { id: viewer.userId },
        select: {
          email: true,
          displayName: true,
          locale: true,
          createdAt: true,
          seeker: {
            include: {
              members: true,
              incomes: true,
              responses: true,
              offers: true,
              lettings: true,
              careIndications: { include: { documents: { select: DOCUMENT_METADATA } } },
              vitalProfessionClaims: { include: { documents: { select: DOCUMENT_METADATA } } },
              // saved searches with their filters, frequency and the listings alerted for them
              savedSearches: {
                orderBy: { createdAt: "asc" },
                include: {
                  matches: {
                    orderBy: { alertedAt: "asc" },
                    select: { listingId: true, alertedAt: true },
                  },
                },
              },
              // the document store (mijn documenten): metadata; the content opens in the portal
              documents: {
                orderBy: { uploadedAt: "asc" },
                select: {
                  id: true,
                  kind: true,
                  title: true,
                  ...DOCUMENT_METADATA,
                  validFrom: true,
                  validUntil: true,
                  attachments: {
                    orderBy: { attachedAt: "asc" },
                    select: { targetType: true, targetId: true, attachedAt: true },
                  },
                },
              },
              // objections (bezwaar) and complaints (klacht) with their decisions (not the handler)
              objections: {
                orderBy: { filedAt: "asc" },
                select: {
                  id: true,
                  kind: true,
                  urgencyApplicationId: true,
                  responseId: true,
                  reasons: true,
                  status: true,
                  filedAt: true,
                  decisionDate: true,
                  periodEndsOn: true,
                  filedLate: true,
                  decisionDueOn: true,
                  extendedAt: true,
                  hearingAt: true,
                  hearingLocation: true,
                  outcome: true,
                  decision: true,
                  decidedAt: true,
                  documents: { select: DOCUMENT_METADATA },
                },
              },
              // duplicate detection: this seeker's identity keys and the review of pairs with it
              // (without the other registration's identity or the staff note, which concern both)
              duplicateIdentity: { select: { keys: true, scannedAt: true } },
              duplicatesAsA: { select: DUPLICATE_PAIR },
              duplicatesAsB: { select: DUPLICATE_PAIR },
              // authorisations (machtigingen) the seeker gave, with whom they authorised
              authorisations: {
                select: {
                  id: true,
                  scopes: true,
                  validUntil: true,
                  revokedAt: true,
                  createdAt: true,
                  representative: { select: { displayName: true, email: true } },
                },
              },
              urgencyApplications: {
                include: { searchProfiles: true, documents: { select: DOCUMENT_METADATA } },
              },
            },
          },
          // authorisations naming this account as representative (`representing`): scopes and dates only (the
          // seekers who gave them are their own data)
          representing: {
            select: { scopes: true, validUntil: true, revokedAt: true, createdAt: true },
          },
          accessTokens: {
            select: {
              name: true,
              prefix: true,
              scopes: true,
              createdAt: true,
              lastUsedAt: true,
              revokedAt: true,
            },
          },
          sessions: { select: { createdAt: true, lastSeenAt: true, userAgent: true } },
          outboxMessages: {
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            select: {
              kind: true,
              toAddress: true,
              subject: true,
              textBody: true,
              inbox: true,
              readAt: true,
              state: true,
              sentAt: true,
              createdAt: true,
            },
          },
        },
      });
      // The mails sent to the seeker are theirs too; a mail carrying a sign-in link (reset,
      // verification, address change) is listed without its body, so that the export holds no
      // secret that still works.
      const secret = new Set([
        "PASSWORD_RESET",
        "EMAIL_VERIFY",
        "EMAIL_CHANGE_CONFIRM",
        "REGISTRATION_WELCOME",
        "STAFF_INVITE",
      ]);
      const mails = user.outboxMessages.map((m) =>
        secret.has(m.kind) ? { ...m, textBody: "(not exported: it contained a one-time link)" } : m,
      );
      const seeker = user.seeker!;
      // What representatives did for the seeker: audit entries of the representatives the seeker
      // authorised (indexed by actor) naming this seeker in `detail.onBehalfOf`; no IP address.
      const representativeIds = await db().authorisation.findMany({
        where: { seekerId },
        select: { representativeUserId: true },
        distinct: ["representativeUserId"],
      });
      const actsOnBehalf = representativeIds.length
        ? await db().auditLog.findMany({
            where: {
              actorUserId: { in: representativeIds.map((r) => r.representativeUserId) },
              detail: { path: ["onBehalfOf", "seekerId"], equals: seekerId },
            },
            orderBy: { id: "asc" },
            select: {
              at: true,
              action: true,
              entityType: true,
              entityId: true,
              detail: true,
              actor: { select: { displayName: true, email: true } },
            },
          })
        : [];
      // The saved searches' alerted listings by reference and title (listings are never deleted).
      const listingIds = [...new Set(seeker.savedSearches.flatMap((s) => s.matches.map((m) => m.listingId)))];
      const listings = new Map(
        (
          await db().listing.findMany({
            where: { id: { in: listingIds } },
            select: { id: true, reference: true, title: true },
          })
        ).map((l) => [l.id, { reference: l.reference, title: l.title }]),
      );
      // A merge that closed this registration: the registration kept (as `Seeker.mergedInto`).
      const pairs = [...seeker.duplicatesAsA, ...seeker.duplicatesAsB];
      const closedBy = pairs.find((p) => p.status === "MERGED" && p.keptSeekerId !== seekerId);
      const keptRegistration = closedBy?.keptSeekerId
        ? await db().seeker.findUnique({
            where: { id: closedBy.keptSeekerId },
            select: { registrationNumber: true, registrationDate: true },
          })
        : null;
      const pair = ({ keptSeekerId, ...p }: (typeof pairs)[number]) => ({
        ...p,
        thisRegistrationKept: p.status === "MERGED" ? keptSeekerId === seekerId : null,
      });
      await audit(ctx, "EXPORT", "Seeker", seekerId);
      const money = (k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);
      return JSON.parse(
        JSON.stringify(
          {
            exportedAt: new Date(),
            note: "Money fields ending in Cents are euro cents (rent per month, income per year).",
            ...user,
            seeker: {
              ...seeker,
              savedSearches: seeker.savedSearches.map((s) => ({
                ...s,
                matches: s.matches.map((m) => ({ ...m, listing: listings.get(m.listingId) ?? null })),
              })),
              documents: seeker.documents.map(({ id, ...d }) => ({
                ...d,
                downloadPath: `/mijn/documenten/${encodeURIComponent(encodeGlobal("SeekerDocument", id))}/bestand`,
                contentIncluded: false,
              })),
              duplicatesAsA: seeker.duplicatesAsA.map(pair),
              duplicatesAsB: seeker.duplicatesAsB.map(pair),
              mergedInto:
                closedBy && keptRegistration ? { ...keptRegistration, mergedAt: closedBy.decidedAt } : null,
              actsOnBehalf: actsOnBehalf.map(({ actor, detail, ...a }) => ({
                ...a,
                representative: actor,
                authorisationId:
                  (detail as { onBehalfOf?: { authorisationId?: string } } | null)?.onBehalfOf
                    ?.authorisationId ?? null,
              })),
            },
            outboxMessages: mails,
          },
          money,
        ),
      );
    },
  }),
  viewerDelete: t.field({
    type: "Boolean",
    description:
      "Delete the signed-in seeker's account and personal data (GDPR art. 17). Published lettings keep their anonymous statistics. Session only; requires the password (10 wrong passwords per 15 minutes). Errors: NotAuthorizedError, InvalidCredentialsError, RateLimitedError.",
    errors: {
      types: [InvalidCredentialsError, RateLimitedError],
      dataField: { name: "deleted", description: "Always true." },
    },
    args: { input: t.arg({ type: ViewerDeleteInput, required: true, description: "Confirmation." }) },
    resolve: async (_r, { input }, ctx) => {
      const { viewer, seekerId } = requireSeeker(ctx, "SESSION_ONLY");
      // counted as a wrong password before the check (atomic across processes), given back if right
      const wait = await takeAll([passwordConfirmFailures, viewer.userId]);
      if (wait > 0) throw new RateLimitedError(wait);
      const user = await db().user.findUniqueOrThrow({ where: { id: viewer.userId } });
      if (!(await verifyPassword(user.passwordHash, input.password))) throw new InvalidCredentialsError();
      await passwordConfirmFailures.refund(viewer.userId);
      await db().$transaction(async (tx) => {
        await tx.offer.updateMany({
          where: { seekerId, outcome: "PENDING" },
          data: { outcome: "WITHDRAWN", outcomeAt: new Date() },
        });
        await tx.auditLog.create({
          data: {
            actorUserId: null,
            actorRole: "SEEKER",
            action: "DELETE",
            entityType: "Seeker",
            entityId: seekerId,
            ip: ctx.ip,
          },
        });
        await tx.user.delete({ where: { id: viewer.userId } });
      });
      return true;
    },
  }),
}));

export { retainedYearsOnAcceptance };
