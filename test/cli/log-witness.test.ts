/**
 * `keydesk log --head`, `--verify --expect-head SEQ:HASH` and `--verify --against EXPORT.json`
 * (witnessed heads), `--reseal`, and who may run them, through the real CLI. The attacks they
 * catch are test/reliability/audit-attacks.test.ts.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFor, createKeyWithCli, parseErrors } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-store.ts';
import { openStore } from '../../main/store/store.ts';

let dir: string;
let db: string;
let cli: ReturnType<typeof cliFor>;
let exported: string;
let witness: string;
beforeAll(async () => {
  dir = tempDir();
  db = join(dir, 'keydesk.db');
  cli = cliFor(db);
  await createKeyWithCli(cli, ['--name', 'one', '--level', 'mail_send=full']);
  exported = join(dir, 'export.json');
  expect((await cli(['export', '--format', 'json', '--out', exported])).code).toBe(0);
  witness = (await cli(['log', '--head'])).stdout.trim();
  await createKeyWithCli(cli, ['--name', 'two', '--level', 'mail_send=full']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('log --head', () => {
  it('prints where the log ends as SEQ:HASH, the whole hash; --json as {seq, hash}', async () => {
    expect(witness).toMatch(/^2:[0-9a-f]{64}$/);
    const head = JSON.parse((await cli(['log', '--head', '--json'])).stdout) as { seq: number; hash: string };
    const entries = JSON.parse((await cli(['log', '--json'])).stdout) as { seq: number; hash: string }[];
    expect(head).toEqual({ seq: 3, hash: entries.at(-1)!.hash });
  });

  it('of an empty store is row 0 and 64 zeros', async () => {
    // Reading commands never create a store, so this one is made as the app makes it on first start.
    openStore(join(dir, 'empty.db')).close();
    const empty = cliFor(join(dir, 'empty.db'));
    expect((await empty(['log', '--head'])).stdout).toBe(`0:${'0'.repeat(64)}\n`);
    expect((await empty(['log', '--verify', '--expect-head', `0:${'0'.repeat(64)}`])).code).toBe(0);
  });

  it('is the head every JSON export carries, before its own entry', async () => {
    const { header } = JSON.parse(readFileSync(exported, 'utf8')) as { header: { audit_head: { seq: number; hash: string } } };
    expect(`${header.audit_head.seq}:${header.audit_head.hash}`).toBe(
      `1:${(JSON.parse((await cli(['log', '--json'])).stdout) as { hash: string }[])[0]!.hash}`,
    );
  });
});

describe('log --verify --expect-head', () => {
  it('holds for a head written down earlier, and says what it proves', async () => {
    const result = await cli(['log', '--verify', '--expect-head', witness]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Audit log intact: 3 rows, sealed; head 3:[0-9a-f]{64}\.$/m);
    expect(result.stdout).toContain(`The witnessed head ${witness} holds: rows 1-2 are as witnessed, and row 3 follows, sealed.`);
    // --expect-head alone implies --verify.
    expect((await cli(['log', '--expect-head', witness])).code).toBe(0);
  });

  it('fails for a hash the row does not have, and for a row the log does not have', async () => {
    const wrong = `2:${'a'.repeat(64)}`;
    const result = await cli(['log', '--verify', '--expect-head', wrong]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(parseErrors(result.stderr)).toEqual([
      { field: 'witness', message: expect.stringMatching(new RegExp(`^the witnessed head ${wrong} does not hold: row 2 now has hash [0-9a-f]{64}, not the witnessed a{64}: the log up to it was rewritten$`)) },
    ]);
    const beyond = await cli(['log', '--verify', '--expect-head', `9:${'a'.repeat(64)}`]);
    expect(parseErrors(beyond.stderr)[0]!.message).toMatch(/row 9 is not in the log, which ends at row 3: rows were cut off the end, or the head is from another store$/);
  });

  it('--json reports the witness with the rest', async () => {
    const report = JSON.parse((await cli(['log', '--verify', '--expect-head', witness, '--json'])).stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ intact: true, seal: { status: 'sealed' }, witness: { holds: true, head: { seq: 2 } } });
  });

  it.each([['2'], ['2:abc'], [`x:${'a'.repeat(64)}`], [`2:${'A'.repeat(64)}`], [`-1:${'a'.repeat(64)}`]])('refuses %s, naming the flag', async (text) => {
    const result = await cli(['log', '--verify', '--expect-head', text]);
    expect(result.code).not.toBe(0);
    expect(parseErrors(result.stderr)).toEqual([{ field: '--expect-head', message: 'expected SEQ:HASH, a row number and its 64-hex-digit hash, as "keydesk log --head" prints it' }]);
  });
});

describe('log --verify --against', () => {
  it('holds for an export of this store, and finds the export recorded after its head', async () => {
    const result = await cli(['log', '--verify', '--against', exported]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/The witnessed head 1:[0-9a-f]{64} holds: row 1 is as witnessed, and rows 2-3 follow, sealed; row 2 records the export itself\./);
  });

  it('refuses a file that is no whole Keydesk export, or one from before exports carried the head', async () => {
    const csv = join(dir, 'export.csv');
    expect((await cli(['export', '--format', 'csv', '--out', csv])).code).toBe(0);
    expect(parseErrors((await cli(['log', '--verify', '--against', csv])).stderr)[0]!.message).toMatch(/./);
    const doc = JSON.parse(readFileSync(exported, 'utf8')) as { header: Record<string, unknown>; keys: unknown[] };
    const older = join(dir, 'older.json');
    const { audit_head: _, ...header } = doc.header;
    writeFileSync(older, JSON.stringify({ ...doc, header }));
    expect(parseErrors((await cli(['log', '--verify', '--against', older])).stderr)).toEqual([
      { field: '--against', message: `${older} has no audit_head to check: it is a Keydesk export from before exports carried the audit log's head` },
    ]);
    const sendgrid = join(dir, 'sendgrid.json');
    writeFileSync(sendgrid, JSON.stringify({ result: [{ api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA', name: 'x' }] }));
    expect(parseErrors((await cli(['log', '--verify', '--against', sendgrid])).stderr)).toEqual([
      { field: '--against', message: `${sendgrid} has no audit_head to check: it is not a Keydesk JSON export` },
    ]);
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, readFileSync(exported, 'utf8').replace('"name":"one"', '"name":"uno"'));
    expect((await cli(['log', '--verify', '--against', edited])).stderr).toMatch(/body_sha256/);
  });

  it('fails for an export this store never recorded, though its head is in the log', async () => {
    const forged = join(dir, 'forged.json');
    // The same head, other bytes (a different export time): no row records this file.
    writeFileSync(forged, readFileSync(exported, 'utf8').replace(/"exported_at":"[^"]+"/, '"exported_at":"2020-01-01T00:00:00.000Z"'));
    const result = await cli(['log', '--verify', '--against', forged]);
    expect(result.code).toBe(1);
    expect(parseErrors(result.stderr)).toEqual([
      { field: 'witness', message: expect.stringMatching(/does not hold: the log records no export with this file's SHA-256 \([0-9a-f]{64}\) after row 1: it was not written by this store, or its record was removed$/) },
    ]);
  });
});

describe('who may', () => {
  let mailOnly: string;
  let reader: string;
  beforeAll(async () => {
    mailOnly = (await createKeyWithCli(cli, ['--name', 'mail only', '--scopes', 'mail.send'])).api_key;
    reader = (await createKeyWithCli(cli, ['--name', 'reader', '--scopes', 'api_keys.read'])).api_key;
  });

  it('a key without api_keys.read reads, verifies and witnesses nothing; one with it may; neither reseals', async () => {
    for (const args of [['log'], ['log', '--verify'], ['log', '--head'], ['log', '--verify', '--expect-head', witness], ['log', '--verify', '--against', exported]]) {
      const refused = await cli(args, { env: { KEYDESK_API_KEY: mailOnly } });
      expect(refused.code, args.join(' ')).toBe(1);
      expect(parseErrors(refused.stderr), args.join(' ')).toEqual([{ field: null, message: 'access forbidden' }]);
      expect((await cli(args, { env: { KEYDESK_API_KEY: reader } })).code, args.join(' ')).toBe(0);
    }
    for (const key of [mailOnly, reader]) {
      expect(parseErrors((await cli(['log', '--reseal'], { env: { KEYDESK_API_KEY: key } })).stderr)).toEqual([{ field: null, message: 'access forbidden' }]);
    }
  });
});

describe('log --reseal', () => {
  it('makes a store copied from another machine writable here, and says so in the log', async () => {
    const home = mkdtempSync(join(tmpdir(), 'keydesk-other-machine-'));
    try {
      const copy = join(dir, 'copy.db');
      copyFileSync(db, copy);
      const there = (args: readonly string[]) => cliFor(copy)(args, { env: { XDG_CONFIG_HOME: home, APPDATA: home } });
      expect((await there(['keys', 'create', '--name', 'x', '--scopes', 'mail.send'])).code).toBe(1);
      const resealed = await there(['log', '--reseal']);
      expect(resealed.code, resealed.stderr).toBe(0);
      expect(resealed.stdout).toMatch(/^Sealed the audit log afresh with a key made on this machine; row \d+ records it\. The key the store was sealed with before no longer fits it\.\n$/);
      expect((await there(['keys', 'create', '--name', 'x', '--scopes', 'mail.send'])).code).toBe(0);
      expect((await there(['log', '--verify'])).stdout).toMatch(/^Audit log intact: \d+ rows, sealed/);
      expect((await there(['log'])).stdout).toMatch(/audit\.reseal +audit log sealed afresh with a key made on this machine \(\d+ rows before it\)/);
      // Back here, this machine's key no longer fits the copy.
      const here = await cliFor(copy)(['log', '--verify']);
      expect(parseErrors(here.stderr)).toContainEqual({ field: 'seal', message: expect.stringMatching(/is not the one the store is sealed with/) });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
