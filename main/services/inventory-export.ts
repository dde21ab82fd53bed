/**
 * Inventory export, never a secret. CSV in the spirit of AWS's credential report: one row per
 * key, one column per permission category, explicit sentinels instead of blanks. JSON with every
 * scope and a header a reader can check completeness against. Files are written atomically and
 * every export is audit-logged with the SHA-256 of exactly the bytes written.
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { CATEGORIES } from '../../common/catalog.ts';
import { badRequest } from '../../common/errors.ts';
import { levelsOfScopes } from '../../common/permissions.ts';
import type { KeyRecord } from '../store/key-table.ts';
import type { Store } from '../store/store.ts';
import { APP_VERSION } from './app-version.ts';
import { stageFile, writeChunks } from './atomic-file.ts';
import { requireOperation, systemClock, type Caller, type Clock } from './caller.ts';
import { bodySha256, EXPORT_TOOL, keyStatus, knownScopes, matchesFilter, toExportedKey, type ExportFilter, type ExportHeader } from './inventory.ts';
import { throttledProgress, type Progress } from './progress.ts';
import type { ExportResult, ExportFormat } from '../../common/inventory.ts';
import { auditEntry } from './audit-entry.ts';
import type { AuditHead } from '../../common/audit.ts';
import { ownershipOf, type KeyOwnership } from './key-ownership.ts';

/** A file (written atomically) or an open stream such as stdout (written as it goes). */
export type ExportTarget = { readonly path: string } | { readonly stream: Writable };

export interface ExportOptions {
  readonly format: ExportFormat;
  readonly caller: Caller;
  readonly clock?: Clock;
  readonly onProgress?: Progress;
  /** Every account's keys, each row or object naming its account; the owner only. */
  readonly allAccounts?: boolean;
  /** Only the keys it matches; a JSON export's header says which. */
  readonly filter?: ExportFilter;
}

/** A key, the name of its account, and Keydesk's own notes on it. */
interface ExportRow {
  readonly account: string;
  readonly key: KeyRecord;
  readonly ownership: KeyOwnership;
}

/** CSV sentinels, as in AWS's credential report: a blank cell never has to be guessed at. */
export const NEVER_USED = 'never_used';
export const NO_INFORMATION = 'no_information';
export const NOT_APPLICABLE = 'N/A';
/** A key imported from SendGrid's list, which omits scopes: its access is not known, and not "none". */
export const UNKNOWN = 'unknown';

export const CSV_COLUMNS: readonly string[] = [
  'account',
  'api_key_id',
  'name',
  'last4',
  'access_type',
  ...CATEGORIES.map((c) => c.id),
  'scope_count',
  'created_at',
  'updated_at',
  'last_used_at',
  'expires_at',
  'status',
  'origin',
  'owner',
  'purpose',
  'tags',
  'last_rotated_at',
  'last_review_decision',
];

/**
 * Spreadsheets run cells starting with = + - @ as formulas (CSV injection); a leading apostrophe
 * makes them text. Only free text gets it: an API Key ID may legitimately start with "-".
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The ownership columns: empty text where a key has no owner, purpose or tags, `none` where it was never reviewed. */
function ownershipColumns(o: KeyOwnership): string {
  const text = (value: string | null) => csvField(spreadsheetSafe(value ?? ''));
  return `${text(o.owner)},${text(o.purpose)},${text(o.tags.join(' '))},${o.last_rotated_at},${o.last_review_decision ?? NOT_REVIEWED}`;
}

/** The last-review column of a key no closed review has decided on. */
export const NOT_REVIEWED = 'not_reviewed';

/** CSV quoting (RFC 4180): only a field holding a quote, a comma or a line break is quoted. */
const NEEDS_QUOTES = /[",\r\n]/;
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The category-level columns and scope count of a scope set, as CSV text. Keys share a handful
 * of interned sets (the store hands out one array per set), so each is worked out once.
 */
function levelColumnsCache(): (scopes: readonly string[] | null) => string {
  const known = new Map<readonly string[], string>();
  const unknown = `${CATEGORIES.map(() => UNKNOWN).join(',')},${UNKNOWN}`;
  return (scopes) => {
    if (scopes === null) return unknown;
    let text = known.get(scopes);
    if (text === undefined) {
      const levels = levelsOfScopes(scopes);
      text = `${CATEGORIES.map((c) => levels[c.id]).join(',')},${scopes.length}`;
      known.set(scopes, text);
    }
    return text;
  };
}

/** One CSV line, columns in `CSV_COLUMNS` order. */
function csvLine(
  account: string,
  key: KeyRecord,
  ownership: KeyOwnership,
  now: Date,
  levelColumns: (scopes: readonly string[] | null) => string,
): string {
  // Keydesk sees every use of the keys it issued; for imported ones it only knows what the source said.
  const lastUsed = key.last_used_at ?? (key.origin === 'issued' ? NEVER_USED : NO_INFORMATION);
  const scopes = knownScopes(key);
  return (
    `${account},${csvField(key.api_key_id)},${csvField(spreadsheetSafe(key.name))},${key.last4 ?? NOT_APPLICABLE},` +
    `${scopes === null ? UNKNOWN : key.access_type},${levelColumns(scopes)},${key.created_at},${key.updated_at},${lastUsed},` +
    `${key.expires_at ?? NOT_APPLICABLE},${keyStatus(key, now)},${key.origin},${ownershipColumns(ownership)}\n`
  );
}

/** Rows written between yields: enough to keep the writer busy, few enough to stay responsive. */
const CSV_BATCH = 1000;

/**
 * Text is built directly, a batch at a time: a general CSV writer's per-field work (casting,
 * formula and separator checks on every cell) cost several times the rest of the export.
 */
async function* csvChunks(rows: readonly ExportRow[], now: Date, step: (done: number) => void) {
  const levelColumns = levelColumnsCache();
  const accountFields = new Map<string, string>();
  const accountField = (account: string) => accountFields.get(account) ?? accountFields.set(account, csvField(spreadsheetSafe(account))).get(account)!;
  let text = `${CSV_COLUMNS.join(',')}\n`;
  for (let start = 0; start < rows.length; start += CSV_BATCH) {
    const end = Math.min(rows.length, start + CSV_BATCH);
    for (let i = start; i < end; i++) text += csvLine(accountField(rows[i]!.account), rows[i]!.key, rows[i]!.ownership, now, levelColumns);
    yield text;
    text = '';
    step(end);
    await new Promise(setImmediate);
  }
  if (text) yield text;
}

async function* jsonChunks(account: string | null, rows: readonly ExportRow[], now: Date, step: (done: number) => void, filter: ExportFilter | undefined, auditHead: AuditHead) {
  const lines = rows.map((row) => JSON.stringify({ ...toExportedKey(row.key, now, account === null ? row.account : undefined), ...row.ownership }));
  const header: ExportHeader = {
    tool: EXPORT_TOOL,
    version: APP_VERSION,
    exported_at: now.toISOString(),
    account,
    ...(filter && Object.keys(filter).length ? { filter } : {}),
    key_count: lines.length,
    body_sha256: bodySha256(lines),
    audit_head: auditHead,
  };
  yield `{\n  "header": ${JSON.stringify(header)},\n  "keys": [\n`;
  for (const [i, line] of lines.entries()) {
    yield `    ${line}${i < lines.length - 1 ? ',' : ''}\n`;
    step(i + 1);
  }
  yield '  ]\n}\n';
}

/** Passes chunks through while hashing and counting them. */
async function* measured(chunks: AsyncIterable<string | Uint8Array>, into: { hash: ReturnType<typeof createHash>; bytes: number }) {
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    into.hash.update(bytes);
    into.bytes += bytes.length;
    yield bytes;
  }
}

