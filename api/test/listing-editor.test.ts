/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are untyped JSON in tests */
/**
 * The landlord's listing editor (issue 12 item 1, issue 11 item 5): a dwelling added to the stock,
 * a draft listing for it, photos uploaded (multipart, checked by magic bytes), described, reordered
 * and deleted, served resized only to who may see them, and the publication's problems as typed
 * errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createApp } from "../src/server.ts";
import { Fixtures, gid, gql, type App } from "./fixtures.ts";

let t: TestDatabase;
let app: App;
let f: Fixtures;
let server: Server;
let base: string;
let org: { id: string };
let staff: string;
let otherStaff: string;
let seeker: string;
let place: Awaited<ReturnType<Fixtures["municipality"]>>;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logErrors: false });
  f = new Fixtures(t.db);
  org = await f.organisation();
  const other = await f.organisation();
  staff = (await f.staff("LANDLORD_STAFF", org.id)).token;
  otherStaff = (await f.staff("LANDLORD_STAFF", other.id)).token;
  seeker = (await f.seeker()).token;
  place = await f.municipality();
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await t?.drop();
});

const PHOTO_FIELDS = `id key position altTextNl altTextEn altText(language: EN) width height heightAt(width: 480) mimeType`;
const ADD = `mutation($input: ListingPhotoAddInput!) { listingPhotoAdd(input: $input) { __typename ... on ListingPhotoAddSuccess { photo { ${PHOTO_FIELDS} } } ... on ValidationError { issues { field message } } ... on Error { code message } } }`;

/** `listingPhotoAdd` over real HTTP with the file as a GraphQL multipart upload, as the portal sends it. */
async function addPhoto(token: string | undefined, input: Record<string, unknown>, file: File) {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query: ADD, variables: { input: { ...input, file: null } } }));
  form.set("map", JSON.stringify({ 0: ["variables.input.file"] }));
  form.set("0", file);
  const res = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "graphql-require-preflight": "1" },
    body: form,
  });
  return ((await res.json()) as any).data?.listingPhotoAdd;
}

/** A real image of `width` × `height` pixels. */
async function image(
  width: number,
  height: number,
  format: "jpeg" | "png" | "webp" = "jpeg",
  name = "foto.jpg",
) {
  const canvas = sharp({ create: { width, height, channels: 3, background: "#3a7" } });
  const data = await canvas[format]().toBuffer();
  return new File([new Uint8Array(data)], name, { type: `image/${format}` });
}

async function createDwelling(token: string, overrides: Record<string, unknown> = {}) {
  return (
    await gql(
      app,
      `mutation($input: DwellingCreateInput!) { dwellingCreate(input: $input) { __typename ... on DwellingCreateSuccess { dwelling { id street postalCode rooms areaM2 energyLabel district { name } } } ... on ValidationError { issues { field message } } ... on Error { code } } }`,
      {
        input: {
          dwelling: {
            street: "Lindelaan",
            houseNumber: 12,
            postalCode: "3512 ab",
            city: "Utrecht",
            municipalityId: gid("Municipality", place.municipality.id),
            districtId: gid("District", place.district.id),
            type: "APARTMENT",
            floor: 2,
            rooms: 3,
            areaM2: 64,
            energyLabel: "B",
            netRent: 612.5,
            ...overrides,
          },
        },
      },
      token,
    )
  ).data.dwellingCreate;
}

async function createDraft(
  token: string,
  dwellingId: string,
  closesAt = new Date(Date.now() + 7 * 86400000),
) {
  const r = await gql(
    app,
    `mutation($input: ListingCreateMutationInput!) { listingCreate(input: $input) { __typename ... on ListingCreateSuccess { listing { id reference status netRent } } ... on Error { code message } } }`,
    {
      input: {
        listing: {
          dwellingId,
          title: "Driekamerappartement aan de Lindelaan",
          allocationModel: "AANBOD",
          closesAt: closesAt.toISOString(),
          priorityRules: ["URGENCY"],
        },
      },
    },
    token,
  );
  expect(r.data.listingCreate.__typename).toBe("ListingCreateSuccess");
  return r.data.listingCreate.listing as { id: string; reference: string; netRent: number };
}

