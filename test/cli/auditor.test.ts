/**
 * What an auditor does with the CLI: narrow the audit log by time, key and action; read times
 * with their zone; tell imported records from keys issued here; export every account, or some keys,
 * with unknown scopes said as unknown; and fail a CI job on findings (`audit --fail-on`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../common/catalog.ts';
import { cliOverTempStore, createKeyWithCli, parseErrors, storeRows, type Cli } from '../helpers/cli.ts';

let dir: string;
let db: string;
let cli: Cli;
beforeEach(() => ({ dir, db, cli } = cliOverTempStore()));

/** SendGrid's key list (GET /v3/api_keys): names and IDs, no scopes. */
const LISTED = { result: [{ name: 'from SendGrid', api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA' }] };

async function importListed(account?: string): Promise<void> {
  writeFileSync(join(dir, 'list.json'), JSON.stringify(LISTED));
  const result = await cli([...(account ? ['--account', account] : []), 'import', join(dir, 'list.json')]);
  expect(result.code, result.stderr).toBe(0);
}

interface LogEntry {
  readonly seq: number;
  readonly at: string;
  readonly action: string;
  readonly key_id: string | null;
}

describe('log --since --until --key --action', () => {
  it('narrows the audit log; a date alone for --until takes in that whole day', async () => {
    const first = await createKeyWithCli(cli, ['--name', 'first', '--full']);
    const second = await createKeyWithCli(cli, ['--name', 'second', '--scopes', 'mail.send']);
    await cli(['keys', 'rename', first.api_key_id, '--name', 'first, renamed']);
    await cli(['keys', 'delete', second.api_key_id]);
    const all = JSON.parse((await cli(['log', '--json'])).stdout) as LogEntry[];
    expect(all.map((e) => e.action)).toEqual(['key.create', 'key.create', 'key.rename', 'key.delete']);
    const json = async (...args: string[]) => JSON.parse((await cli(['log', '--json', ...args])).stdout) as LogEntry[];

    expect((await json('--key', first.api_key_id)).map((e) => e.action)).toEqual(['key.create', 'key.rename']);
    expect((await json('--action', 'key.delete')).map((e) => e.key_id)).toEqual([second.api_key_id]);
    expect((await json('--key', second.api_key_id, '--action', 'key.create')).map((e) => e.seq)).toEqual([all[1]!.seq]);
    // Times: from the third entry's instant on; and up to the second's.
    expect((await json('--since', all[2]!.at)).map((e) => e.seq)).toEqual([all[2]!.seq, all[3]!.seq]);
    expect((await json('--until', all[1]!.at)).map((e) => e.seq)).toEqual([all[0]!.seq, all[1]!.seq]);
    const today = all[0]!.at.slice(0, 10);
    expect(await json('--since', today, '--until', today)).toHaveLength(4);
    expect(await json('--until', '2000-01-01')).toEqual([]);

    const text = await cli(['log', '--action', 'key.rename']);
    expect(text.stdout.trim().split('\n')).toHaveLength(2); // the header and the one entry
    expect(text.stdout).toMatch(/key\.rename/);
  });
});

describe('times carry their zone', () => {
  it('UTC by default; --local shows the machine\'s zone as an offset; JSON stays ISO-8601 UTC', async () => {
    const created = await createKeyWithCli(cli, ['--name', 'zoned', '--full', '--expires-at', '2030-06-01T12:00:00Z']);
    const utc = await cli(['keys', 'show', created.api_key_id]);
    expect(utc.stdout).toMatch(/^Expires: +2030-06-01 12:00 UTC \(in \d+ days\)$/m);
    expect(utc.stdout).toMatch(/^Created: +\d{4}-\d\d-\d\d \d\d:\d\d UTC$/m);

    const env = { TZ: 'Asia/Kolkata' };
    const local = await cli(['--local', 'keys', 'show', created.api_key_id], { env });
    expect(local.stdout).toMatch(/^Expires: +2030-06-01 17:30 \+05:30 \(in \d+ days\)$/m);
    const list = await cli(['keys', 'list', '--local'], { env });
    expect(list.stdout).toMatch(/2030-06-01 17:30 \+05:30/);
    const log = await cli(['log', '--local'], { env });
    expect(log.stdout).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d \+05:30/);
    const json = await cli(['keys', 'show', created.api_key_id, '--json', '--details', '--local'], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ expires_at: '2030-06-01T12:00:00.000Z' });
  });
});

describe('imported records', () => {
  it('keys list marks them; keys show claims no secret for them and does not guess their last use', async () => {
    await createKeyWithCli(cli, ['--name', 'issued here', '--full']);
    await importListed();
    const list = await cli(['keys', 'list']);
    const row = (name: string) => list.stdout.split('\n').find((line) => line.includes(name))!;
    expect(row('from SendGrid')).toMatch(/ active, imported /);
    expect(row('from SendGrid')).toMatch(/not known$/);
    expect(row('issued here')).not.toMatch(/imported/);

    const shown = await cli(['keys', 'show', LISTED.result[0]!.api_key_id]);
    expect(shown.stdout).toMatch(/^Secret: +none here: an imported record; verify rejects it$/m);
    expect(shown.stdout).not.toMatch(/SG\.…/);
    expect(JSON.parse((await cli(['keys', 'list', '--json', '--details'])).stdout).result).toContainEqual(
      expect.objectContaining({ name: 'from SendGrid', origin: 'imported' }),
    );
  });
});

describe('export', () => {
  it('says a key\'s scopes are unknown, in CSV and JSON, instead of showing no access', async () => {
    await importListed();
    const csv = parse((await cli(['export', '--format', 'csv'])).stdout, { columns: true }) as Record<string, string>[];
    expect(csv[0]).toMatchObject({ access_type: 'unknown', scope_count: 'unknown', origin: 'imported' });
    for (const category of CATEGORIES) expect(csv[0]![category.id]).toBe('unknown');
    const json = JSON.parse((await cli(['export', '--format', 'json'])).stdout) as { keys: unknown[] };
    expect(json.keys[0]).toMatchObject({ access_type: null, scopes: null });
  });

  it('--all-accounts and the filters, to a file; a key is refused --all-accounts', async () => {
    const mine = await createKeyWithCli(cli, ['--name', 'mine', '--full']);
    await cli(['keys', 'disable', mine.api_key_id]);
    await createKeyWithCli(cli, ['--name', 'sender', '--scopes', 'mail.send']);
    expect((await cli(['accounts', 'create', 'marketing'])).code).toBe(0);
    await importListed('marketing');

    const out = join(dir, 'all.csv');
    const all = await cli(['export', '--format', 'csv', '--all-accounts', '--out', out]);
    expect(all.stdout).toMatch(/^Exported 3 keys of every account to .*all\.csv \(csv, sha256 [0-9a-f]{64}\)\.\n$/);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.account, r.name]).sort()).toEqual([['default', 'mine'], ['default', 'sender'], ['marketing', 'from SendGrid']]);

    const names = async (...args: string[]) =>
      (parse((await cli(['export', '--format', 'csv', ...args])).stdout, { columns: true }) as Record<string, string>[]).map((r) => r.name).sort();
    expect(await names('--status', 'disabled')).toEqual(['mine']);
    expect(await names('--status', 'active', '--access', 'restricted')).toEqual(['sender']);
    expect(await names('--all-accounts', '--origin', 'imported')).toEqual(['from SendGrid']);
    expect(await names('--all-accounts', '--origin', 'issued', '--access', 'full')).toEqual(['mine']);
    const filtered = JSON.parse((await cli(['export', '--format', 'json', '--status', 'active'])).stdout) as { header: { filter: unknown } };
    expect(filtered.header.filter).toEqual({ status: 'active' });

    const reader = await createKeyWithCli(cli, ['--name', 'reader', '--scopes', 'api_keys.read']);
    const before = storeRows(db);
    const refused = await cli(['export', '--format', 'csv', '--all-accounts'], { env: { KEYDESK_API_KEY: reader.api_key } });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(parseErrors(refused.stderr)[0]!.message).toBe('access forbidden');
    // Only the key's use is recorded; nothing was exported or logged as exported.
    const after = storeRows(db) as { audit_log: unknown[] };
    expect(after.audit_log).toEqual((before as { audit_log: unknown[] }).audit_log);
  });
});

