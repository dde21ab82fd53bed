/**
 * The shape of a SendGrid key, `SG.` + 22-char API Key ID + `.` + 43-char secret (69 characters,
 * both parts base64url), as pure text rules. No Node imports: the renderer bundles this module to
 * find the API Key ID in a pasted key, and key-format.ts builds issuing and digests on top of it.
 */

export const KEY_LENGTH = 69;
const KEY_SHAPE = /^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;
const KEY_ID_SHAPE = /^[A-Za-z0-9_-]{22}$/;
/** A key anywhere inside other text, e.g. a pasted line from a config file. */
const EMBEDDED_KEY = /SG\.([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;

export interface ParsedKey {
  readonly id: string;
  readonly apiKey: string;
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
