/**
 * Reading an inventory file: SendGrid's `GET /v3/api_keys` list, `GET /v3/api_keys/{id}` objects
 * (flat or under `result`, one or many, or one response per line as a shell loop collects them),
 * or a Keydesk JSON export. The whole file is checked before anyone uses it; problems are
 * reported by line and field, and never quote the file (it may hold a secret, e.g. a pasted
 * create response, whose `api_key` is dropped here and never stored).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { badRequest, KeydeskError, type FieldError } from '../../common/errors.ts';
import { nameErrors } from '../core/grant.ts';
import { isKeyId } from '../core/key-format.ts';
import { isKnownScope } from '../../common/permissions.ts';
import { StringListMap } from '../../common/string-list-map.ts';
import { ACCESS_TYPES } from '../../common/catalog.ts';
import { bodySha256, EXPORT_TOOL, KEY_STATUSES, type ExportedKey, type ExportHeader } from './inventory.ts';
import type { InventoryFormat } from '../../common/inventory.ts';

export interface InventoryEntry {
  readonly api_key_id: string;
  readonly name: string;
  /** null when the source does not say: SendGrid's list endpoint returns names and IDs only. */
  readonly scopes: readonly string[] | null;
  /** The key's whole record, when the file is a Keydesk export. */
  readonly exported?: ExportedKey;
}

export interface InventoryFile {
  readonly format: InventoryFormat;
  readonly header: ExportHeader | null;
  readonly entries: readonly InventoryEntry[];
  /** SHA-256 of the file's bytes, so an audit entry can name exactly which file was read. */
  readonly sha256: string;
}

/** Enough problems to fix a file in one go, few enough to read. */
const MAX_REPORTED = 10;

/** SendGrid's scope strings: lower-case words joined by dots (`mail.send`, `2fa_required`). */
const SCOPE_SHAPE = /^[A-Za-z0-9_.-]{1,100}$/;

const expected = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'missing required argument' : `expected ${what}`),
});

const KeyId = z.string(expected('a 22-character API Key ID')).refine(isKeyId, {
  error: 'expected a 22-character API Key ID',
});
const Name = z.string(expected('a string')).superRefine((name, ctx) => {
  for (const problem of nameErrors(name)) ctx.addIssue({ code: 'custom', message: problem.message });
});
/**
 * Scope lists that passed the check below, by content: a list with the same elements passes
 * again without checking each scope (an inventory of 100,000 keys repeats a handful of lists).
 */
const passedLists = new StringListMap<true>();

/**
 * A list of scope strings, checked in one pass rather than as a schema per element: an inventory
 * of 100,000 keys holds millions of scope strings, nearly all of them the catalog's own.
 */
const Scopes = z.custom<string[]>(() => true).superRefine((value, ctx) => {
  if (!Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: value === undefined ? 'missing required argument' : 'expected a list of scope strings' });
    return;
  }
  if (passedLists.get(value) === true) return;
  let passed = true;
  for (let i = 0; i < value.length; i++) {
    const scope: unknown = value[i];
    if (typeof scope === 'string' && (isKnownScope(scope) || SCOPE_SHAPE.test(scope))) continue;
    const message =
      typeof scope !== 'string' ? 'expected a scope string' : 'expected a scope string: letters, digits, ".", "_" and "-"';
    ctx.addIssue({ code: 'custom', message, path: [i] });
    passed = false;
  }
  if (passed) passedLists.set(value as string[], true);
});
const Time = z.iso.datetime({ error: 'expected an ISO-8601 UTC time, e.g. 2026-01-15T09:00:00.000Z' });

/** One key as SendGrid's API answers it (a pull reads its answers with the same rules). */
export const SendGridEntry = z.object(
  { api_key_id: KeyId, name: Name, scopes: Scopes.optional() },
  expected('an object with api_key_id and name'),
);

