/**
 * The two attacks of issue 15, made as its review made them, with nothing but SQLite and SHA-256,
 * on a store made and checked by the real CLI:
 *
 * 1. A backdoor: a second secret, valid until 2099, added to a Full Access key, with a correctly
 *    hashed `key.roll` row appended and the head moved to it by one plain UPDATE (no trigger dropped).
 * 2. Rewritten history: triggers dropped, a row re-attributed to another actor, the export records
 *    deleted, every hash rechained, the triggers put back byte for byte.
 *
 * Each has the outcome docs/security.md gives it, with the seal key on this machine and without it.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestKey, issueKey, secretId } from '../../main/core/key-format.ts';
import { rowHash, type HashedColumns } from '../../main/store/audit-log.ts';
import { cliFor, createKeyWithCli, parseErrors, type CliResult } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-store.ts';

let dir: string;
/** A config area with no seal keys: "another machine". */
let elsewhere: string;
beforeAll(() => {
  dir = tempDir('keydesk-attacks-');
  elsewhere = mkdtempSync(join(tmpdir(), 'keydesk-elsewhere-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

/** A row as stored: the columns its hash covers, and the hash. */
type Row = HashedColumns & { readonly hash: string };
const COLUMNS = 'seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash';

interface Scene {
  readonly db: string;
  readonly fullKey: { api_key: string; api_key_id: string };
  /** `log --head` taken before the attack: what an auditor wrote down. */
  readonly witness: string;
  readonly export: string;
}

/** A store with a Full Access key, a mailer, an export (whose audit_head is a witness) and a later change. */
async function scene(name: string): Promise<Scene> {
  const db = join(dir, `${name}.db`);
  const cli = cliFor(db);
  const fullKey = await createKeyWithCli(cli, ['--name', 'Production', '--full']);
  const mailer = await createKeyWithCli(cli, ['--name', 'Mailer', '--level', 'mail_send=full']);
  const exported = join(dir, `${name}.json`);
  expect((await cli(['export', '--format', 'json', '--out', exported])).code).toBe(0);
  expect((await cli(['keys', 'rename', mailer.api_key_id, '--name', 'Mailer v2'])).code).toBe(0);
  const witness = (await cli(['log', '--head'])).stdout.trim();
  expect(witness).toMatch(/^4:[0-9a-f]{64}$/);
  return { db, fullKey, witness, export: exported };
}

/** Attack 1: returns the attacker's own key, which the store now accepts. */
function backdoor({ db, fullKey }: Scene): string {
  const raw = new BetterSqlite3(db);
  try {
    const attacker = issueKey(fullKey.api_key_id).apiKey;
    const retiresAt = '2099-01-01T00:00:00.000Z';
    raw.prepare('INSERT INTO retired_secrets (key_id, digest, retires_at) VALUES (?, ?, ?)').run(fullKey.api_key_id, digestKey(attacker), retiresAt);
    const last = raw.prepare<[], Row>(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1`).get()!;
    const created = raw.prepare<[string], string>("SELECT after FROM audit_log WHERE key_id = ? AND action = 'key.create'").pluck().get(fullKey.api_key_id)!;
    const state = JSON.parse(created) as Record<string, unknown>;
    const current = secretId(digestKey(fullKey.api_key));
    const row = {
      seq: last.seq + 1,
      at: new Date().toISOString(),
      actor: 'owner',
      via: 'cli',
      action: 'key.roll',
      account_id: 1,
      key_id: fullKey.api_key_id,
      before: JSON.stringify({ ...state, secret_id: current, previous_secret_id: null }),
      after: JSON.stringify({ ...state, secret_id: current, previous_secret_id: secretId(digestKey(attacker)), previous_secret_retires_at: retiresAt }),
      prev_hash: last.hash,
    };
    const hash = rowHash(row);
    raw.prepare(`INSERT INTO audit_log (${COLUMNS}) VALUES (@seq, @at, @actor, @via, @action, @account_id, @key_id, @before, @after, @prev_hash, @hash)`).run({ ...row, hash });
    // One plain UPDATE, no trigger dropped: the head's guard only asks that it point at the last row.
    raw.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1').run(row.seq, hash);
    return attacker;
  } finally {
    raw.close();
  }
}

/** Attack 2: history rewritten and rechained, the triggers put back byte for byte. */
function rewriteHistory({ db }: Scene): void {
  const raw = new BetterSqlite3(db);
  try {
    const triggers = raw.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'").all();
    raw.transaction(() => {
      for (const { name } of triggers) raw.exec(`DROP TRIGGER "${name}"`);
      raw.exec("UPDATE audit_log SET actor = 'key:someone-else' WHERE seq = 2");
      raw.exec("DELETE FROM audit_log WHERE action = 'inventory.export'");
      // Each row keeps the seal it had: a careful attacker changes nothing they need not.
      const rows = raw.prepare<[], Row & { seal: Buffer | null }>(`SELECT ${COLUMNS}, seal FROM audit_log ORDER BY seq`).all();
      raw.exec('DELETE FROM audit_log');
      let prev = '0'.repeat(64);
      const insert = raw.prepare(`INSERT INTO audit_log (${COLUMNS}, seal) VALUES (@seq, @at, @actor, @via, @action, @account_id, @key_id, @before, @after, @prev_hash, @hash, @seal)`);
      rows.forEach((row, i) => {
        const rechained = { ...row, seq: i + 1, prev_hash: prev };
        prev = rowHash(rechained);
        insert.run({ ...rechained, hash: prev });
      });
      raw.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1').run(rows.length, prev);
      for (const { sql } of triggers) raw.exec(sql);
    })();
  } finally {
    raw.close();
  }
}

const onThisMachine = (s: Scene) => cliFor(s.db);
/** The same store, read by a CLI whose config area holds no seal key for it. */
const onAnotherMachine = (s: Scene) => (args: readonly string[]) => cliFor(s.db)(args, { env: { XDG_CONFIG_HOME: elsewhere, APPDATA: elsewhere } });

function expectFailure(result: CliResult, fields: readonly (string | RegExp)[]): { field: string | null; message: string }[] {
  expect(result.code, result.stderr).toBe(1);
  const errors = parseErrors(result.stderr);
  for (const field of fields) expect(errors.map((e) => `${e.field}: ${e.message}`)).toContainEqual(expect.stringMatching(field));
  return errors;
}

describe('attack 1: a backdoor secret with a hashed key.roll row and the head moved by a plain UPDATE', () => {
  let s: Scene;
  let attacker: string;
  beforeAll(async () => {
    s = await scene('backdoor');
    attacker = backdoor(s);
  });

  it('is real: the store accepts the attacker\'s secret, and the chain and the replay alone see nothing', async () => {
    expect((await onThisMachine(s)(['verify'], { stdin: attacker })).code).toBe(0);
    const report = JSON.parse((await onThisMachine(s)(['log', '--verify', '--json'])).stdout) as { chain: unknown; replay: { consistent: boolean } };
    expect(report.chain).toEqual({ intact: true, rows: 5 });
    expect(report.replay.consistent).toBe(true);
  });

  it('with the seal key: log --verify fails on the seal, naming the row', async () => {
    const errors = expectFailure(await onThisMachine(s)(['log', '--verify']), [/^seal: audit log seal broken at row 5: row 5: no seal covers it, so it was added outside Keydesk$/]);
    expect(errors).toHaveLength(1);
  });

  it('with the seal key: --expect-head and --against fail too', async () => {
    expectFailure(await onThisMachine(s)(['log', '--verify', '--expect-head', s.witness]), [/^seal: /, /^witness: the witnessed head 4:[0-9a-f]{64} does not hold: the seal is broken/]);
    expectFailure(await onThisMachine(s)(['log', '--verify', '--against', s.export]), [/^witness: the witnessed head 2:[0-9a-f]{64} does not hold: the seal is broken/]);
  });

  it('without the seal key: --expect-head fails, saying the seal cannot be checked', async () => {
    expectFailure(await onAnotherMachine(s)(['log', '--verify', '--expect-head', s.witness]), [
      /^witness: the witnessed head 4:[0-9a-f]{64} does not hold: row 5 was added after it, and the seal cannot be checked on this machine \(its seal key is not on this machine \(.+\)\): without it they cannot be told from rows added outside Keydesk$/,
      /^seal: the seal cannot be checked on this machine: its seal key is not on this machine/,
    ]);
  });

  it('without the seal key and without a witness, log --verify can only say the chain holds and the seal cannot be checked', async () => {
    const result = await onAnotherMachine(s)(['log', '--verify']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Audit log chain holds: 5 rows; head 5:[0-9a-f]{64}\.\nIts seal cannot be checked on this machine: its seal key is not on this machine \(.+\)\.\n/);
  });
});

describe('attack 2: history rewritten and rechained, the triggers put back byte for byte', () => {
  let s: Scene;
  beforeAll(async () => {
    s = await scene('rewrite');
    rewriteHistory(s);
  });

  it('is real: the chain holds and the tables match the log', async () => {
    const report = JSON.parse((await onThisMachine(s)(['log', '--verify', '--json'])).stdout) as { chain: unknown; replay: { consistent: boolean } };
    expect(report.chain).toEqual({ intact: true, rows: 3 });
    expect(report.replay.consistent).toBe(true);
  });

  it('with the seal key: log --verify fails on the seal from the first rewritten row', async () => {
    expectFailure(await onThisMachine(s)(['log', '--verify']), [/^seal: audit log seal broken at row 2: row 2: the seal does not match, so it was changed and rehashed outside Keydesk$/]);
  });

  it('with the seal key: --expect-head and --against fail too', async () => {
    expectFailure(await onThisMachine(s)(['log', '--verify', '--expect-head', s.witness]), [/^witness: the witnessed head 4:[0-9a-f]{64} does not hold: row 4 is not in the log, which ends at row 3/]);
    expectFailure(await onThisMachine(s)(['log', '--verify', '--against', s.export]), [/^witness: the witnessed head 2:[0-9a-f]{64} does not hold: row 2 now has hash [0-9a-f]{64}, not the witnessed [0-9a-f]{64}: the log up to it was rewritten$/]);
  });

  it('without the seal key: --expect-head and --against fail, saying the seal cannot be checked', async () => {
    for (const args of [['--expect-head', s.witness], ['--against', s.export]]) {
      expectFailure(await onAnotherMachine(s)(['log', '--verify', ...args]), [/^witness: .* does not hold: /, /^seal: the seal cannot be checked on this machine: /]);
    }
  });
});

describe('an untouched store, for contrast', () => {
  let s: Scene;
  beforeAll(async () => {
    s = await scene('untouched');
  });

  it('passes --verify, --expect-head and --against with the key', async () => {
    const verify = await onThisMachine(s)(['log', '--verify']);
    expect(verify.stdout).toMatch(/^Audit log intact: 4 rows, sealed; head 4:[0-9a-f]{64}\.\nThe keys and accounts tables match it \(2 keys, 1 accounts\)\.$/m);
    const witnessed = await onThisMachine(s)(['log', '--verify', '--expect-head', s.witness]);
    expect(witnessed.code, witnessed.stderr).toBe(0);
    expect(witnessed.stdout).toContain(`The witnessed head ${s.witness} holds: rows 1-4 are as witnessed.`);
    const against = await onThisMachine(s)(['log', '--verify', '--against', s.export]);
    expect(against.code, against.stderr).toBe(0);
    expect(against.stdout).toMatch(/The witnessed head 2:[0-9a-f]{64} holds: rows 1-2 are as witnessed, and rows 3-4 follow, sealed; row 3 records the export itself\./);
  });

  it('without the key, a witness of the head as it is now still holds: nothing after it needs the seal', async () => {
    const result = await onAnotherMachine(s)(['log', '--verify', '--expect-head', s.witness]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Its seal cannot be checked on this machine');
  });

  it('a copy of the store carries no key: it checks on this machine (same id), and nowhere else', async () => {
    const copy = join(dir, 'copied.db');
    copyFileSync(s.db, copy);
    expect((await cliFor(copy)(['log', '--verify'])).stdout).toMatch(/^Audit log intact: 4 rows, sealed/);
    const away = await cliFor(copy)(['keys', 'create', '--name', 'x', '--level', 'mail_send=full'], { env: { XDG_CONFIG_HOME: elsewhere, APPDATA: elsewhere } });
    expect(away.code).not.toBe(0);
    expect(parseErrors(away.stderr)[0]!.message).toMatch(/^nothing can be changed in this store here: its seal key is not on this machine/);
  });
});
