/**
 * SendGrid key format: `SG.` + 22-char API Key ID + `.` + 43-char secret, 69 characters, both
 * parts base64url. The ID is 16 random bytes and public; the secret is 32 random bytes and is
 * shown once. Only a SHA-256 digest of the whole key is kept: with 256 bits of entropy a fast
 * hash is enough, and it lets verification find the key by ID in one indexed lookup.
 */
import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';

export const KEY_LENGTH = 69;
const KEY_SHAPE = /^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;
const KEY_ID_SHAPE = /^[A-Za-z0-9_-]{22}$/;
/** A key anywhere inside other text, e.g. a pasted line from a config file. */
const EMBEDDED_KEY = /SG\.([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;

export interface IssuedKey {
  /** The full key. Hand it to the user once and drop it. */
  readonly apiKey: string;
  readonly id: string;
  readonly digest: Buffer;
  readonly last4: string;
}

export interface ParsedKey {
  readonly id: string;
  readonly apiKey: string;
}

export function generateKeyId(): string {
  return randomBytes(16).toString('base64url');
}

/** A new key for the given ID (a fresh ID when none is given, the same ID when rolling). */
export function issueKey(id: string = generateKeyId()): IssuedKey {
  const apiKey = `SG.${id}.${randomBytes(32).toString('base64url')}`;
  return { apiKey, id, digest: digestKey(apiKey), last4: apiKey.slice(-4) };
}

/** The key's parts, or null when the text is not shaped like a SendGrid key. */
export function parseKey(text: string): ParsedKey | null {
  // test + slice: no match array or captured secret to allocate on verification's hot path.
  return KEY_SHAPE.test(text) ? { id: text.slice(3, 25), apiKey: text } : null;
}

export function isKeyId(text: string): boolean {
  return KEY_ID_SHAPE.test(text);
}

/** The API Key ID inside pasted text that contains a full key, so "which key is this?" needs no secret lookup. */
export function keyIdInText(text: string): string | null {
  return EMBEDDED_KEY.exec(text)?.[1] ?? null;
}

export function digestKey(apiKey: string): Buffer {
  // One-shot hashing: no Hash object per call, which verification would pay on every request.
  return hash('sha256', apiKey, 'buffer');
}

export function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A short, stable name for one secret, safe to log: the first 12 hex characters of SHA-256 over
 * its digest. The audit log records rolls with these, so "which secret was it?" needs no secret.
 */
export function secretId(digest: Uint8Array): string {
  return createHash('sha256').update(digest).digest('hex').slice(0, 12);
}
