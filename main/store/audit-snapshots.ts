/**
 * Audit snapshots as stored: JSON text in which a key's scope list is named by the SHA-256 of its
 * JSON (`"scopes":"3f5a…"`) instead of listed. Each list is kept once, in `audit_scope_sets`, under
 * that hash: an import of 100,000 keys names a handful of lists 100,000 times, about 70 bytes an
 * entry where the whole list took up to 2 KB. The row's hash covers the name, and the name is the
 * list's own hash, so the chain covers the list too: a list changed in its table no longer
 * matches its name, and is never shown as what the row recorded.
 *
 * Rows written before schema 8 hold their lists whole, and read the same.
 */
import { hash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';

/** The member whose array is kept once and named by hash. */
const INTERNED = 'scopes';

export const scopeListHash = (json: string): string => hash('sha256', json);

/**
 * JSON and hash of lists already seen. Only frozen arrays are remembered by identity (an interned
 * scope set never changes, and a scope list holds only strings); an import snapshots the same
 * handful 100,000 times. A cache: a miss, or never filling it, makes the same JSON and hash again,
 * so no test can tell, and mutation testing leaves its two checks out (docs/security.md#mutation-testing).
 */
const seen = new WeakMap<readonly unknown[], { readonly json: string; readonly hash: string }>();

function named(list: readonly unknown[]): { readonly json: string; readonly hash: string } {
  let known = seen.get(list);
  // Stryker disable next-line ConditionalExpression: a cache miss gives the same answer
  if (known) return known;
  const json = JSON.stringify(list);
  known = { json, hash: scopeListHash(json) };
  // Stryker disable next-line ConditionalExpression,BlockStatement,CallExpression: never caching gives the same answer
  if (Object.isFrozen(list)) seen.set(list, known);
  return known;
}

/**
 * The text of a snapshot, as `JSON.stringify` writes it but with its scope list named by hash. The
 * lists it names go into `used` (hash → JSON) for the caller to keep.
 */
export function encodeSnapshot(value: object, used: Map<string, string>): string {
  if (Object.getPrototypeOf(value) !== Object.prototype || 'toJSON' in value) return JSON.stringify(value);
  let text = '';
  for (const key of Object.keys(value)) {
    const member: unknown = (value as Record<string, unknown>)[key];
    let json: string | undefined;
    if (key === INTERNED && Array.isArray(member)) {
      const list = named(member);
      used.set(list.hash, list.json);
      json = `"${list.hash}"`;
    } else {
      json = JSON.stringify(member);
    }
    // Undefined, functions and symbols are left out, as JSON.stringify leaves them out.
    if (json === undefined) continue;
    text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${json}`;
  }
  return `{${text}}`;
}

/**
 * Stored text as a value; text that is not JSON (written by hand) is given back as it is. No
 * snapshot (null) reads as null: JSON.parse reads null as the text "null".
 */
function parse(text: string | null): unknown {
  try {
    return JSON.parse(text as string);
  } catch {
    return text;
  }
}

/** The scope list a stored snapshot names by hash, if it names one. */
export function listNamedIn(text: string | null): string | null {
  // A fast path for rows that name none (whole lists, other actions): parsing them gives the same
  // null, so mutation testing leaves it out (docs/security.md#mutation-testing).
  // Stryker disable next-line ConditionalExpression,StringLiteral,LogicalOperator: parsing gives the same answer
  if (text === null || !text.includes(`"${INTERNED}":"`)) return null;
  return nameIn(parse(text));
}

/** The hash a snapshot names its scope list by, or null, whatever the value read (null and text included). */
function nameIn(value: unknown): string | null {
  const name: unknown = Object(value)[INTERNED];
  return typeof name === 'string' ? name : null;
}

/**
 * The scope lists the log names, read from their table. A list is handed out only while its
 * contents still hash to its name; `check` reads the table afresh, for verification.
 */
export class ScopeListTable {
  readonly #db: Database;
  /** Lists checked against their names (content-addressed: a checked list stays right). */
  readonly #checked = new Map<string, readonly string[]>();
  /** Prepared on first use: a store at a schema before 8 (tests stepping through migrations) has no such table. */
  #keep: Statement<[string, string]> | null = null;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Keeps the lists a write names. Inside the write's transaction, so they commit (or not) with it. */
  keep(used: ReadonlyMap<string, string>): void {
    // Prepared once per connection: preparing it cost every create about a tenth of its time (bench #2).
    const keep = (this.#keep ??= this.#db.prepare<[string, string]>('INSERT INTO audit_scope_sets (hash, scopes) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING'));
    for (const [name, json] of used) keep.run(name, json);
  }

  /** Every list in the table, each with whether it is still what its name says: read afresh, for verification. */
  states(): Map<string, 'ok' | 'changed'> {
    const rows = this.#db.prepare<[], { hash: string; scopes: string }>('SELECT hash, scopes FROM audit_scope_sets').all();
    return new Map(rows.map((row) => [row.hash, scopeListHash(row.scopes) === row.hash ? 'ok' : 'changed']));
  }

  #resolve(name: string): readonly string[] | null {
    let list = this.#checked.get(name);
    if (list === undefined) {
      const json = this.#db.prepare<[string], string>('SELECT scopes FROM audit_scope_sets WHERE hash = ?').pluck().get(name);
      if (json === undefined || scopeListHash(json) !== name) return null;
      const value = parse(json);
      if (!Array.isArray(value)) return null;
      list = Object.freeze(value as string[]);
      this.#checked.set(name, list);
    }
    return list;
  }

  /**
   * A stored snapshot as the value it records, its scope list whole. A list that is missing or
   * was changed stays named by its hash: verification reports it, and it is never shown as if
   * recorded. Snapshots of stores from before schema 8 name none, so the table is never read.
   */
  decode(text: string | null): unknown {
    const value = parse(text);
    const name = nameIn(value);
    if (name !== null) {
      const list = this.#resolve(name);
      if (list !== null) (value as Record<string, unknown>)[INTERNED] = list;
    }
    return value;
  }
}
