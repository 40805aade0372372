/**
 * Listing photos (woningfoto's): checking an upload, and serving a photo resized.
 *
 * Storage: the original file is a `bytea` column of `ListingPhoto` in PostgreSQL, next to its
 * listing (one backup, transactional with the listing, deleted with it by cascade). Photos are
 * not special-category data, so they are not encrypted. What leaves the API is never the original:
 * `GET /photos/<id>?w=480|960|1600&format=webp|jpeg` decodes it with sharp, applies the EXIF
 * orientation, resizes it (never enlarging) and re-encodes it without any metadata (no EXIF, no
 * GPS position of the photographer).
 *
 * Access: a photo of a PUBLISHED, CLOSED, OFFERING or LET listing is public
 * (`Cache-Control: public, max-age=86400`); a photo of a DRAFT or WITHDRAWN listing only to the
 * listing's landlord's staff, with their bearer token (`private, no-store`); anyone else gets 404
 * (a draft's existence is not revealed). Every answer has a strong ETag (the original's SHA-256,
 * width and format) and `If-None-Match` answers 304. Resized answers are kept in memory up to
 * {@link RENDER_CACHE_BYTES}, so a popular photo is resized once per process.
 */
import type { Plugin } from "graphql-yoga";
import sharp, { type Metadata } from "sharp";
import type { Db } from "@woonbeurt/db";
import { authenticate, landlordOrgIds } from "./auth/context.ts";
import { PUBLIC_LISTING_STATUSES } from "./schema/listing.ts";

/** Largest accepted photo: 8 MiB. */
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
/** Largest accepted photo in pixels (width × height): 40 megapixels (guards against decompression bombs). */
export const PHOTO_MAX_PIXELS = 40_000_000;
/** Most photos per listing. */
export const PHOTO_MAX_PER_LISTING = 20;
/** Widths (pixels) the photo route serves; a request for another width gets the next larger one. */
export const PHOTO_WIDTHS = [480, 960, 1600] as const;
/** Accepted photo types (by magic bytes). */
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** The real type of an image from its magic bytes, or null when it is not a JPEG, PNG or WebP. */
export function sniffPhotoType(data: Uint8Array): PhotoType | null {
  const at = (offset: number, ...sig: number[]) => sig.every((b, i) => data[offset + i] === b);
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  // RIFF....WEBP
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  return null;
}

/** An upload that passed {@link checkPhoto}. */
export interface CheckedPhoto {
  data: Uint8Array<ArrayBuffer>;
  mimeType: PhotoType;
  /** pixels after the EXIF orientation */
  width: number;
  height: number;
}

/** Why {@link checkPhoto} refused a file (the caller turns it into a ValidationError). */
export class PhotoRejected extends Error {}

/**
 * Check an uploaded photo: at most {@link PHOTO_MAX_BYTES}, a JPEG, PNG or WebP by its magic bytes
 * (the declared type and the file name are not trusted), decodable, and at most
 * {@link PHOTO_MAX_PIXELS} pixels.
 * @throws PhotoRejected with an English message saying what is wrong
 */
export async function checkPhoto(file: File): Promise<CheckedPhoto> {
  if (file.size > PHOTO_MAX_BYTES)
    throw new PhotoRejected(`must be at most ${PHOTO_MAX_BYTES / 1024 / 1024} MiB`);
  if (file.size === 0) throw new PhotoRejected("is empty");
  const data = new Uint8Array(await file.arrayBuffer());
  const mimeType = sniffPhotoType(data);
  if (!mimeType) throw new PhotoRejected("must be a JPEG, PNG or WebP image");
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: PHOTO_MAX_PIXELS }).metadata();
  } catch {
    throw new PhotoRejected("could not be read as an image");
  }
  if (!meta.width || !meta.height) throw new PhotoRejected("could not be read as an image");
  if (meta.width * meta.height > PHOTO_MAX_PIXELS)
    throw new PhotoRejected(`must be at most ${PHOTO_MAX_PIXELS / 1_000_000} megapixels`);
  // EXIF orientations 5-8 swap width and height
  const swap = (meta.orientation ?? 1) >= 5;
  return {
    data,
    mimeType,
    width: swap ? meta.height : meta.width,
    height: swap ? meta.width : meta.height,
  };
}

/** The served width for a requested one: the smallest of {@link PHOTO_WIDTHS} at least as wide (default 960). */
export function servedWidth(requested: string | null): (typeof PHOTO_WIDTHS)[number] {
  const n = Number(requested);
  if (!requested || !Number.isFinite(n) || n <= 0) return 960;
  return PHOTO_WIDTHS.find((w) => w >= n) ?? PHOTO_WIDTHS[PHOTO_WIDTHS.length - 1]!;
}