/** A file that could not be written, in words naming it and the flag or field that named it. */
export function unwritable(path: string, error: unknown, field = 'path'): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why: Readonly<Record<string, string>> = {
    ENOENT: 'its folder does not exist',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a folder',
    ENOSPC: 'the disk is full',
    EROFS: 'the file system is read-only',
  };
  return code && why[code] ? badRequest(field, `cannot write ${path}: ${why[code]}`) : error;
}

const realPath = (path: string): string => {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
};

/** An export written over the store would destroy every key record: refuse the store's own files. */
export function refuseStoreFiles(store: Store, path: string): void {
  const database = realPath(store.db.name);
  const target = realPath(path);
  if (['', '-wal', '-shm', '-journal'].some((suffix) => target === database + suffix)) {
    throw badRequest('path', `cannot write ${path}: it is the key store itself`);
  }
}

/** The keys to export, account by account, as the filter asks (deleted ones are gone and not listed). */
function exportRows(store: Store, caller: Caller, options: ExportOptions, now: Date): ExportRow[] {
  if (options.allAccounts) requireOperation(caller.actor, 'audit.read-all-accounts');
  const accounts = options.allAccounts ? store.accounts.list() : [caller.account];
  // One read transaction gives a consistent snapshot of every account.
  return store.db.transaction(() =>
    accounts.flatMap((account) => {
      const ownership = ownershipOf(store, account.id);
      return store.keys
        .listLive(account.id)
        .filter((key) => !options.filter || matchesFilter(key, options.filter, now))
        .map((key) => ({ account: account.name, key, ownership: ownership(key) }));
    }),
  )();
}

/** Exports the caller's account's keys, or every account's (deleted ones are gone and not listed). */
export async function exportInventory(store: Store, target: ExportTarget, options: ExportOptions): Promise<ExportResult> {
  const { caller, format } = options;
  requireOperation(caller.actor, 'inventory.read');
  const now = (options.clock ?? systemClock).now();
  const account = options.allAccounts ? null : caller.account.name;
  // The keys and the witness a JSON export carries (where the log ends before the export's own
  // entry) come from one read, so the head names exactly the history behind these keys.
  const { keys, auditHead } = store.db.transaction(() => ({ keys: exportRows(store, caller, options, now), auditHead: store.audit.head() }))();
  const step = throttledProgress(keys.length, options.onProgress);
  const produced = format === 'csv' ? csvChunks(keys, now, step) : jsonChunks(account, keys, now, step, options.filter, auditHead);
  const written = { hash: createHash('sha256'), bytes: 0 };
  const chunks = measured(produced, written);

  const audit = (sha256: string) =>
    store.audit.append(
      auditEntry(caller, now.toISOString(), {
        action: 'inventory.export',
        after: { format, key_count: keys.length, sha256, ...(account === null ? { all_accounts: true } : {}), ...(options.filter ? { filter: options.filter } : {}) },
      }),
    );

  let path: string | null = null;
  let sha256: string;
  if ('path' in target) {
    refuseStoreFiles(store, target.path);
    path = target.path;
    const staged = await stageFile(target.path, chunks).catch((error: unknown) => {
      throw unwritable(target.path, error);
    });
    sha256 = written.hash.digest('hex');
    try {
      // The file appears exactly when its audit entry commits.
      store.write(() => {
        audit(sha256);
        staged.commit();
      });
    } catch (error) {
      staged.discard();
      throw unwritable(target.path, error);
    }
  } else {
    await writeChunks(target.stream, chunks);
    sha256 = written.hash.digest('hex');
    store.write(() => audit(sha256));
  }
  return { format, account: account ?? '(every account)', key_count: keys.length, sha256, bytes: written.bytes, path };
}
