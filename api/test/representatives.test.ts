/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * Representatives (gemachtigden, issue 15 item 2): a seeker authorises a representative by e-mail
 * with scopes and an end date; the representative acts for the seeker with the
 * `X-Woonbeurt-Acting-For` header within those scopes only, until the end date, never after
 * revocation and never for another seeker; every write is audited with the representative as actor
 * and the seeker and authorisation named.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createSession } from "../src/auth/session.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App, type GqlResult } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
});
afterAll(async () => t?.drop());

/** Run an operation as `token` acting under the authorisation `authorisationId` (raw uuid). */
async function acting(
  query: string,
  variables: Record<string, unknown>,
  token: string,
  authorisationId: string,
): Promise<GqlResult> {
  const res = await app.fetch("http://test/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
      "x-woonbeurt-acting-for": authorisationId,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: any; errors?: GqlResult["errors"] };
  return { status: res.status, data: body.data, errors: body.errors };
}

const CREATE = `mutation($email: String!, $scopes: [RepresentativeScope!]!, $until: DateTime!) {
  authorisationCreate(input: { representativeEmail: $email, scopes: $scopes, validUntil: $until }) {
    __typename
    ... on AuthorisationCreateSuccess { authorisation { id scopes active representativeName representativeOrganisations } }
    ... on ValidationError { issues { path message } }
  } }`;
const REVOKE = `mutation($id: ID!) { authorisationRevoke(input: { id: $id }) { __typename
  ... on AuthorisationRevokeSuccess { authorisation { active revokedAt } } } }`;
const RESPOND = `mutation($id: ID!) { listingRespond(input: { listingId: $id }) { __typename
  ... on ListingRespondSuccess { response { id } } ... on Error { code message } } }`;
const VIEWER = `{ viewer { firstName lastName birthDate } }`;
const RECEIVED = `{ authorisationsReceived(first: 20) { totalCount edges { node { id seekerName scopes } } } }`;

const inDays = (d: number) => new Date(Date.now() + d * 86400000).toISOString();
const rawId = (globalId: string) => Buffer.from(globalId, "base64").toString("utf8").split(":")[1]!;

/** A care organisation with one representative; returns the representative's user and token. */
async function careWorker() {
  const org = await t.db.organisation.create({
    data: {
      kind: "CARE_ORGANISATION",
      name: `Zorg ${Math.random()}`,
      slug: `zorg-${Date.now()}-${Math.random()}`,
    },
  });
  const user = await t.db.user.create({
    data: {
      email: `rep-${Date.now()}-${Math.random()}@example.org`,
      passwordHash: "x",
      kind: "STAFF",
      displayName: "Rita Maatschappelijk Werk",
    },
  });
  await t.db.staffMembership.create({
    data: { userId: user.id, organisationId: org.id, role: "REPRESENTATIVE" },
  });
  const { token } = await createSession(user.id);
  return { user, token, org };
}

async function authorise(seekerToken: string, email: string, scopes: string[], until = inDays(90)) {
  const r = await gql(app, CREATE, { email, scopes, until }, seekerToken);
  expect(r.errors).toBeUndefined();
  expect(r.data.authorisationCreate.__typename).toBe("AuthorisationCreateSuccess");
  const a = r.data.authorisationCreate.authorisation;
  return { globalId: a.id as string, id: rawId(a.id), node: a };
}