const ExportedKeySchema = z.object(
  {
    api_key_id: KeyId,
    name: Name,
    // null, both of them, for a key whose scopes nobody knows (imported from SendGrid's list).
    access_type: z.enum(ACCESS_TYPES).nullable(),
    scopes: Scopes.nullable(),
    last4: z.string().regex(/^[A-Za-z0-9_-]{4}$/, { error: 'expected the last 4 characters of the key' }).nullable(),
    created_at: Time,
    updated_at: Time,
    last_used_at: Time.nullable(),
    expires_at: Time.nullable(),
    status: z.enum(KEY_STATUSES),
  },
  expected('a key object'),
);

const KeydeskExport = z.object({
  header: z.object(
    {
      tool: z.literal(EXPORT_TOOL),
      version: z.string(),
      exported_at: Time,
      account: z.string().nullable(),
      key_count: z.int().nonnegative(),
      body_sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected 64 hex digits' }),
      audit_head: z
        .object({ seq: z.int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected 64 hex digits' }) }, expected('an object'))
        .optional(),
    },
    expected('an object'),
  ),
  keys: z.array(ExportedKeySchema, expected('a list of keys')),
});

interface Document {
  readonly value: unknown;
  /** 1-based line, when the file holds one JSON document per line. */
  readonly line: number | null;
}

/** Where in the file a value sits, as `result[2].scopes`. */
type Path = readonly PropertyKey[];

function pathText(path: Path): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)),
    '',
  );
}

function fieldError(line: number | null, path: Path, message: string): FieldError {
  return { field: path.length ? pathText(path) : 'file', message: line === null ? message : `line ${line}: ${message}` };
}

function rejectFile(errors: FieldError[]): never {
  throw new KeydeskError('BAD_REQUEST', errors.slice(0, MAX_REPORTED));
}

/** A JSON syntax error in words that locate it without quoting the file. */
function describeSyntaxError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message);
  if (/Unexpected end of JSON input/.test(message) || (position && Number(position[1]) >= text.trimEnd().length)) {
    return 'the JSON ends too early: is the file complete?';
  }
  const at = /\(line (\d+) column (\d+)\)/.exec(message);
  return at ? `not valid JSON at line ${at[1]}, column ${at[2]}` : 'not valid JSON';
}

function decode(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badRequest('file', 'the file is not UTF-8 text');
  }
  if (text.trim() === '') throw badRequest('file', 'the file is empty');
  return text;
}

/** One JSON document, or one per line (several `GET /v3/api_keys/{id}` responses appended to a file). */
function documents(text: string): Document[] {
  try {
    return [{ value: JSON.parse(text), line: null }];
  } catch (error) {
    if (!/non-whitespace character after JSON/.test(error instanceof Error ? error.message : '')) {
      throw badRequest('file', describeSyntaxError(error, text));
    }
  }
  const docs: Document[] = [];
  const errors: FieldError[] = [];
  text.split('\n').forEach((lineText, i) => {
    if (lineText.trim() === '') return;
    try {
      docs.push({ value: JSON.parse(lineText), line: i + 1 });
    } catch (error) {
      errors.push(fieldError(i + 1, [], describeSyntaxError(error, lineText).replace(/ at line 1, column/, ' at column')));
    }
  });
  if (errors.length) rejectFile(errors);
  return docs;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface Candidate {
  readonly value: unknown;
  readonly line: number | null;
  readonly path: Path;
}

/**
 * SendGrid's responses nest key objects at most three deep (`{"result": [{...}]}`); a file that
 * nests lists or `result`s deeper than this is no inventory, and is refused before following it
 * down would run out of stack (a 100,000-deep file otherwise ended in "internal error").
 */
const MAX_DEPTH = 32;

/** Every key object in SendGrid's shapes: a bare object, a list, or either under `result`. */
function sendGridCandidates(value: unknown, line: number | null, path: Path): Candidate[] {
  if (path.length > MAX_DEPTH) {
    rejectFile([fieldError(line, [], `lists or "result" objects nest more than ${MAX_DEPTH} deep: this is not SendGrid's output or a Keydesk export`)]);
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => sendGridCandidates(item, line, [...path, i]));
  if (isObject(value) && 'result' in value && !('api_key_id' in value)) {
    return sendGridCandidates(value.result, line, [...path, 'result']);
  }
  return [{ value, line, path }];
}

function issuesAt(line: number | null, base: Path, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => fieldError(line, [...base, ...issue.path], issue.message));
}

