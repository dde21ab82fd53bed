/** The real `keydesk` CLI, spawned as a process against a temp store. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { FULL_ACCESS_SCOPES, BILLING_SCOPES, scopesForLevels } from '../../common/permissions.ts';
import { cliFor, cliOverTempStore, parseErrors, type Cli } from '../helpers/cli.ts';

let dir: string;
let db: string;
let cli: Cli;
beforeEach(() => ({ dir, db, cli } = cliOverTempStore()));

async function createJson(args: string[]) {
  const result = await cli(['keys', 'create', ...args, '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { api_key: string; api_key_id: string; name: string; scopes: string[] };
}

/** Every row of the store, read with a separate connection. */
function dump(): unknown {
  const raw = new BetterSqlite3(db, { readonly: true });
  try {
    return ['accounts', 'scope_sets', 'keys', 'retired_secrets', 'audit_log'].map((t) => raw.prepare(`SELECT * FROM ${t}`).all());
  } finally {
    raw.close();
  }
}

describe('keydesk keys', () => {
  it('creates Full, Restricted (by level and by scope) and Billing keys in SendGrid\'s JSON shape', async () => {
    const full = await createJson(['--name', 'All', '--full']);
    expect(full.scopes).toEqual(FULL_ACCESS_SCOPES);
    expect(full.api_key).toMatch(/^SG\.[\w-]{22}\.[\w-]{43}$/);
    expect(full.api_key_id).toBe(full.api_key.split('.')[1]);

    const levels = await createJson(['--name', 'Mailer', '--level', 'mail_send=full', '--level', 'Stats=read']);
    expect(levels.scopes).toEqual(scopesForLevels({ mail_send: 'full', stats: 'read' }));

    const listed = await createJson(['--name', 'Few', '--scopes', 'alerts.read, mail.send', '--level', 'api_keys=read']);
    expect(listed.scopes).toEqual(['alerts.read', 'api_keys.read', 'mail.send']);

    const billing = await createJson(['--name', 'Billing', '--billing']);
    expect(billing.scopes).toEqual(BILLING_SCOPES);
  });

  it('prints the key alone on stdout without --json, and the once-only warning on stderr', async () => {
    const result = await cli(['keys', 'create', '--name', 'plain', '--scopes', 'mail.send']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^SG\.[\w-]{22}\.[\w-]{43}$/);
    expect(result.stderr).toMatch(/only time the key is shown/);
  });

  it('lists as {result:[{name, api_key_id}]} and shows as {api_key_id, name, scopes}', async () => {
    const a = await createJson(['--name', 'A', '--scopes', 'mail.send']);
    const b = await createJson(['--name', 'B', '--level', 'alerts=read']);
    const list = await cli(['keys', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual({ result: [{ name: 'A', api_key_id: a.api_key_id }, { name: 'B', api_key_id: b.api_key_id }] });
    const show = await cli(['keys', 'show', b.api_key_id, '--json']);
    expect(JSON.parse(show.stdout)).toEqual({ api_key_id: b.api_key_id, name: 'B', scopes: ['alerts.read'] });
    const human = await cli(['keys', 'show', b.api_key_id]);
    expect(human.stdout).toMatch(/Alerts\s+read/);
    expect(human.stdout).not.toContain(a.api_key);
  });

  it('renames and replaces scopes', async () => {
    const key = await createJson(['--name', 'old', '--scopes', 'mail.send']);
    const renamed = await cli(['keys', 'rename', key.api_key_id, '--name', 'new', '--json']);
    expect(JSON.parse(renamed.stdout)).toEqual({ api_key_id: key.api_key_id, name: 'new' });
    const updated = await cli(['keys', 'update', key.api_key_id, '--name', 'new', '--level', 'template_engine=read', '--json']);
    expect(JSON.parse(updated.stdout).scopes).toEqual(scopesForLevels({ template_engine: 'read' }));
  });

  it('deletes: the key is gone and verify exits 1 for it', async () => {
    const key = await createJson(['--name', 'doomed', '--scopes', 'mail.send']);
    expect((await cli(['verify'], { stdin: `${key.api_key}\n` })).code).toBe(0);
    expect((await cli(['keys', 'delete', key.api_key_id])).code).toBe(0);
    const verify = await cli(['verify'], { stdin: key.api_key });
    expect(verify.code).toBe(1);
    expect(parseErrors(verify.stderr)[0]!.message).toMatch(/deleted/);
    expect(JSON.parse((await cli(['keys', 'list', '--json'])).stdout)).toEqual({ result: [] });
  });
});

describe('keydesk verify', () => {
  it('exits 0 with {api_key_id, name, scopes} for a live key', async () => {
    const key = await createJson(['--name', 'live', '--scopes', 'mail.send']);
    const result = await cli(['verify'], { stdin: `${key.api_key}\n` });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ api_key_id: key.api_key_id, name: 'live', scopes: ['mail.send'] });
  });

  it('exits 1 when one character of the key is changed', async () => {
    const key = await createJson(['--name', 'live', '--scopes', 'mail.send']);
    const i = 40;
    const altered = key.api_key.slice(0, i) + (key.api_key[i] === 'x' ? 'y' : 'x') + key.api_key.slice(i + 1);
    const result = await cli(['verify'], { stdin: altered });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(parseErrors(result.stderr)).toEqual([{ field: null, message: expect.stringMatching(/secret does not match/) }]);
  });

  it('exits 1 for malformed input', async () => {
    expect((await cli(['verify'], { stdin: 'SG.nope' })).code).toBe(1);
    expect((await cli(['verify'], { stdin: '' })).code).toBe(1);
  });
});