/** Height (pixels) of a photo shown at `width`, keeping its aspect ratio, never enlarged. */
export function scaledHeight(photo: { width: number; height: number }, width: number): number {
  const w = Math.min(width, photo.width);
  return Math.max(1, Math.round((photo.height * w) / photo.width));
}

/**
 * Resize and re-encode a photo: EXIF orientation applied, at most `width` pixels wide (never
 * enlarged), without metadata.
 */
export function renderPhoto(data: Uint8Array, width: number, format: "webp" | "jpeg"): Promise<Buffer> {
  const pipeline = sharp(data, { limitInputPixels: PHOTO_MAX_PIXELS })
    .rotate()
    .resize({ width, withoutEnlargement: true });
  return (
    format === "webp" ? pipeline.webp({ quality: 80 }) : pipeline.jpeg({ quality: 82, mozjpeg: true })
  ).toBuffer();
}

/** Most bytes of resized photos kept in memory (32 MiB), least recently used dropped first. */
export const RENDER_CACHE_BYTES = 32 * 1024 * 1024;
const rendered = new Map<string, Buffer>();
let renderedBytes = 0;

/**
 * {@link renderPhoto} with an in-process cache keyed by the original's SHA-256, width and format
 * (content-addressed, so a changed photo is a new key; who may see it is checked before).
 */
async function renderCached(
  sha256: string,
  load: () => Promise<Uint8Array | null>,
  width: number,
  format: "webp" | "jpeg",
) {
  const key = `${sha256}-${width}-${format}`;
  const hit = rendered.get(key);
  if (hit) {
    rendered.delete(key);
    rendered.set(key, hit);
    return hit;
  }
  const data = await load();
  if (!data) return null;
  const body = await renderPhoto(data, width, format);
  rendered.set(key, body);
  renderedBytes += body.byteLength;
  for (const [k, v] of rendered) {
    if (renderedBytes <= RENDER_CACHE_BYTES) break;
    rendered.delete(k);
    renderedBytes -= v.byteLength;
  }
  return body;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Yoga plugin answering `GET /photos/<uuid>?w=<pixels>&format=webp|jpeg` (also HEAD): the photo
 * resized to one of {@link PHOTO_WIDTHS} (`w` rounded up, default 960) as WebP (default) or JPEG.
 * 404 for an unknown photo or one the caller may not see; 400 for a malformed id or format.
 */
export function photoRoute(db: Db): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (!url.pathname.startsWith("/photos/")) return;
      const plain = (status: number, body: string, extra: Record<string, string> = {}) =>
        endResponse(
          new Response(body, {
            status,
            headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...extra },
          }),
        );
      if (request.method !== "GET" && request.method !== "HEAD")
        return plain(405, "GET only", { allow: "GET, HEAD" });
      const id = url.pathname.slice("/photos/".length);
      if (!UUID.test(id)) return plain(400, "malformed photo id");
      const format = url.searchParams.get("format") ?? "webp";
      if (format !== "webp" && format !== "jpeg") return plain(400, "format must be webp or jpeg");
      const width = servedWidth(url.searchParams.get("w"));
      const meta = await db.listingPhoto.findUnique({
        where: { id },
        select: { sha256: true, listing: { select: { status: true, landlordId: true } } },
      });
      if (!meta) return plain(404, "no such photo");
      const isPublic = (PUBLIC_LISTING_STATUSES as readonly string[]).includes(meta.listing.status);
      if (!isPublic) {
        const viewer = await authenticate(request.headers.get("authorization"));
        if (!landlordOrgIds(viewer).includes(meta.listing.landlordId)) return plain(404, "no such photo");
      }
      const etag = `"${meta.sha256.slice(0, 32)}-${width}-${format}"`;
      const headers: Record<string, string> = {
        etag,
        "cache-control": isPublic ? "public, max-age=86400" : "private, no-store",
        vary: "Authorization",
      };
      const match = request.headers.get("if-none-match");
      if (match && match.split(",").some((t) => t.trim() === etag))
        return endResponse(new Response(null, { status: 304, headers }));
      const body = await renderCached(
        meta.sha256,
        async () =>
          (await db.listingPhoto.findUnique({ where: { id }, select: { data: true } }))?.data ?? null,
        width,
        format,
      );
      if (!body) return plain(404, "no such photo");
      endResponse(
        new Response(request.method === "HEAD" ? null : new Uint8Array(body), {
          status: 200,
          headers: {
            ...headers,
            "content-type": format === "webp" ? "image/webp" : "image/jpeg",
            "content-length": String(body.byteLength),
            "x-content-type-options": "nosniff",
          },
        }),
      );
    },
  };
}