describe('audit --fail-on', () => {
  it('exits 1 when a finding is at or above the severity, 0 below it; the findings print either way', async () => {
    await createKeyWithCli(cli, ['--name', 'everything', '--full']); // full_access: high
    const severities = (JSON.parse((await cli(['audit', '--json'])).stdout) as { findings: { severity: string }[] }).findings.map((f) => f.severity);
    expect(severities).toContain('high');
    for (const level of ['high', 'medium', 'low']) {
      const result = await cli(['audit', '--fail-on', level]);
      expect(result.code, level).toBe(1);
      expect(result.stdout).toMatch(/^HIGH \(\d+\)/);
    }
    await cli(['keys', 'delete', ...(JSON.parse((await cli(['keys', 'list', '--json'])).stdout) as { result: { api_key_id: string }[] }).result.map((k) => k.api_key_id)]);
    await createKeyWithCli(cli, ['--name', 'reader', '--scopes', 'stats.read']);
    const quiet = JSON.parse((await cli(['audit', '--json'])).stdout) as { findings: { severity: string }[] };
    expect(quiet.findings.some((f) => f.severity === 'high')).toBe(false);
    expect((await cli(['audit', '--fail-on', 'high'])).code).toBe(0);
    const lowest = quiet.findings.length ? 1 : 0;
    expect((await cli(['audit', '--fail-on', 'low'])).code).toBe(lowest);
  });
});