const photosOf = async (listingId: string, token?: string) =>
  (
    await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Listing { photos { id position altTextNl } } } }`,
      { id: listingId },
      token,
    )
  ).data?.node?.photos as { id: string; position: number; altTextNl: string }[] | undefined;

describe("dwellings", () => {
  it("landlord staff add a dwelling to their stock; a new listing copies its rent", async () => {
    const d = await createDwelling(staff);
    expect(d.__typename).toBe("DwellingCreateSuccess");
    expect(d.dwelling).toMatchObject({ postalCode: "3512AB", rooms: 3, areaM2: 64, energyLabel: "B" });
    const listing = await createDraft(staff, d.dwelling.id);
    expect(listing.netRent).toBe(612.5);
    const mine = await gql(app, `{ staffDwellings(first: 50) { edges { node { id } } } }`, {}, staff);
    expect(mine.data.staffDwellings.edges.map((e: any) => e.node.id)).toContain(d.dwelling.id);
    const theirs = await gql(app, `{ staffDwellings(first: 50) { edges { node { id } } } }`, {}, otherStaff);
    expect(theirs.data.staffDwellings.edges.map((e: any) => e.node.id)).not.toContain(d.dwelling.id);
  });

  it("refuses a malformed postal code and a district of another municipality with field errors", async () => {
    const elsewhere = await f.municipality();
    const d = await createDwelling(staff, {
      postalCode: "ABC",
      districtId: gid("District", elsewhere.district.id),
    });
    expect(d.__typename).toBe("ValidationError");
    expect(d.issues.map((i: any) => i.field)).toContain("dwelling.postalCode");
    const d2 = await createDwelling(staff, { districtId: gid("District", elsewhere.district.id) });
    expect(d2.__typename).toBe("ValidationError");
    expect(d2.issues.map((i: any) => i.field)).toEqual(["dwelling.districtId"]);
  });

  it("a seeker cannot add a dwelling, nor staff for another landlord", async () => {
    expect((await createDwelling(seeker)).__typename).toBe("NotAuthorizedError");
    expect((await createDwelling(otherStaff, { landlordId: gid("Organisation", org.id) })).__typename).toBe(
      "NotAuthorizedError",
    );
  });

  it("staff of two landlords name the landlord: missing is a field error, another's is refused", async () => {
    const first = await f.organisation();
    const second = await f.organisation();
    const outsider = await f.organisation();
    const { user, token } = await f.staff("LANDLORD_STAFF", first.id);
    await t.db.staffMembership.create({
      data: { userId: user.id, organisationId: second.id, role: "LANDLORD_STAFF" },
    });

    const unnamed = await createDwelling(token);
    expect(unnamed.__typename).toBe("ValidationError");
    expect(unnamed.issues).toEqual([
      { field: "dwelling.landlordId", message: "you work for several landlords: name one" },
    ]);

    const named = await createDwelling(token, { landlordId: gid("Organisation", second.id) });
    expect(named.__typename).toBe("DwellingCreateSuccess");
    const listing = await createDraft(token, named.dwelling.id);
    const read = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Listing { landlord { name } } } }`,
      { id: listing.id },
      token,
    );
    expect(read.data.node.landlord.name).toBe(second.name);
    const stock = await gql(app, `{ staffDwellings(first: 50) { edges { node { id } } } }`, {}, token);
    expect(stock.data.staffDwellings.edges.map((e: any) => e.node.id)).toContain(named.dwelling.id);

    const foreign = await createDwelling(token, { landlordId: gid("Organisation", outsider.id) });
    expect(foreign.__typename).toBe("NotAuthorizedError");
    const dwellings = await t.db.dwelling.count({ where: { landlordId: { in: [first.id, outsider.id] } } });
    expect(dwellings).toBe(0);
  });

  it("changing the rent changes the draft listing too, and is refused once a listing is published", async () => {
    const d = (await createDwelling(staff)).dwelling;
    const listing = await createDraft(staff, d.id);
    const UPDATE = `mutation($input: DwellingUpdateInput!) { dwellingUpdate(input: $input) { __typename ... on Error { code } } }`;
    const r = await gql(app, UPDATE, { input: { id: d.id, changes: { netRent: 590 } } }, staff);
    expect(r.data.dwellingUpdate.__typename).toBe("DwellingUpdateSuccess");
    const after = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Listing { netRent } } }`,
      { id: listing.id },
      staff,
    );
    expect(after.data.node.netRent).toBe(590);
    const pub = await gql(
      app,
      `mutation($id: ID!) { listingPublish(input: { id: $id }) { __typename ... on Error { code message } } }`,
      { id: listing.id },
      staff,
    );
    expect(pub.data.listingPublish.__typename).toBe("ListingPublishSuccess");
    const refused = await gql(app, UPDATE, { input: { id: d.id, changes: { rooms: 4 } } }, staff);
    expect(refused.data.dwellingUpdate.__typename).toBe("InvalidStateError");
  });
});

describe("photos", () => {
  it("uploads a photo with alt text; the draft's photo is served resized to its staff only", async () => {
    const d = (await createDwelling(staff)).dwelling;
    const listing = await createDraft(staff, d.id);
    const r = await addPhoto(
      staff,
      { listingId: listing.id, altTextNl: "Lichte woonkamer met twee ramen", altTextEn: "" },
      await image(2000, 1000),
    );
    expect(r.__typename).toBe("ListingPhotoAddSuccess");
    expect(r.photo).toMatchObject({
      position: 0,
      width: 2000,
      height: 1000,
      heightAt: 240,
      mimeType: "image/jpeg",
      altTextEn: null,
      altText: "Lichte woonkamer met twee ramen",
    });
    const url = `${base}/photos/${r.photo.key}?w=480`;

    // a draft: nobody but its landlord's staff (404 hides that it exists)
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(url, { headers: { authorization: `Bearer ${otherStaff}` } })).status).toBe(404);
    expect(await photosOf(listing.id)).toBeUndefined();
    const own = await fetch(url, { headers: { authorization: `Bearer ${staff}` } });
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("image/webp");
    expect(own.headers.get("cache-control")).toBe("private, no-store");
    const meta = await sharp(new Uint8Array(await own.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 480, 240]);

    // published: public, cacheable, ETag and 304, JPEG on request, never enlarged
    const pub = await gql(
      app,
      `mutation($id: ID!) { listingPublish(input: { id: $id }) { __typename } }`,
      { id: listing.id },
      staff,
    );
    expect(pub.data.listingPublish.__typename).toBe("ListingPublishSuccess");
    const anon = await fetch(`${base}/photos/${r.photo.key}?w=1600&format=jpeg`);
    expect(anon.status).toBe(200);
    expect(anon.headers.get("content-type")).toBe("image/jpeg");
    expect(anon.headers.get("cache-control")).toBe("public, max-age=86400");
    const big = await sharp(new Uint8Array(await anon.arrayBuffer())).metadata();
    expect([big.format, big.width]).toEqual(["jpeg", 1600]);
    const etag = anon.headers.get("etag")!;
    expect(etag).toMatch(/^".+-1600-jpeg"$/);
    const again = await fetch(`${base}/photos/${r.photo.key}?w=1600&format=jpeg`, {
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    expect((await photosOf(listing.id))?.map((p) => p.altTextNl)).toEqual([
      "Lichte woonkamer met twee ramen",
    ]);
    expect((await fetch(`${base}/photos/not-a-uuid`)).status).toBe(400);
  });

  it("refuses a renamed text file and a missing alt text with typed errors, storing nothing", async () => {
    const listing = await createDraft(staff, (await createDwelling(staff)).dwelling.id);
    const text = new File(
      [new TextEncoder().encode("Dit is geen foto maar een tekstbestand.\n")],
      "woonkamer.jpg",
      {
        type: "image/jpeg",
      },
    );
    const renamed = await addPhoto(staff, { listingId: listing.id, altTextNl: "Woonkamer" }, text);
    expect(renamed.__typename).toBe("ValidationError");
    expect(renamed.issues).toEqual([{ field: "file", message: "must be a JPEG, PNG or WebP image" }]);
    const noAlt = await addPhoto(
      staff,
      { listingId: listing.id, altTextNl: "  " },
      await image(300, 200, "png", "a.png"),
    );
    expect(noAlt.__typename).toBe("ValidationError");
    expect(noAlt.issues.map((i: any) => i.field)).toEqual(["altTextNl"]);
    expect(await photosOf(listing.id, staff)).toEqual([]);
  });

  it("reorders, describes and deletes photos; the first is the cover", async () => {
    const listing = await createDraft(staff, (await createDwelling(staff)).dwelling.id);
    const ids: string[] = [];
    for (const [i, alt] of [
      "Woonkamer met open keuken",
      "Slaapkamer aan de tuinzijde",
      "Badkamer met douche",
    ].entries()) {
      const r = await addPhoto(
        staff,
        { listingId: listing.id, altTextNl: alt },
        await image(640 + i, 480, "webp", "f.webp"),
      );
      expect(r.__typename).toBe("ListingPhotoAddSuccess");
      expect(r.photo.position).toBe(i);
      ids.push(r.photo.id);
    }
    const REORDER = `mutation($input: ListingPhotosReorderInput!) { listingPhotosReorder(input: $input) { __typename ... on ListingPhotosReorderSuccess { listing { photos(first: 1) { altTextNl } } } ... on ValidationError { issues { field } } } }`;
    const r = await gql(
      app,
      REORDER,
      { input: { listingId: listing.id, photoIds: [ids[2], ids[0], ids[1]] } },
      staff,
    );
    expect(r.data.listingPhotosReorder.listing.photos).toEqual([{ altTextNl: "Badkamer met douche" }]);
    const partial = await gql(
      app,
      REORDER,
      { input: { listingId: listing.id, photoIds: [ids[0], ids[0], ids[1]] } },
      staff,
    );
    expect(partial.data.listingPhotosReorder.__typename).toBe("ValidationError");

    const UPDATE = `mutation($input: ListingPhotoUpdateInput!) { listingPhotoUpdate(input: $input) { __typename ... on ListingPhotoUpdateSuccess { photo { altTextNl altText(language: EN) } } ... on ValidationError { issues { field } } } }`;
    const u = await gql(
      app,
      UPDATE,
      { input: { id: ids[0], altTextNl: "Woonkamer", altTextEn: "Living room" } },
      staff,
    );
    expect(u.data.listingPhotoUpdate.photo).toEqual({ altTextNl: "Woonkamer", altText: "Living room" });
    const empty = await gql(app, UPDATE, { input: { id: ids[0], altTextNl: "" } }, staff);
    expect(empty.data.listingPhotoUpdate.issues).toEqual([{ field: "altTextNl" }]);

    const DELETE = `mutation($id: ID!) { listingPhotoDelete(input: { id: $id }) { __typename ... on ListingPhotoDeleteSuccess { listing { photos { id position } } } } }`;
    const del = await gql(app, DELETE, { id: ids[2] }, staff);
    expect(del.data.listingPhotoDelete.listing.photos).toEqual([
      { id: ids[0], position: 0 },
      { id: ids[1], position: 1 },
    ]);
  });

  it("only the owning landlord's staff may change photos, and not after the listing closed", async () => {
    const listing = await createDraft(staff, (await createDwelling(staff)).dwelling.id);
    const file = await image(400, 300);
    for (const token of [otherStaff, seeker, undefined])
      expect(
        (await addPhoto(token, { listingId: listing.id, altTextNl: "Gevel van het complex" }, file))
          .__typename,
      ).toBe("NotAuthorizedError");
    const ok = await addPhoto(staff, { listingId: listing.id, altTextNl: "Gevel van het complex" }, file);
    const other = await gql(
      app,
      `mutation($id: ID!) { listingPhotoDelete(input: { id: $id }) { __typename } }`,
      { id: ok.photo.id },
      otherStaff,
    );
    expect(other.data.listingPhotoDelete.__typename).toBe("NotAuthorizedError");

    const closed = await f.listing(org.id, { status: "CLOSED" });
    const late = await addPhoto(
      staff,
      { listingId: gid("Listing", closed.id), altTextNl: "Gevel van het complex" },
      file,
    );
    expect(late.__typename).toBe("InvalidStateError");
  });

  it("publication reports the allocation core's problems per field", async () => {
    const listing = await createDraft(
      staff,
      (await createDwelling(staff)).dwelling.id,
      new Date(Date.now() - 3600_000),
    );
    const r = await gql(
      app,
      `mutation($id: ID!) { listingPublish(input: { id: $id }) { __typename ... on ValidationError { issues { field message } } } }`,
      { id: listing.id },
      staff,
    );
    expect(r.data.listingPublish.__typename).toBe("ValidationError");
    expect(r.data.listingPublish.issues[0].field).toBe("closesAt");
  });
});