describe("representatives", () => {
  it("a seeker authorises a care worker who reads and responds for them; the audit log names both; revoked means refused", async () => {
    const landlord = await f.organisation();
    const listing = await f.listing(landlord.id);
    const seeker = await f.seeker();
    const rep = await careWorker();

    const a = await authorise(seeker.token, rep.user.email, ["READ", "RESPOND"]);
    expect(a.node).toMatchObject({
      scopes: ["READ", "RESPOND"],
      active: true,
      representativeName: "Rita Maatschappelijk Werk",
      representativeOrganisations: [rep.org.name],
    });

    // the representative sees whom they act for
    const received = await gql(app, RECEIVED, {}, rep.token);
    expect(received.data.authorisationsReceived.totalCount).toBe(1);
    expect(received.data.authorisationsReceived.edges[0].node.seekerName).toBe(
      `${seeker.seeker.firstName} ${seeker.seeker.lastName}`,
    );

    // without the header the representative is nobody's seeker
    expect((await gql(app, VIEWER, {}, rep.token)).data?.viewer ?? null).toBeNull();
    const read = await acting(VIEWER, {}, rep.token, a.id);
    expect(read.data.viewer.lastName).toBe(seeker.seeker.lastName);
    expect(read.data.viewer.birthDate).toBe("1990-05-01");

    const resp = await acting(RESPOND, { id: gid("Listing", listing.id) }, rep.token, a.id);
    expect(resp.data.listingRespond.__typename).toBe("ListingRespondSuccess");
    const response = await t.db.response.findFirstOrThrow({ where: { listingId: listing.id } });
    expect(response.seekerId).toBe(seeker.seeker.id);
    const entry = await t.db.auditLog.findFirstOrThrow({
      where: { entityType: "Response", entityId: response.id, action: "CREATE" },
    });
    expect(entry.actorUserId).toBe(rep.user.id);
    expect(entry.actorRole).toBe("REPRESENTATIVE");
    expect(entry.detail).toMatchObject({ onBehalfOf: { seekerId: seeker.seeker.id, authorisationId: a.id } });

    // the seeker sees the response as their own
    const own = await gql(
      app,
      `{ viewer { responses(first: 5) { edges { node { id } } } } }`,
      {},
      seeker.token,
    );
    expect(JSON.stringify(own.data)).toContain(gid("Response", response.id));

    // revoke: the representative is refused from then on, and the list is empty
    const rev = await gql(app, REVOKE, { id: a.globalId }, seeker.token);
    expect(rev.data.authorisationRevoke.__typename).toBe("AuthorisationRevokeSuccess");
    expect(rev.data.authorisationRevoke.authorisation.active).toBe(false);
    expect((await acting(VIEWER, {}, rep.token, a.id)).data?.viewer ?? null).toBeNull();
    const again = await acting(
      RESPOND,
      { id: gid("Listing", (await f.listing(landlord.id)).id) },
      rep.token,
      a.id,
    );
    expect(again.data.listingRespond.__typename).toBe("NotAuthorizedError");
    expect((await gql(app, RECEIVED, {}, rep.token)).data.authorisationsReceived.totalCount).toBe(0);
    // revoking twice is a typed error
    expect(
      (await gql(app, REVOKE, { id: a.globalId }, seeker.token)).data.authorisationRevoke.__typename,
    ).toBe("InvalidStateError");
  });

  it("a revocation committed while a representative's request is under way wins inside the write's transaction", async () => {
    const landlord = await f.organisation();
    const listing = await f.listing(landlord.id);
    const seeker = await f.seeker();
    const rep = await careWorker();
    const a = await authorise(seeker.token, rep.user.email, ["RESPOND"]);
    // authenticate first (as the server does), then revoke, then run the write with the stale viewer
    const { authenticate } = await import("../src/auth/context.ts");
    const viewer = await authenticate(`Bearer ${rep.token}`, new Date(), a.id);
    expect(viewer?.via).toBe("REPRESENTATIVE");
    await t.db.authorisation.update({ where: { id: a.id }, data: { revokedAt: new Date() } });
    const { checkActingFor } = await import("../src/schema/guards.ts");
    const ctx = { viewer, ip: "", userAgent: null, cache: new Map() };
    await expect(t.db.$transaction((tx) => checkActingFor(ctx, tx as never))).rejects.toThrow(/has ended/);
    expect(await t.db.response.count({ where: { listingId: listing.id } })).toBe(0);
  });

  it("scopes are enforced: READ cannot respond, RESPOND cannot read the profile, nobody reaches another seeker or seeker-only settings", async () => {
    const landlord = await f.organisation();
    const listing = await f.listing(landlord.id);
    const seeker = await f.seeker();
    const other = await f.seeker();
    const rep = await careWorker();
    const readOnly = await authorise(seeker.token, rep.user.email, ["READ"]);
    const respondOnly = await authorise(other.token, rep.user.email, ["RESPOND"]);

    const r1 = await acting(RESPOND, { id: gid("Listing", listing.id) }, rep.token, readOnly.id);
    expect(r1.data.listingRespond).toMatchObject({
      __typename: "NotAuthorizedError",
      message: expect.stringMatching(/authorisation/),
    });
    expect(await t.db.response.count({ where: { listingId: listing.id } })).toBe(0);

    const r2 = await acting(VIEWER, {}, rep.token, respondOnly.id);
    expect(r2.data?.viewer?.birthDate ?? null).toBeNull();

    // the authorisation of `other` never yields `seeker`'s data, and a forged id is nobody
    const r3 = await acting(
      `query($id: ID!) { node(id: $id) { ... on Seeker { birthDate } } }`,
      { id: gid("Seeker", seeker.seeker.id) },
      rep.token,
      respondOnly.id,
    );
    expect(r3.data?.node?.birthDate ?? null).toBeNull();
    const forged = await acting(VIEWER, {}, rep.token, "0190a000-0000-7000-8000-000000000000");
    expect(forged.data?.viewer ?? null).toBeNull();

    // another account cannot use someone else's authorisation
    const stranger = await careWorker();
    expect((await acting(VIEWER, {}, stranger.token, readOnly.id)).data?.viewer ?? null).toBeNull();

    // seeker-only things stay with the seeker: authorisations, tokens, profile writes, data export
    const given = await acting(`{ viewer { authorisations { id } } }`, {}, rep.token, readOnly.id);
    expect(given.data?.viewer?.authorisations ?? null).toBeNull();
    const add = await acting(
      CREATE,
      { email: stranger.user.email, scopes: ["READ"], until: inDays(30) },
      rep.token,
      readOnly.id,
    );
    expect(add.data?.authorisationCreate?.__typename).not.toBe("AuthorisationCreateSuccess");
    expect(await t.db.authorisation.count({ where: { representativeUserId: stranger.user.id } })).toBe(0);
  });

  it("an expired authorisation works no more", async () => {
    const seeker = await f.seeker();
    const rep = await careWorker();
    const a = await authorise(seeker.token, rep.user.email, ["READ"]);
    expect((await acting(VIEWER, {}, rep.token, a.id)).data.viewer.lastName).toBe(seeker.seeker.lastName);
    // the header takes the global ID too
    expect((await acting(VIEWER, {}, rep.token, a.globalId)).data.viewer.lastName).toBe(
      seeker.seeker.lastName,
    );
    await t.db.authorisation.update({
      where: { id: a.id },
      data: { validUntil: new Date(Date.now() - 1000) },
    });
    expect((await acting(VIEWER, {}, rep.token, a.id)).data?.viewer ?? null).toBeNull();
    expect((await gql(app, RECEIVED, {}, rep.token)).data.authorisationsReceived.totalCount).toBe(0);
    const list = await gql(app, `{ viewer { authorisations { active } } }`, {}, seeker.token);
    expect(list.data.viewer.authorisations).toEqual([{ active: false }]);
    // the seeker's data export (GDPR art. 15) holds the authorisation and whom it named
    const exported = await gql(
      app,
      `mutation { viewerDataExport { __typename ... on ViewerDataExportSuccess { data } } }`,
      {},
      seeker.token,
    );
    expect(exported.data.viewerDataExport.data.seeker.authorisations).toMatchObject([
      { scopes: ["READ"], representative: { email: rep.user.email } },
    ]);
  });

  it("URGENCY_APPLICATION lets the representative start an urgency application for the seeker; READ does not", async () => {
    const seeker = await f.seeker();
    const rep = await careWorker();
    const read = await authorise(seeker.token, rep.user.email, ["READ"]);
    const urgent = await authorise(seeker.token, rep.user.email, ["URGENCY_APPLICATION"]);
    const START = `mutation { urgencyApplicationCreate(input: { category: LEAVING_HOMELESS_SHELTER, situation: "Verlaat de maatschappelijke opvang" }) { __typename ... on UrgencyApplicationCreateSuccess { urgencyApplication { id } } } }`;
    const refused = await acting(START, {}, rep.token, read.id);
    expect(refused.data?.urgencyApplicationCreate?.__typename).not.toBe("UrgencyApplicationCreateSuccess");
    const ok = await acting(START, {}, rep.token, urgent.id);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.urgencyApplicationCreate.__typename).toBe("UrgencyApplicationCreateSuccess");
    const app1 = await t.db.urgencyApplication.findFirstOrThrow({ where: { seekerId: seeker.seeker.id } });
    const entry = await t.db.auditLog.findFirstOrThrow({
      where: { entityType: "UrgencyApplication", entityId: app1.id, action: "CREATE" },
    });
    expect(entry.actorUserId).toBe(rep.user.id);
    expect(entry.detail).toMatchObject({ onBehalfOf: { authorisationId: urgent.id } });
    // reading the application (special-category data) as representative is audited, once per request
    const readsOf = () =>
      t.db.auditLog.findMany({
        where: { entityType: "UrgencyApplication", entityId: app1.id, action: "READ" },
      });
    const before = (await readsOf()).length;
    const opened = await acting(
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { situation category } } }`,
      { id: gid("UrgencyApplication", app1.id) },
      rep.token,
      urgent.id,
    );
    expect(opened.data.node.situation).toBe("Verlaat de maatschappelijke opvang");
    const reads = await readsOf();
    expect(reads).toHaveLength(before + 1);
    expect(reads.at(-1)).toMatchObject({
      actorUserId: rep.user.id,
      actorRole: "REPRESENTATIVE",
      detail: { onBehalfOf: { seekerId: seeker.seeker.id, authorisationId: urgent.id } },
    });
    // the seeker's own reads are not audited
    await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on UrgencyApplication { situation } } }`,
      { id: gid("UrgencyApplication", app1.id) },
      seeker.token,
    );
    expect(await readsOf()).toHaveLength(before + 1);
  });

  it("refuses bad authorisations with typed errors: unknown address, landlord staff, oneself, no scope, over a year, in the past", async () => {
    const seeker = await f.seeker();
    const landlord = await f.organisation();
    const staff = await f.staff("LANDLORD_STAFF", landlord.id);
    const mentor = await f.seeker(); // a private mentor with a seeker account may be authorised
    const cases: [string, string[], string][] = [
      ["nobody@example.org", ["READ"], inDays(30)],
      [staff.user.email, ["READ"], inDays(30)],
      [seeker.user.email, ["READ"], inDays(30)],
      [mentor.user.email, [], inDays(30)],
      [mentor.user.email, ["READ"], inDays(400)],
      [mentor.user.email, ["READ"], inDays(-1)],
    ];
    for (const [email, scopes, until] of cases) {
      const r = await gql(app, CREATE, { email, scopes, until }, seeker.token);
      expect(r.errors).toBeUndefined();
      expect(r.data.authorisationCreate.__typename, `${email} ${scopes} ${until}`).toBe("ValidationError");
    }
    const ok = await authorise(seeker.token, mentor.user.email, ["READ"], inDays(365));
    expect(ok.node.representativeOrganisations).toEqual([]);
    // the mentor acts for the seeker, and without the header is themselves again
    expect((await acting(VIEWER, {}, mentor.token, ok.id)).data.viewer.lastName).toBe(seeker.seeker.lastName);
    expect((await gql(app, VIEWER, {}, mentor.token)).data.viewer.lastName).toBe(mentor.seeker.lastName);
  });
});
