/**
 * Urgency documents are special-category personal data (GDPR art. 9) and are stored encrypted at
 * rest with AES-256-GCM (random 96-bit IV per document, 128-bit authentication tag; the document
 * id is bound in as additional authenticated data so ciphertexts cannot be swapped between rows).
 *
 * Key: `DOCUMENT_KEY`, base64 of exactly 32 random bytes (`openssl rand -base64 32`).
 * Development default: when `DOCUMENT_KEY` is unset and NODE_ENV is not `production`, the key is
 * SHA-256 of the public string "woonbeurt-development-document-key-NOT-SECRET". Anyone can derive
 * it, so it protects nothing — it only lets a fresh checkout run. In production the API refuses
 * to start without `DOCUMENT_KEY`. `keyId` (first 16 hex characters of SHA-256 of the key) is
 * stored per document so keys can be rotated.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const DEV_KEY_MATERIAL = "woonbeurt-development-document-key-NOT-SECRET";

export interface DocumentKey {
  key: Buffer;
  keyId: string;
  development: boolean;
}

/** Resolve the document key from the environment. @throws Error when invalid or missing in production. */
export function documentKeyFromEnv(env: NodeJS.ProcessEnv = process.env): DocumentKey {
  const raw = env.DOCUMENT_KEY;
  if (raw) {
    const key = Buffer.from(raw, "base64");
    if (key.length !== 32)
      throw new Error("DOCUMENT_KEY must be base64 of exactly 32 bytes (openssl rand -base64 32)");
    return { key, keyId: keyIdOf(key), development: false };
  }
  if (env.NODE_ENV === "production") throw new Error("DOCUMENT_KEY is required in production");
  const key = createHash("sha256").update(DEV_KEY_MATERIAL).digest();
  return { key, keyId: keyIdOf(key), development: true };
}

function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

export interface EncryptedDocument {
  ciphertext: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  authTag: Uint8Array<ArrayBuffer>;
  keyId: string;
  sha256: string;
}

const bytes = (b: Buffer): Uint8Array<ArrayBuffer> =>
  new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)) as Uint8Array<ArrayBuffer>;

/** Encrypt a document; `aad` is the document id. */
export function encryptDocument(key: DocumentKey, plaintext: Uint8Array, aad: string): EncryptedDocument {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    ciphertext: bytes(ciphertext),
    iv: bytes(iv),
    authTag: bytes(cipher.getAuthTag()),
    keyId: key.keyId,
    sha256: createHash("sha256").update(plaintext).digest("hex"),
  };
}

/** Decrypt a stored document. @throws Error when the key id differs or the data were altered. */
export function decryptDocument(
  key: DocumentKey,
  doc: { ciphertext: Uint8Array; iv: Uint8Array; authTag: Uint8Array; keyId: string },
  aad: string,
): Buffer {
  if (doc.keyId !== key.keyId)
    throw new Error(`document encrypted with key ${doc.keyId}, current key is ${key.keyId}`);
  // Pin the tag length: GCM would otherwise accept a truncated (4..15-byte) tag, which is far
  // easier to forge than the full 128 bits.
  if (doc.iv.byteLength !== 12 || doc.authTag.byteLength !== 16)
    throw new Error("document IV or authentication tag has the wrong length");
  const decipher = createDecipheriv("aes-256-gcm", key.key, doc.iv, { authTagLength: 16 });
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(doc.authTag);
  return Buffer.concat([decipher.update(doc.ciphertext), decipher.final()]);
}

/** Largest accepted upload: 10 MiB per document. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Accepted document types (checked on the declared type AND the file's magic bytes). */
export const DOCUMENT_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;
/** Most documents per request (urgencyApplicationCreate `documents`, urgencyApplicationUpdate `addDocuments`). */
export const DOCUMENT_MAX_PER_REQUEST = 5;
/** Most documents per application (so at least two requests to reach it). */
export const DOCUMENT_MAX_PER_APPLICATION = 10;

/** Sniff the real type from magic bytes; null when not an accepted type. */
export function sniffDocumentType(data: Uint8Array): (typeof DOCUMENT_TYPES)[number] | null {
  const starts = (...sig: number[]) => sig.every((b, i) => data[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  return null;
}
