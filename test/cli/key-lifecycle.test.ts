/** The real `keydesk` CLI: expiry, disable/enable, roll, bulk actions and last use, against a temp store. */
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../common/durations.ts';
import { cliOverTempStore, createKeyWithCli, expectCliRefused, parseErrors, type RefusedCase, type Cli } from '../helpers/cli.ts';

let db: string;
let cli: Cli;
beforeEach(() => ({ db, cli } = cliOverTempStore()));

const create = (args: string[], env?: Record<string, string>) => createKeyWithCli(cli, args, env ? { env } : {});
const verify = (key: string, args: string[] = []) => cli(['verify', ...args], { stdin: key });

const expectRefused = (cases: readonly RefusedCase[]) => expectCliRefused(cli, db, cases);

// Tests spawn many CLI processes on a shared 2-core machine, hence the longer per-test timeouts.

/** Moves a key's expiry into the past, as time passing would (the CLI refuses past dates). */
function expireNow(id: string) {
  const raw = new BetterSqlite3(db);
  raw.prepare('UPDATE keys SET expires_at = ? WHERE id = ?').run(new Date(Date.now() - 1000).toISOString(), id);
  raw.close();
}

describe('keys create with an expiry', { timeout: 90_000 }, () => {
  it('--expires-in and --expires-at set it; create --json then carries expires_at', async () => {
    const before = Date.now();
    const soon = await create(['--name', 'soon', '--scopes', 'mail.send', '--expires-in', '90d']);
    const expiry = Date.parse(soon.expires_at!);
    expect(expiry).toBeGreaterThanOrEqual(before + 90 * DAY_MS);
    expect(expiry).toBeLessThanOrEqual(Date.now() + 90 * DAY_MS);
    const dated = await create(['--name', 'dated', '--scopes', 'mail.send', '--expires-at', '2099-06-30T12:00:00+02:00']);
    expect(dated.expires_at).toBe('2099-06-30T10:00:00.000Z');
    const plain = await cli(['keys', 'create', '--name', 'plain', '--full', '--expires-in', '30d']);
    expect(plain.stdout.trim()).toMatch(/^SG\./); // still just the key on stdout
    expect(plain.stderr).toMatch(/It expires \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  it('refuses bad expiry flags by name, changing nothing', async () => {
    await create(['--name', 'existing', '--full']);
    await expectRefused([
      [['keys', 'create', '--name', 'x', '--full', '--expires-in', '3 months'], '--expires-in', /expected a duration/],
      [['keys', 'create', '--name', 'x', '--full', '--expires-at', '2026-02-30'], '--expires-at', /ISO-8601/],
      [['keys', 'create', '--name', 'x', '--full', '--expires-at', '2001-01-01'], '--expires-at', /must be in the future/],
      [['keys', 'create', '--name', 'x', '--full', '--expires-in', '1d', '--expires-at', '2099-01-01'], '--expires-in', /choose one of/],
    ]);
  });
});

describe('keys disable / enable', { timeout: 90_000 }, () => {
  it('a disabled key fails verify with its reason until enabled', async () => {
    const key = await create(['--name', 'k', '--scopes', 'mail.send']);
    const disabled = await cli(['keys', 'disable', key.api_key_id]);
    expect(disabled).toMatchObject({ code: 0, stdout: `Disabled ${key.api_key_id}.\n` });
    const rejected = await verify(key.api_key);
    expect(rejected.code).toBe(1);
    expect(parseErrors(rejected.stderr)).toEqual([{ field: null, message: 'this key is disabled' }]);
    expect((await cli(['keys', 'disable', key.api_key_id])).stdout).toBe(`${key.api_key_id} was already disabled.\n`);
    expect((await cli(['keys', 'enable', key.api_key_id])).stdout).toBe(`Enabled ${key.api_key_id}.\n`);
    expect((await verify(key.api_key)).code).toBe(0);
    const log = JSON.parse((await cli(['log', '--json'])).stdout) as { action: string }[];
    expect(log.map((e) => e.action)).toEqual(['key.create', 'key.disable', 'key.enable']);
  });

  it('acts on many keys at once, or on none when one ID is wrong', async () => {
    const keys = await Promise.all(['a', 'b', 'c'].map((name) => create(['--name', name, '--scopes', 'mail.send'])));
    const ids = keys.map((k) => k.api_key_id);
    const refused = await cli(['keys', 'disable', ids[0]!, 'no-such-key', ids[1]!]);
    expect(refused.code).toBe(1);
    expect(parseErrors(refused.stderr)).toEqual([{ field: 'api_key_id', message: 'unable to find API Key: no-such-key' }]);
    for (const key of keys) expect((await verify(key.api_key)).code).toBe(0);

    const done = await cli(['keys', 'disable', ...ids, '--json']);
    expect(JSON.parse(done.stdout)).toEqual({
      action: 'disable',
      applied: true,
      results: ids.map((id) => ({ api_key_id: id, ok: true, changed: true })),
    });
    expect((await cli(['keys', 'enable', ...ids])).stdout).toBe('Enabled 3 keys.\n');
  });
});

describe('keys expire', { timeout: 90_000 }, () => {
  it('sets, changes and removes the expiry; an expired key fails verify with its reason', async () => {
    const key = await create(['--name', 'k', '--scopes', 'mail.send']);
    const set = await cli(['keys', 'expire', key.api_key_id, '--in', '90d']);
    expect(set.stdout).toMatch(new RegExp(`^Set the expiry of ${key.api_key_id}\\.\\nExpires .* UTC \\(in 90 days\\)\\.\\n$`));
    const at = await cli(['keys', 'expire', key.api_key_id, '--at', '2099-12-31', '--json']);
    expect(JSON.parse(at.stdout)).toMatchObject({ applied: true, results: [{ api_key_id: key.api_key_id, changed: true }] });
    const listed = JSON.parse((await cli(['keys', 'list', '--json', '--details'])).stdout) as { result: { expires_at: string }[] };
    expect(listed.result[0]!.expires_at).toBe('2099-12-31T00:00:00.000Z');
    expect((await cli(['keys', 'expire', key.api_key_id, '--never'])).stdout).toMatch(/No expiry/);

    expireNow(key.api_key_id);
    const expired = await verify(key.api_key);
    expect(expired.code).toBe(1);
    expect(parseErrors(expired.stderr)).toEqual([{ field: null, message: 'this key has expired' }]);
  });

  it('refuses a missing, doubled or bad choice by flag name, changing nothing', async () => {
    const { api_key_id: id } = await create(['--name', 'k', '--scopes', 'mail.send']);
    await expectRefused([
      [['keys', 'expire', id], '--in', /choose the expiry: --in 90d, --at DATE or --never/],
      [['keys', 'expire', id, '--in', '90d', '--never'], '--in', /choose one of --in, --never/],
      [['keys', 'expire', id, '--in', 'forever'], '--in', /expected a duration/],
      [['keys', 'expire', id, '--at', 'tomorrow'], '--at', /ISO-8601/],
      [['keys', 'expire', id, '--at', '2020-01-01'], '--at', /must be in the future/],
      [['keys', 'expire', 'no-such-key', '--in', '1d'], 'api_key_id', /unable to find API Key: no-such-key/],
    ]);
  });
});

describe('keys roll', { timeout: 90_000 }, () => {
  it('prints only the new key; with --grace both secrets verify, the old one until the grace ends', async () => {
    const old = await create(['--name', 'k', '--scopes', 'mail.send']);
    const rolled = await cli(['keys', 'roll', old.api_key_id, '--grace', '24h']);
    expect(rolled.code).toBe(0);
    const fresh = rolled.stdout.trim();
    expect(fresh).toMatch(new RegExp(`^SG\\.${old.api_key_id.replace(/-/g, '\\-')}\\.[\\w-]{43}$`));
    expect(fresh).not.toBe(old.api_key);
    expect(rolled.stderr).toMatch(/keeps working for 1 day, until .* UTC/);
    expect(rolled.stderr).toMatch(/only time the new key is shown/);
    expect((await verify(old.api_key)).code).toBe(0);
    expect((await verify(fresh)).code).toBe(0);
    const show = await cli(['keys', 'show', old.api_key_id]);
    expect(show.stdout).toMatch(/Old secret: +[0-9a-f]{12} still works until/);
    const log = JSON.parse((await cli(['log', '--json'])).stdout) as { action: string; after: { secret_id: string } }[];
    expect(log.at(-1)!.action).toBe('key.roll');
    expect(JSON.stringify(log)).not.toContain(fresh.split('.')[2]);
  });

  it('without --grace the old secret fails at once, as rolled out', async () => {
    const old = await create(['--name', 'k', '--scopes', 'mail.send']);
    const rolled = await cli(['keys', 'roll', old.api_key_id, '--json']);
    const body = JSON.parse(rolled.stdout) as { api_key: string; api_key_id: string; previous_secret_retires_at: string };
    expect(body.api_key_id).toBe(old.api_key_id);
    const rejected = await verify(old.api_key);
    expect(rejected.code).toBe(1);
    expect(parseErrors(rejected.stderr)[0]!.message).toMatch(/replaced when the key was rolled/);
    expect((await verify(body.api_key)).code).toBe(0);
  });

  it('refuses a bad grace by flag name, changing nothing', async () => {
    const { api_key_id: id } = await create(['--name', 'k', '--scopes', 'mail.send']);
    await expectRefused([
      [['keys', 'roll', id, '--grace', '31d'], '--grace', /from now \(0\) to 30 days/],
      [['keys', 'roll', id, '--grace', 'a while'], '--grace', /expected a duration/],
      [['keys', 'roll', 'no-such-key'], 'api_key_id', /unable to find API Key/],
    ]);
  });
});

describe('keys delete', { timeout: 90_000 }, () => {
  it('deletes several keys as one action, or none when one is not found', async () => {
    const keys = await Promise.all(['a', 'b'].map((name) => create(['--name', name, '--scopes', 'mail.send'])));
    const ids = keys.map((k) => k.api_key_id);
    await expectRefused([[['keys', 'delete', ...ids, 'gone'], 'api_key_id', /unable to find API Key: gone/]]);
    expect((await cli(['keys', 'delete', ...ids])).stdout).toBe('Deleted 2 keys.\n');
    for (const key of keys) expect(parseErrors((await verify(key.api_key)).stderr)[0]!.message).toMatch(/deleted/);
  });
});

describe('keys list', { timeout: 90_000 }, () => {
  it('shows status, expiry and last use, and warns 30, 7 and 1 days ahead', async () => {
    const month = await create(['--name', 'month', '--scopes', 'mail.send', '--expires-in', '20d']);
    const week = await create(['--name', 'week', '--scopes', 'mail.send', '--expires-in', '5d']);
    const day = await create(['--name', 'day', '--scopes', 'mail.send', '--expires-in', '12h']);
    await create(['--name', 'later', '--scopes', 'mail.send', '--expires-in', '100d']);
    const off = await create(['--name', 'off', '--scopes', 'mail.send']);
    await cli(['keys', 'disable', off.api_key_id]);
    await verify(month.api_key, ['--caller', 'billing-worker']);

    const list = await cli(['keys', 'list']);
    expect(list.code).toBe(0);
    const row = (name: string) => list.stdout.split('\n').find((line) => line.includes(`  ${name}  `))!;
    expect(row('month')).toMatch(/active +\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 20 days\).* by billing-worker$/);
    expect(row('later')).toMatch(/\(in 100 days\)/);
    expect(row('off')).toMatch(/disabled +never/);
    const warnings = list.stdout.split('\n').filter((line) => line.startsWith('Warning'));
    expect(warnings).toEqual([
      `Warning (within 1 day): "day" expires in 12 hours (${day.api_key_id})`,
      `Warning (within 7 days): "week" expires in 5 days (${week.api_key_id})`,
      `Warning (within 30 days): "month" expires in 20 days (${month.api_key_id})`,
    ]);
  });

  it('--json keeps SendGrid\'s shape; --details adds status, expiry and last use', async () => {
    const key = await create(['--name', 'k', '--scopes', 'mail.send', '--expires-in', '5d']);
    await verify(key.api_key, ['--caller', 'ci']);
    expect(JSON.parse((await cli(['keys', 'list', '--json'])).stdout)).toEqual({ result: [{ name: 'k', api_key_id: key.api_key_id }] });
    const detailed = JSON.parse((await cli(['keys', 'list', '--json', '--details'])).stdout) as { result: Record<string, unknown>[] };
    expect(detailed.result[0]).toMatchObject({
      api_key_id: key.api_key_id,
      status: 'active',
      expires_at: key.expires_at,
      expiry_warning_days: 7,
      disabled_at: null,
      last_used_at: expect.any(String),
      last_used_by: 'ci',
    });
    const shown = JSON.parse((await cli(['keys', 'show', key.api_key_id, '--json', '--details'])).stdout) as { secrets: unknown[] };
    expect(shown.secrets).toEqual([{ secret_id: expect.stringMatching(/^[0-9a-f]{12}$/), retires_at: null, state: 'current' }]);
    expect(JSON.stringify(shown)).not.toContain(key.api_key.split('.')[2]);
  });

  it('verify --caller refuses a label that would not pass as a name', async () => {
    const key = await create(['--name', 'k', '--scopes', 'mail.send']);
    await expectRefused([[['verify', '--caller', 'x'.repeat(101)], '--caller', /at most 100 characters/]]);
    expect((await verify(key.api_key, ['--caller', 'ok'])).code).toBe(0);
  });
});

describe('acting as a key, and --account', { timeout: 90_000 }, () => {
  it('lifecycle changes need api_keys.update; a key cannot roll a stronger one', async () => {
    const reader = await create(['--name', 'reader', '--scopes', 'api_keys.read']);
    const updater = await create(['--name', 'updater', '--scopes', 'api_keys.update,alerts.read']);
    const target = await create(['--name', 'target', '--scopes', 'mail.send']);
    const asReader = await cli(['keys', 'disable', target.api_key_id], { env: { KEYDESK_API_KEY: reader.api_key } });
    expect(asReader.code).toBe(1);
    expect(parseErrors(asReader.stderr)).toEqual([{ field: null, message: 'access forbidden' }]);
    const roll = await cli(['keys', 'roll', target.api_key_id], { env: { KEYDESK_API_KEY: updater.api_key } });
    expect(roll.code).toBe(1);
    expect(roll.stdout).toBe('');
    expect(parseErrors(roll.stderr)).toEqual([{ field: 'scopes', message: 'unauthorized scopes: [mail.send]' }]);
    expect((await cli(['keys', 'disable', target.api_key_id], { env: { KEYDESK_API_KEY: updater.api_key } })).code).toBe(0);
  });

  it('--account picks the account every lifecycle command acts on', async () => {
    await cli(['accounts', 'create', 'eu']);
    const inEu = (args: readonly string[]) => cli(['--account', 'eu', ...args]);
    const theirs = await createKeyWithCli(inEu, ['--name', 'eu key', '--scopes', 'mail.send']);
    const wrong = await cli(['keys', 'disable', theirs.api_key_id]);
    expect(parseErrors(wrong.stderr)[0]!.message).toMatch(/unable to find API Key/);
    expect((await cli(['--account', 'eu', 'keys', 'disable', theirs.api_key_id])).code).toBe(0);
    expect((await cli(['--account', 'eu', 'keys', 'roll', theirs.api_key_id, '--grace', '1h'])).code).toBe(0);
    expect((await cli(['--account', 'eu', 'keys', 'expire', theirs.api_key_id, '--in', '7d'])).code).toBe(0);
    const eu = JSON.parse((await cli(['--account', 'eu', 'keys', 'list', '--json', '--details'])).stdout) as { result: { status: string }[] };
    expect(eu.result).toEqual([expect.objectContaining({ api_key_id: theirs.api_key_id, status: 'disabled' })]);
  });
});

describe('key IDs beginning with "-"', { timeout: 90_000 }, () => {
  it('are read as IDs by every command that takes one, not as options (-h would print help)', async () => {
    await create(['--name', 'first', '--scopes', 'mail.send']); // creates the store
    const id = '-hAAAAAAAAAAAAAAAAAAAA'; // about 1 key in 64 has an ID starting with "-"
    const raw = new BetterSqlite3(db);
    const now = new Date().toISOString();
    const scopeSet = raw.prepare(`INSERT INTO scope_sets (scopes) VALUES ('["mail.send"]')
                                  ON CONFLICT (scopes) DO UPDATE SET scopes = excluded.scopes RETURNING id`).pluck().get();
    raw.prepare(`INSERT INTO keys (id, account_id, name, access_type, scope_set_id, origin, created_at, updated_at)
                 VALUES (?, 1, 'dashed', 'restricted', ?, 'imported', ?, ?)`).run(id, scopeSet, now, now);
    raw.close();
    expect(JSON.parse((await cli(['keys', 'show', id, '--json'])).stdout)).toEqual({ api_key_id: id, name: 'dashed', scopes: ['mail.send'] });
    expect((await cli(['keys', 'rename', id, '--name', 'renamed'])).stdout).toBe(`Renamed ${id} to "renamed".\n`);
    expect((await cli(['keys', 'disable', id])).stdout).toBe(`Disabled ${id}.\n`);
    expect((await cli(['keys', 'expire', id, '--in', '7d', '--json'])).code).toBe(0);
    expect((await cli(['keys', 'delete', id])).stdout).toBe(`Deleted ${id}.\n`);
    expect(JSON.parse((await cli(['keys', 'list', '--json'])).stdout).result).toHaveLength(1);
  });
});
