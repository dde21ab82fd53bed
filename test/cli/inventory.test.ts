/** `keydesk audit | export | import | diff | leaks`, as real processes against a temp store. */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { issueKey } from '../../main/core/key-format.ts';
import { OWNER } from '../../main/services/caller.ts';
import { createServices } from '../../main/services/services.ts';
import { openStore } from '../../main/store/store.ts';
import { cliOverTempStore, parseErrors, type Cli } from '../helpers/cli.ts';
import { addAccount } from '../helpers/temp-store.ts';

const FIXTURES = new URL('../fixtures/sendgrid/', import.meta.url).pathname;

let dir: string;
let db: string;
let cli: Cli;
beforeEach(() => ({ dir, db, cli } = cliOverTempStore()));

/** Prepares the store in-process (the same file the CLI opens), then closes it. */
function seed(work: (s: ReturnType<typeof createServices>, caller: (account?: string) => Parameters<typeof s.keys.create>[0]) => void): void {
  const store = openStore(db);
  try {
    const services = createServices(store);
    work(services, (account = 'default') => ({ actor: OWNER, account: store.accounts.byName(account)!, via: 'cli' }));
  } finally {
    store.close();
  }
}

function seedKeys() {
  let keys: { full: string; mailer: string; fullId: string; mailerId: string } | undefined;
  seed((s, owner) => {
    const full = s.keys.create(owner(), { name: 'Everything' });
    const mailer = s.keys.create(owner(), { name: 'Mailer', scopes: ['mail.send'] });
    keys = { full: full.api_key, mailer: mailer.api_key, fullId: full.api_key_id, mailerId: mailer.api_key_id };
  });
  return keys!;
}

describe('keydesk audit', () => {
  it('prints findings by severity, as JSON too, with thresholds from flags', async () => {
    const keys = seedKeys();
    const human = await cli(['audit']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^HIGH \(\d+\)\n {2}full_access: 1 key with Full Access/);
    expect(human.stdout).toContain(`${keys.fullId}  Everything`);
    // Both keys are minutes old: never used, but not stale (never_used waits for --unused-days).
    expect(human.stdout).not.toMatch(/never_used/);

    const json = await cli(['audit', '--json', '--unused-days', '30', '--max-age-days', '400']);
    const { findings } = JSON.parse(json.stdout) as { findings: { rule: string; keys: { api_key_id: string }[] }[] };
    expect(findings.map((f) => f.rule)).toEqual(['full_access', 'mints_keys', 'send_and_control']);
    expect(json.stdout).not.toContain(keys.full.split('.')[2]);

    const bad = await cli(['audit', '--unused-days', 'soon']);
    expect(bad.code).toBe(2); // a usage mistake
    expect(parseErrors(bad.stderr)).toEqual([{ field: '--unused-days', message: '--unused-days takes a whole number of days, at least 1' }]);
  });
});

