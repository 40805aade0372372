/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/** Administrator: organisations, staff accounts and memberships; authorization for each operation. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
const tokens: Record<string, string | undefined> = {};
let admin: { user: { id: string }; token: string };
let platformId: string;
let landlordId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  const platform = await f.organisation("PLATFORM");
  const landlord = await f.organisation("LANDLORD");
  const assessing = await f.organisation("ASSESSING_BODY");
  const { woongroep } = await f.woongroep(landlord.id);
  platformId = platform.id;
  landlordId = landlord.id;
  admin = await f.staff("ADMINISTRATOR", platform.id);
  tokens.admin = admin.token;
  tokens.seeker = (await f.seeker()).token;
  tokens.landlord = (await f.staff("LANDLORD_STAFF", landlord.id)).token;
  tokens.committee = (await f.staff("COMMITTEE_MEMBER", landlord.id, woongroep.id)).token;
  tokens.assessor = (await f.staff("ASSESSOR", assessing.id)).token;
});
afterAll(async () => t?.drop());

const E = `... on Error { code message } ... on ValidationError { issues { field message } }`;
const orgCreate = `mutation($i: OrganisationCreateInput!) { organisationCreate(input: $i) { __typename ... on OrganisationCreateSuccess { organisation { id name slug kind website municipality { name } } } ${E} } }`;
const orgUpdate = `mutation($i: OrganisationUpdateInput!) { organisationUpdate(input: $i) { __typename ... on OrganisationUpdateSuccess { organisation { id name slug website } } ${E} } }`;
const accountCreate = `mutation($i: StaffAccountCreateInput!) { staffAccountCreate(input: $i) { __typename ... on StaffAccountCreateSuccess { created { initialPassword inviteExpiresAt staffAccount { id email displayName memberships { id role organisation { name } woongroep { name } } } } } ${E} } }`;
const membershipCreate = `mutation($i: StaffMembershipCreateInput!) { staffMembershipCreate(input: $i) { __typename ... on StaffMembershipCreateSuccess { staffAccount { memberships { id role } } } ${E} } }`;
const revoke = `mutation($id: ID!) { staffMembershipRevoke(input: { id: $id }) { __typename ... on StaffMembershipRevokeSuccess { staffAccount { email memberships { role } } } ${E} } }`;
const signIn = `mutation($e: String!, $p: String!) { sessionCreate(input: { email: $e, password: $p }) { __typename ... on SessionCreateSuccess { session { token } } } }`;

describe("organisations", () => {
  it("creates with a derived slug, updates, and reports typed errors", async () => {
    const { municipality } = await f.municipality();
    const created = await gql(
      app,
      orgCreate,
      {
        i: {
          name: "Woonstichting Émmaüs Zuid",
          kind: "LANDLORD",
          municipalityId: gid("Municipality", municipality.id),
          website: "https://emmaus.example",
        },
      },
      admin.token,
    );
    expect(created.data.organisationCreate.organisation).toMatchObject({
      name: "Woonstichting Émmaüs Zuid",
      slug: "woonstichting-emmaus-zuid",
      kind: "LANDLORD",
      municipality: { name: municipality.name },
    });
    const id = created.data.organisationCreate.organisation.id;
    const audit = await t.db.auditLog.findFirst({ where: { entityType: "Organisation", action: "CREATE" } });
    expect(audit).toMatchObject({ actorUserId: admin.user.id, actorRole: "ADMINISTRATOR" });

    const dup = await gql(
      app,
      orgCreate,
      { i: { name: "Woonstichting Émmaüs Zuid", kind: "LANDLORD" } },
      admin.token,
    );
    expect(dup.data.organisationCreate.__typename).toBe("ValidationError");
    expect(dup.data.organisationCreate.issues.map((i: any) => i.field)).toEqual(["name", "slug"]);
    const bad = await gql(
      app,
      orgCreate,
      { i: { name: "X", kind: "LANDLORD", slug: "Not A Slug", website: "ftp://x" } },
      admin.token,
    );
    expect(bad.data.organisationCreate.issues.map((i: any) => i.field).sort()).toEqual([
      "name",
      "slug",
      "website",
    ]);
    const noMunicipality = await gql(
      app,
      orgCreate,
      {
        i: {
          name: "Gemeente Nergens",
          kind: "MUNICIPALITY",
          municipalityId: gid("Municipality", "00000000-0000-7000-8000-000000000000"),
        },
      },
      admin.token,
    );
    expect(noMunicipality.data.organisationCreate.__typename).toBe("NotFoundError");

    const upd = await gql(app, orgUpdate, { i: { id, name: "Emmaus Zuid", website: "" } }, admin.token);
    expect(upd.data.organisationUpdate.organisation).toMatchObject({
      name: "Emmaus Zuid",
      slug: "woonstichting-emmaus-zuid",
      website: null,
    });
    const clash = await gql(
      app,
      orgUpdate,
      { i: { id, slug: (await t.db.organisation.findUniqueOrThrow({ where: { id: landlordId } })).slug } },
      admin.token,
    );
    expect(clash.data.organisationUpdate.issues[0].field).toBe("slug");
    const missing = await gql(
      app,
      orgUpdate,
      { i: { id: gid("Organisation", "00000000-0000-7000-8000-000000000000"), name: "Weg" } },
      admin.token,
    );
    expect(missing.data.organisationUpdate.__typename).toBe("NotFoundError");
    const badId = await gql(
      app,
      orgUpdate,
      { i: { id: gid("Listing", landlordId), name: "Weg" } },
      admin.token,
    );
    expect(badId.data.organisationUpdate.__typename).toBe("ValidationError");
  });
});

describe("staff accounts", () => {
  it("creates an account with a one-time initial password that signs in with the role", async () => {
    const r = await gql(
      app,
      accountCreate,
      {
        i: {
          email: "Nieuw.Verhuur@Example.org",
          displayName: "Nieuwe Verhuurder",
          organisationId: gid("Organisation", landlordId),
          role: "LANDLORD_STAFF",
          credential: "INITIAL_PASSWORD",
        },
      },
      admin.token,
    );
    expect(r.data.staffAccountCreate.__typename).toBe("StaffAccountCreateSuccess");
    const { initialPassword, inviteExpiresAt, staffAccount } = r.data.staffAccountCreate.created;
    expect(inviteExpiresAt).toBeNull();
    expect(initialPassword).toHaveLength(52);
    expect(staffAccount).toMatchObject({
      email: "nieuw.verhuur@example.org",
      memberships: [{ role: "LANDLORD_STAFF" }],
    });
    const user = await t.db.user.findUniqueOrThrow({ where: { email: "nieuw.verhuur@example.org" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(initialPassword);
    const session = await gql(app, signIn, { e: "nieuw.verhuur@example.org", p: initialPassword });
    expect(session.data.sessionCreate.__typename).toBe("SessionCreateSuccess");
    const account = await gql(
      app,
      `{ account { kind roles { role } } }`,
      {},
      session.data.sessionCreate.session.token,
    );
    expect(account.data.account).toEqual({ kind: "STAFF", roles: [{ role: "LANDLORD_STAFF" }] });

    const taken = await gql(
      app,
      accountCreate,
      {
        i: {
          email: "nieuw.verhuur@example.org",
          displayName: "Dubbel",
          organisationId: gid("Organisation", landlordId),
          role: "LANDLORD_STAFF",
        },
      },
      admin.token,
    );
    expect(taken.data.staffAccountCreate.__typename).toBe("EmailTakenError");
  });

  it("creates a committee member with a mailed reset link", async () => {
    const { woongroep } = await f.woongroep(landlordId);
    const r = await gql(
      app,
      accountCreate,
      {
        i: {
          email: "commissie.nieuw@example.org",
          displayName: "Commissielid",
          organisationId: gid("Organisation", landlordId),
          role: "COMMITTEE_MEMBER",
          woongroepId: gid("Woongroep", woongroep.id),
        },
      },
      admin.token,
    );
    const created = r.data.staffAccountCreate.created;
    expect(created.initialPassword).toBeNull();
    expect(new Date(created.inviteExpiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(created.staffAccount.memberships[0]).toMatchObject({
      role: "COMMITTEE_MEMBER",
      woongroep: { name: woongroep.name },
    });
    // the invitation as written to the outbox (mail/outbox.ts; the delivery job sends it)
    const mail = await t.db.outboxMessage.findFirstOrThrow({
      where: { toAddress: "commissie.nieuw@example.org" },
    });
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail.textBody)![1]!;
    const reset = await gql(
      app,
      `mutation($t: String!) { passwordReset(input: { token: $t, newPassword: "mijn eigen wachtwoord" }) { __typename ... on PasswordResetSuccess { session { token } } } }`,
      { t: token },
    );
    expect(reset.data.passwordReset.__typename).toBe("PasswordResetSuccess");
    const roles = await gql(
      app,
      `{ account { roles { role woongroep { name } } } }`,
      {},
      reset.data.passwordReset.session.token,
    );
    expect(roles.data.account.roles).toEqual([
      { role: "COMMITTEE_MEMBER", woongroep: { name: woongroep.name } },
    ]);
  });

  it("rejects role/organisation mismatches, a missing or foreign woongroep, and unknown references", async () => {
    const other = await f.organisation("LANDLORD");
    const foreign = await f.woongroep(other.id);
    const base = {
      email: "x@example.org",
      displayName: "X",
      organisationId: gid("Organisation", landlordId),
    };
    const field = async (i: object) => {
      const r = await gql(app, accountCreate, { i: { ...base, ...i } }, admin.token);
      return r.data.staffAccountCreate.__typename === "ValidationError"
        ? r.data.staffAccountCreate.issues.map((x: any) => x.field).join(",")
        : r.data.staffAccountCreate.__typename;
    };
    expect(await field({ role: "ASSESSOR" })).toBe("role");
    expect(await field({ role: "ADMINISTRATOR" })).toBe("role");
    expect(await field({ role: "COMMITTEE_MEMBER" })).toBe("woongroepId");
    expect(
      await field({ role: "COMMITTEE_MEMBER", woongroepId: gid("Woongroep", foreign.woongroep.id) }),
    ).toBe("woongroepId");
    expect(await field({ role: "LANDLORD_STAFF", woongroepId: gid("Woongroep", foreign.woongroep.id) })).toBe(
      "woongroepId",
    );
    expect(await field({ role: "LANDLORD_STAFF", email: "not an email" })).toBe("email");
    expect(await field({ role: "LANDLORD_STAFF", displayName: " " })).toBe("displayName");
    expect(
      await field({
        role: "COMMITTEE_MEMBER",
        woongroepId: gid("Woongroep", "00000000-0000-7000-8000-000000000000"),
      }),
    ).toBe("NotFoundError");
    expect(
      await field({
        role: "LANDLORD_STAFF",
        organisationId: gid("Organisation", "00000000-0000-7000-8000-000000000000"),
      }),
    ).toBe("NotFoundError");
    expect(await t.db.user.count({ where: { email: "x@example.org" } })).toBe(0);
  });

  it("adds and revokes roles; a revoked role stops working at once; own admin role cannot be revoked", async () => {
    const assessing = await f.organisation("ASSESSING_BODY");
    const person = await f.staff("LANDLORD_STAFF", landlordId);
    const accountId = gid("StaffAccount", person.user.id);
    const added = await gql(
      app,
      membershipCreate,
      {
        i: { staffAccountId: accountId, organisationId: gid("Organisation", assessing.id), role: "ASSESSOR" },
      },
      admin.token,
    );
    expect(added.data.staffMembershipCreate.staffAccount.memberships.map((m: any) => m.role)).toEqual([
      "LANDLORD_STAFF",
      "ASSESSOR",
    ]);
    const again = await gql(
      app,
      membershipCreate,
      {
        i: { staffAccountId: accountId, organisationId: gid("Organisation", assessing.id), role: "ASSESSOR" },
      },
      admin.token,
    );
    expect(again.data.staffMembershipCreate.issues[0].field).toBe("role");
    const seekerAccount = await f.seeker();
    const notStaff = await gql(
      app,
      membershipCreate,
      {
        i: {
          staffAccountId: gid("StaffAccount", seekerAccount.user.id),
          organisationId: gid("Organisation", assessing.id),
          role: "ASSESSOR",
        },
      },
      admin.token,
    );
    expect(notStaff.data.staffMembershipCreate.__typename).toBe("NotFoundError");

    const queue = `{ urgencyApplicationQueue(first: 1) { edges { node { id } } } }`;
    expect((await gql(app, queue, {}, person.token)).errors).toBeUndefined();
    const assessorMembership = added.data.staffMembershipCreate.staffAccount.memberships[1].id;
    const r = await gql(app, revoke, { id: assessorMembership }, admin.token);
    expect(r.data.staffMembershipRevoke.staffAccount.memberships).toEqual([{ role: "LANDLORD_STAFF" }]);
    expect((await gql(app, queue, {}, person.token)).errors?.[0]?.extensions?.code).toBe("NOT_AUTHORIZED");
    expect(
      await t.db.auditLog.count({
        where: { entityType: "StaffMembership", entityId: { not: "" }, action: "DELETE" },
      }),
    ).toBe(1);
    expect(
      (await gql(app, revoke, { id: assessorMembership }, admin.token)).data.staffMembershipRevoke.__typename,
    ).toBe("NotFoundError");

    // revoking the last role ends the account's sessions
    const last = (await t.db.staffMembership.findFirstOrThrow({ where: { userId: person.user.id } })).id;
    await gql(app, revoke, { id: gid("StaffMembership", last) }, admin.token);
    expect((await gql(app, `{ account { email } }`, {}, person.token)).data.account).toBeNull();

    const own = (await t.db.staffMembership.findFirstOrThrow({ where: { userId: admin.user.id } })).id;
    const self = await gql(app, revoke, { id: gid("StaffMembership", own) }, admin.token);
    expect(self.data.staffMembershipRevoke.__typename).toBe("InvalidStateError");
    expect((await gql(app, revoke, { id: "bad" }, admin.token)).data.staffMembershipRevoke.__typename).toBe(
      "ValidationError",
    );
  });

  it("lists staff accounts for administrators, filtered by organisation and role", async () => {
    const q = `query($o: ID, $r: StaffRole) { staffAccounts(first: 100, organisationId: $o, role: $r) { totalCount edges { node { email memberships { role organisation { id } } } } } }`;
    const all = await gql(app, q, {}, admin.token);
    expect(all.errors).toBeUndefined();
    const emails = all.data.staffAccounts.edges.map((e: any) => e.node.email);
    expect(emails).toEqual([...emails].sort());
    expect(emails.some((e: string) => e.startsWith("seeker-"))).toBe(false);
    const admins = await gql(app, q, { r: "ADMINISTRATOR" }, admin.token);
    expect(admins.data.staffAccounts.edges.map((e: any) => e.node.email)).toEqual([
      (await t.db.user.findUniqueOrThrow({ where: { id: admin.user.id } })).email,
    ]);
    const ofPlatform = await gql(app, q, { o: gid("Organisation", platformId) }, admin.token);
    expect(ofPlatform.data.staffAccounts.totalCount).toBe(1);
  });
});

describe("authorization: administrator operations × other actors", () => {
  const ACTORS = ["anonymous", "seeker", "landlord", "committee", "assessor"] as const;
  const OPERATIONS: { name: string; query: string; vars: () => Record<string, unknown> }[] = [
    {
      name: "organisationCreate",
      query: orgCreate,
      vars: () => ({ i: { name: "Niet Toegestaan", kind: "LANDLORD" } }),
    },
    {
      name: "organisationUpdate",
      query: orgUpdate,
      vars: () => ({ i: { id: gid("Organisation", landlordId), name: "Gekaapt" } }),
    },
    {
      name: "staffAccountCreate",
      query: accountCreate,
      vars: () => ({
        i: {
          email: "indringer@example.org",
          displayName: "Indringer",
          organisationId: gid("Organisation", platformId),
          role: "ADMINISTRATOR",
          credential: "INITIAL_PASSWORD",
        },
      }),
    },
    {
      name: "staffMembershipCreate",
      query: membershipCreate,
      vars: () => ({
        i: {
          staffAccountId: gid("StaffAccount", admin.user.id),
          organisationId: gid("Organisation", landlordId),
          role: "LANDLORD_STAFF",
        },
      }),
    },
    {
      name: "staffMembershipRevoke",
      query: revoke,
      vars: () => ({ id: gid("StaffMembership", "00000000-0000-7000-8000-000000000000") }),
    },
  ];
  it.each(OPERATIONS.flatMap((o) => ACTORS.map((a) => [o.name, a] as const)))(
    "%s as %s → NotAuthorizedError",
    async (name, actor) => {
      const op = OPERATIONS.find((o) => o.name === name)!;
      const r = await gql(app, op.query, op.vars(), tokens[actor]);
      expect(r.data[name].__typename).toBe("NotAuthorizedError");
    },
  );
  it.each(ACTORS.map((a) => [a]))("staffAccounts and StaffAccount nodes as %s → denied", async (actor) => {
    const list = await gql(
      app,
      `{ staffAccounts(first: 5) { edges { node { email } } } }`,
      {},
      tokens[actor],
    );
    expect(list.data?.staffAccounts ?? null).toBeNull();
    expect(list.errors?.[0]?.extensions?.code).toBe("NOT_AUTHORIZED");
    const node = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on StaffAccount { email } } }`,
      { id: gid("StaffAccount", admin.user.id) },
      tokens[actor],
    );
    expect(node.data?.node?.email ?? null).toBeNull();
  });
  it("nothing was changed by the refused calls", async () => {
    expect(await t.db.organisation.count({ where: { name: { in: ["Niet Toegestaan", "Gekaapt"] } } })).toBe(
      0,
    );
    expect(await t.db.user.count({ where: { email: "indringer@example.org" } })).toBe(0);
  });
});