describe('errors', () => {
  it('are SendGrid JSON on stderr with a non-zero exit, and change nothing', async () => {
    await createJson(['--name', 'existing', '--scopes', 'mail.send']);
    const before = dump();
    const cases: [string[], { field: string | null; message: RegExp }][] = [
      [['keys', 'create', '--name', '', '--full'], { field: 'name', message: /missing required argument/ }],
      [['keys', 'create', '--name', 'x', '--scopes', 'billing.read,mail.send'], { field: 'scopes', message: /billing permissions/ }],
      [['keys', 'create', '--name', 'x', '--scopes', 'mail.sned'], { field: 'scopes', message: /unknown scopes: \[mail\.sned\]/ }],
      [['keys', 'create', '--name', 'x', '--level', 'email_activity=full'], { field: '--level', message: /offers no full level/ }],
      [['keys', 'create', '--name', 'x', '--level', 'nothing=read'], { field: '--level', message: /unknown category/ }],
      [['keys', 'create', '--name', 'x'], { field: 'scopes', message: /choose the access/ }],
      [['keys', 'create', '--name', 'x', '--full', '--billing'], { field: '--full', message: /choose one of/ }],
      [['keys', 'rename', 'missing-id', '--name', 'x'], { field: 'api_key_id', message: /unable to find API Key/ }],
      [['keys', 'delete', 'missing-id'], { field: 'api_key_id', message: /unable to find API Key/ }],
      [['--account', 'nobody', 'keys', 'list'], { field: '--account', message: /unknown account "nobody"/ }],
      [['keys', 'create', '--name', 'x', '--frobnicate'], { field: '--frobnicate', message: /unknown option/ }],
    ];
    for (const [args, expected] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stdout).toBe('');
      const [first] = parseErrors(result.stderr);
      expect(first!.field, args.join(' ')).toBe(expected.field);
      expect(first!.message).toMatch(expected.message);
    }
    expect(dump()).toEqual(before);
  });

  it('refuses a file that is not a Keydesk store, without touching it', async () => {
    const notes = join(dir, 'notes.txt');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(notes, 'hello');
    const result = await cliFor(notes)(['keys', 'list']);
    expect(result.code).toBe(1);
    expect(parseErrors(result.stderr)[0]).toMatchObject({ field: 'database', message: expect.stringMatching(/not a SQLite database/) });
    expect(readFileSync(notes, 'utf8')).toBe('hello');
  });
});

