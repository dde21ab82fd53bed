/**
 * Issuing SendGrid-format keys (`SG.` + 22-char API Key ID + `.` + 43-char secret) and digesting
 * them. The ID is 16 random bytes and public; the secret is 32 random bytes and is shown once.
 * Only a SHA-256 digest of the whole key is kept: with 256 bits of entropy a fast hash is enough,
 * and it lets verification find the key by ID in one indexed lookup.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

// The text rules (shape, ID, a key inside pasted text) live in key-shape.ts, shared with the renderer.
export { isKeyId, KEY_LENGTH, keyIdInText, parseKey, type ParsedKey } from '../../common/key-shape.ts';

export interface IssuedKey {
  /** The full key. Hand it to the user once and drop it. */
  readonly apiKey: string;
  readonly id: string;
  readonly digest: Buffer;
  readonly last4: string;
}

export function generateKeyId(): string {
  return randomBytes(16).toString('base64url');
}

/** A new key for the given ID (a fresh ID when none is given, the same ID when rolling). */
export function issueKey(id?: string): IssuedKey {
  // One draw from the system's generator for the secret and, for a new key, the ID.
  const random = randomBytes(id === undefined ? 48 : 32);
  const keyId = id ?? random.toString('base64url', 32, 48);
  const apiKey = `SG.${keyId}.${random.toString('base64url', 0, 32)}`;
  return { apiKey, id: keyId, digest: digestKey(apiKey), last4: apiKey.slice(-4) };
}

export function digestKey(apiKey: string): Buffer {
  // One-shot hashing: no Hash object per call, which verification would pay on every request.
  return hash('sha256', apiKey, 'buffer');
}

export function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether `digest` is the key's current secret (`current`, null when it has none). Constant time. */
export function isCurrentSecret(current: Uint8Array | null, digest: Uint8Array): boolean {
  return current !== null && digestsEqual(current, digest);
}

/**
 * A short, stable name for one secret, safe to log: the first 12 hex characters of SHA-256 over
 * its digest. The audit log records rolls with these, so "which secret was it?" needs no secret.
 */
export function secretId(digest: Uint8Array): string {
  return hash('sha256', digest, 'hex').slice(0, 12);
}