interface Located {
  readonly entry: InventoryEntry;
  readonly line: number | null;
  readonly path: Path;
}

function rejectDuplicates(located: readonly Located[]): void {
  const first = new Map<string, Located>();
  const errors: FieldError[] = [];
  for (const item of located) {
    const id = item.entry.api_key_id;
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, item);
      continue;
    }
    const where = earlier.line !== null ? `line ${earlier.line}` : pathText(earlier.path) || 'the top';
    errors.push(fieldError(item.line, [...item.path, 'api_key_id'], `API Key ID ${id} is listed twice (also at ${where})`));
  }
  if (errors.length) rejectFile(errors);
}

function parseSendGrid(docs: readonly Document[]): Pick<InventoryFile, 'format' | 'entries'> {
  const candidates = docs.flatMap((doc) => sendGridCandidates(doc.value, doc.line, []));
  const located: Located[] = [];
  const errors: FieldError[] = [];
  for (const candidate of candidates) {
    const parsed = SendGridEntry.safeParse(candidate.value);
    if (!parsed.success) {
      const recognisable = isObject(candidate.value) && ('api_key_id' in candidate.value || 'name' in candidate.value);
      const hint = recognisable
        ? []
        : [fieldError(candidate.line, candidate.path, "expected SendGrid's key objects ({api_key_id, name, scopes}), its key list ({\"result\": [...]}) or a Keydesk export")];
      errors.push(...(hint.length ? hint : issuesAt(candidate.line, candidate.path, parsed.error)));
      continue;
    }
    const { api_key_id, name, scopes } = parsed.data;
    located.push({ entry: { api_key_id, name, scopes: scopes ?? null }, line: candidate.line, path: candidate.path });
  }
  if (errors.length) rejectFile(errors);
  rejectDuplicates(located);
  const entries = located.map((item) => item.entry);
  return { format: entries.some((e) => e.scopes !== null) ? 'sendgrid-keys' : 'sendgrid-list', entries };
}

function parseKeydeskExport(value: Record<string, unknown>): Pick<InventoryFile, 'header' | 'entries'> {
  const parsed = KeydeskExport.safeParse(value);
  if (!parsed.success) rejectFile(issuesAt(null, [], parsed.error));
  const { header, keys } = parsed.data;
  if (header.account === null) {
    rejectFile([fieldError(null, ['header', 'account'], "this export holds every account's keys (export --all-accounts): import one account's export instead")]);
  }
  if (header.key_count !== keys.length) {
    rejectFile([fieldError(null, ['header', 'key_count'], `the header says ${header.key_count} keys but the file holds ${keys.length}: it was cut short or edited`)]);
  }
  // Hash what the file holds, not what validation made of it: any edit at all must show.
  const written = (value.keys as unknown[]).map((key) => JSON.stringify(key));
  if (bodySha256(written) !== header.body_sha256) {
    rejectFile([fieldError(null, ['header', 'body_sha256'], 'the keys do not match body_sha256: the file was edited or is incomplete')]);
  }
  const located = keys.map((key, i) => ({
    entry: { api_key_id: key.api_key_id, name: key.name, scopes: key.scopes, exported: key },
    line: null,
    path: ['keys', i] as Path,
  }));
  rejectDuplicates(located);
  return { header, entries: located.map((item) => item.entry) };
}

/** Checks and reads an inventory held in memory; throws a KeydeskError naming every fault found (up to 10). */
export function parseInventory(bytes: Uint8Array): InventoryFile {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const docs = documents(decode(bytes).replace(/^\uFEFF/, ''));
  const only = docs.length === 1 ? docs[0]!.value : undefined;
  if (isObject(only) && ('header' in only || 'keys' in only)) {
    return { format: 'keydesk-export', sha256, ...parseKeydeskExport(only) };
  }
  return { header: null, sha256, ...parseSendGrid(docs) };
}

/** Reads and checks an inventory file. */
export async function readInventoryFile(path: string): Promise<InventoryFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : 'it cannot be read';
    throw badRequest('file', `cannot read ${path}: ${why}`);
  }
  return parseInventory(bytes);
}