describe('acting as a key (KEYDESK_API_KEY)', () => {
  it('needs api_keys scopes, and cannot grant beyond its own', async () => {
    const admin = await createJson(['--name', 'admin', '--level', 'api_keys=full', '--level', 'alerts=read']);
    const mailer = await createJson(['--name', 'mailer', '--scopes', 'mail.send']);
    const asAdmin = (args: string[]) => cli(args, { env: { KEYDESK_API_KEY: admin.api_key } });
    const asMailer = (args: string[]) => cli(args, { env: { KEYDESK_API_KEY: mailer.api_key } });

    const denied = await asMailer(['keys', 'list']);
    expect(denied.code).toBe(1);
    expect(parseErrors(denied.stderr)).toEqual([{ field: null, message: 'access forbidden' }]);

    const escalate = await asAdmin(['keys', 'create', '--name', 'x', '--scopes', 'alerts.read,mail.send']);
    expect(escalate.code).toBe(1);
    expect(parseErrors(escalate.stderr)).toEqual([{ field: 'scopes', message: 'unauthorized scopes: [mail.send]' }]);

    const within = await asAdmin(['keys', 'create', '--name', 'alerts only', '--level', 'alerts=read', '--json']);
    expect(within.code).toBe(0);
    const log = JSON.parse((await cli(['log', '--json'])).stdout) as { actor: string; action: string }[];
    expect(log.at(-1)).toMatchObject({ actor: `key:${admin.api_key_id}`, action: 'key.create' });
  });

  it('`scopes` shows the acting key\'s own scopes', async () => {
    const key = await createJson(['--name', 'k', '--scopes', 'mail.send,alerts.read']);
    const result = await cli(['scopes', '--json'], { env: { KEYDESK_API_KEY: key.api_key } });
    expect(JSON.parse(result.stdout)).toEqual({ scopes: ['alerts.read', 'mail.send'] });
  });

  it('is refused when the key is not valid', async () => {
    const key = await createJson(['--name', 'k', '--scopes', 'api_keys.read']);
    await cli(['keys', 'delete', key.api_key_id]);
    const result = await cli(['keys', 'list'], { env: { KEYDESK_API_KEY: key.api_key } });
    expect(result.code).toBe(1);
    expect(parseErrors(result.stderr)[0]).toMatchObject({ field: 'KEYDESK_API_KEY', message: expect.stringMatching(/deleted/) });
  });
});

describe('keydesk scopes', () => {
  it('prints the catalog as JSON with categories and every scope', async () => {
    const result = await cli(['scopes', '--json']);
    const catalog = JSON.parse(result.stdout) as { categories: { id: string }[]; scopes: { scope: string }[] };
    expect(catalog.categories).toHaveLength(19);
    expect(catalog.scopes).toHaveLength(283);
  });
});

describe('keydesk log', () => {
  it('lists changes and verifies the hash chain', async () => {
    const key = await createJson(['--name', 'k', '--scopes', 'mail.send']);
    await cli(['keys', 'rename', key.api_key_id, '--name', 'k2']);
    const log = await cli(['log']);
    expect(log.stdout).toMatch(/key\.create/);
    expect(log.stdout).toMatch(/renamed "k" → "k2"/);
    const ok = await cli(['log', '--verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/intact: 2 rows/);
  });

  it('--verify fails naming the row after a row is edited directly in SQLite', async () => {
    for (const name of ['a', 'b', 'c']) await createJson(['--name', name, '--scopes', 'mail.send']);
    const raw = new BetterSqlite3(db);
    raw.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = replace(after, '"name":"b"', '"name":"x"') WHERE seq = 2`);
    raw.close();
    const result = await cli(['log', '--verify']);
    expect(result.code).toBe(1);
    expect(parseErrors(result.stderr)).toEqual([{ field: 'audit_log', message: expect.stringMatching(/broken at row 2/) }]);
  });

  it('never prints a secret', async () => {
    const key = await createJson(['--name', 'k', '--scopes', 'mail.send']);
    const log = await cli(['log', '--json']);
    expect(log.stdout).not.toContain(key.api_key.split('.')[2]);
  });
});