describe('keydesk export', () => {
  it('writes CSV to stdout that parses back, with no secret, and logs the export', async () => {
    const keys = seedKeys();
    const result = await cli(['export', '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.name).sort()).toEqual(['Everything', 'Mailer']);
    for (const key of [keys.full, keys.mailer]) expect(result.stdout).not.toContain(key.split('.')[2]);
    const log = JSON.parse((await cli(['log', '--json'])).stdout) as { action: string; after: { format: string } }[];
    expect(log.at(-1)).toMatchObject({ action: 'inventory.export', after: { format: 'csv', key_count: 2 } });
  });

  it('writes JSON to --out and says where; --format is required', async () => {
    seedKeys();
    const out = join(dir, 'inventory.json');
    const result = await cli(['export', '--format', 'json', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Exported 2 keys of "default" to .*inventory\.json \(json, sha256 [0-9a-f]{64}\)\.\n$/);
    expect(JSON.parse(readFileSync(out, 'utf8')).header).toMatchObject({ tool: 'keydesk', account: 'default', key_count: 2 });

    const missing = await cli(['export']);
    expect(missing.code).toBe(2);
    expect(parseErrors(missing.stderr)[0]!.field).toBe('--format');
  });

  it('reports progress on stderr only when asked (stderr here is not a terminal)', async () => {
    seedKeys();
    const quiet = await cli(['export', '--format', 'json', '--out', join(dir, 'a.json')]);
    expect(quiet.stderr).toBe('');
    const loud = await cli(['export', '--format', 'json', '--out', join(dir, 'b.json'), '--progress']);
    expect(loud.stderr).toMatch(/^export: 0\/2 keys\n(.*\n)*export: 2\/2 keys\n$/);
  });
});

describe('keydesk import and diff', () => {
  it("imports SendGrid's responses into the named account, again without change, and diffs against the store", async () => {
    seed((s) => addAccount(s.store, 'marketing'));
    const first = await cli(['import', join(FIXTURES, 'api-keys-per-line.jsonl'), '--account', 'marketing', '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ format: 'sendgrid-keys', account: 'marketing', added: [{ name: 'A New Hope' }, { name: 'Mail Send' }] });

    const again = await cli(['--account', 'marketing', 'import', join(FIXTURES, 'api-keys-per-line.jsonl')]);
    expect(again.stdout).toMatch(/^Imported into "marketing" from SendGrid's key objects \(GET \/v3\/api_keys\/\{id\}\): 0 added, 0 updated, 2 unchanged\.$/m);

    const diff = await cli(['diff', join(FIXTURES, 'api-keys-list.json'), '--account', 'marketing']);
    expect(diff.stdout.trim()).toBe('No differences.');
    const renamed = join(dir, 'renamed.json');
    writeFileSync(renamed, JSON.stringify({ result: [{ name: 'Empire', api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA' }] }));
    const changed = await cli(['diff', renamed, join(FIXTURES, 'api-keys-list.json'), '--json']);
    expect(JSON.parse(changed.stdout)).toEqual({
      added: [{ api_key_id: 'ynfH3dkkSYfdvQRKIjcP5Q', name: 'Mail Send' }],
      removed: [],
      renamed: [{ api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA', from: 'Empire', to: 'A New Hope' }],
      scopes: [],
    });
  });

  it('refuses a bad file whole, naming the field, and an unknown account', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ result: [{ name: 'ok', api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA' }, { name: 'no id' }] }));
    const result = await cli(['import', bad]);
    expect(result.code).toBe(1);
    expect(parseErrors(result.stderr)).toEqual([{ field: 'result[1].api_key_id', message: 'missing required argument' }]);
    expect(JSON.parse((await cli(['keys', 'list', '--json'])).stdout)).toEqual({ result: [] });

    const sides = await cli(['diff', join(FIXTURES, 'api-keys-list.json'), bad]);
    expect(parseErrors(sides.stderr)).toEqual([{ field: 'result[1].api_key_id', message: `${bad}: missing required argument` }]);

    const nowhere = await cli(['import', join(FIXTURES, 'api-keys-list.json'), '--account', 'nope']);
    expect(parseErrors(nowhere.stderr)).toEqual([{ field: '--account', message: 'unknown account "nope"' }]);
  });
});

describe('keydesk leaks', () => {
  it('exits 1 for a live key, never prints a secret, and does not follow a symlink out of the tree', async () => {
    const keys = seedKeys();
    const tree = join(dir, 'repo');
    const outside = join(dir, 'outside');
    mkdirSync(join(tree, 'src'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(tree, 'src', 'app.js'), `const key = "${keys.mailer}";\n`);
    writeFileSync(join(outside, 'other.env'), `KEY=${keys.full}\n`);
    symlinkSync(outside, join(tree, 'linked'));

    const result = await cli(['leaks', tree]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`src/app.js:1:14  live    SG.${keys.mailerId}.…  default: Mailer`);
    expect(result.stdout).toMatch(/Scanned 1 file in .* \(1 skipped\): 1 SendGrid-shaped key, 1 live\./);
    expect(result.stdout).not.toContain(keys.fullId);
    for (const key of [keys.full, keys.mailer]) expect(result.stdout + result.stderr).not.toContain(key.split('.')[2]);
    expect(result.stderr).toBe('');
  });

  it('exits 0 when nothing found is live, with --json and --progress', async () => {
    seedKeys();
    const tree = join(dir, 'repo');
    mkdirSync(tree);
    const stranger = issueKey().apiKey;
    writeFileSync(join(tree, 'a.env'), `KEY=${stranger}\n`);
    const result = await cli(['leaks', tree, '--json', '--progress']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.hits).toEqual([
      { file: 'a.env', line: 1, column: 5, api_key_id: stranger.split('.')[1], account: null, name: null, status: 'unknown', redacted: `SG.${stranger.split('.')[1]}.…` },
    ]);
    expect(result.stderr).toMatch(/^leaks: 0\/1 files\nleaks: 1\/1 files\n$/);
  });
});
