/**
 * Owners and access reviews through the real CLI process, against a temp store: annotate, a
 * review of 20 keys from start to report (one Reduce through `keys update`), a close refused
 * while one key is undecided, and the report's audit head checked against the log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../common/records.ts';
import type { Review } from '../../common/reviews.ts';
import { OWNER } from '../../main/services/caller.ts';
import { createServices } from '../../main/services/services.ts';
import { openStore } from '../../main/store/store.ts';
import { cliOverTempStore, expectCliRefused, parseErrors, type Cli } from '../helpers/cli.ts';

let dir: string;
let db: string;
let cli: Cli;
beforeEach(() => ({ dir, db, cli } = cliOverTempStore()));

/** `count` keys made in-process (the CLI opens the same file): Full, Restricted and Billing ones. */
function seedKeys(count: number): string[] {
  const store = openStore(db);
  try {
    const s = createServices(store);
    const caller = { actor: OWNER, account: store.accounts.byName('default')!, via: 'cli' as const };
    return Array.from({ length: count }, (_, i) => {
      const scopes = i % 5 === 0 ? undefined : i % 7 === 0 ? ['billing.read'] : ['mail.send', 'alerts.read', 'stats.read'];
      return s.keys.create(caller, { name: `service ${String(i + 1).padStart(2, '0')}`, ...(scopes ? { scopes } : {}) }).api_key_id;
    });
  } finally {
    store.close();
  }
}

async function ok(args: readonly string[]): Promise<string> {
  const result = await cli(args);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

const okJson = async <T>(args: readonly string[]): Promise<T> => JSON.parse(await ok([...args, '--json'])) as T;

const logEntries = async () => okJson<AuditEntry[]>(['log']);

describe('keydesk keys annotate', () => {
  it('sets owner, purpose and tags on several keys at once, each change an audit entry; a second identical call changes nothing', async () => {
    const [a, b] = seedKeys(2);
    const first = await okJson<{ result: { api_key_id: string; owner: string; purpose: string; tags: string[]; changed: boolean }[] }>(
      ['keys', 'annotate', a!, b!, '--owner', 'Ops@Example.com', '--purpose', 'Order mail', '--tag', 'prod', '--tag', 'mail'],
    );
    expect(first.result).toEqual([
      { api_key_id: a, name: 'service 01', owner: 'ops@example.com', purpose: 'Order mail', tags: ['mail', 'prod'], changed: true },
      { api_key_id: b, name: 'service 02', owner: 'ops@example.com', purpose: 'Order mail', tags: ['mail', 'prod'], changed: true },
    ]);
    const again = await okJson<{ result: { changed: boolean }[] }>(['keys', 'annotate', a!, '--owner', 'ops@example.com', '--tag', 'prod']);
    expect(again.result.map((r) => r.changed)).toEqual([false]);
    await ok(['keys', 'annotate', b!, '--untag', 'mail', '--purpose', '']);

    const entries = (await logEntries()).filter((e) => e.action === 'key.annotate');
    expect(entries.map((e) => e.key_id)).toEqual([a, b, b]);
    expect(entries[2]!.after).toEqual({ annotation: { owner: 'ops@example.com', purpose: null, tags: ['prod'] } });
    expect(await ok(['log', '--key', b!])).toMatch(/key\.annotate .*purpose cleared; tags −mail/);
  });

  it('refuses a bad owner, a bad tag, an unknown key or no change at all, and changes nothing', async () => {
    const [a] = seedKeys(1);
    await expectCliRefused(cli, db, [
      [['keys', 'annotate', a!, '--owner', 'bob'], '--owner', /owner must be an email address/],
      [['keys', 'annotate', a!, '--tag', 'two words'], '--tag', /a tag is letters, digits/],
      [['keys', 'annotate', a!, 'no-such-key-id-at-all0', '--owner', 'ops@example.com'], 'api_key_id', /unable to find API Key/],
      [['keys', 'annotate', a!], null, /nothing to change/],
    ]);
  });
});

describe('keydesk review', () => {
  it('a review of 20 keys: start, decide each (one Reduce through keys update), close refused while one is undecided, close, report; the report’s head verifies with log --expect-head', async () => {
    const ids = seedKeys(20);
    await ok(['keys', 'annotate', ...ids.slice(0, 15), '--owner', 'ops@example.com', '--purpose', 'Transactional mail']);
    await ok(['keys', 'annotate', ids[15]!, '--owner', 'gone@example.com']);

    const started = await okJson<Review>(['review', 'start', '--reviewer', 'alice@example.com', '--departed', 'gone@example.com', '--rotation-days', '90']);
    expect(started.total).toBe(20);
    expect(started.decided).toBe(0);
    expect(started.findings_at_start.map((f) => f.rule).sort()).toEqual(['departed_owner', 'no_owner', 'no_owner', 'no_owner', 'no_owner']);
    await expectCliRefused(cli, db, [[['review', 'start'], 'review_id', /review 1 of this account is still open/]]);

    // Keep 16 in one go, with a note; Disable one; Delete one.
    const [reduced, disabled, deleted, last] = [ids[1]!, ids[2]!, ids[3]!, ids[4]!];
    const kept = ids.filter((id) => ![reduced, disabled, deleted, last].includes(id));
    await ok(['review', 'decide', ...kept, '--keep', '--note', 'still sending order mail', '--reviewer', 'alice@example.com']);
    await ok(['review', 'decide', disabled, '--disable', '--reviewer', 'bob@example.com', '--note', 'owner unknown']);
    await ok(['review', 'decide', deleted, '--delete', '--reviewer', 'bob@example.com']);

    // Reduce is recorded only once the key's access was cut down.
    await expectCliRefused(cli, db, [[['review', 'decide', reduced, '--reduce'], '--reduce', /reduce the key's access first/]]);
    await ok(['keys', 'update', reduced, '--name', 'service 02', '--scopes', 'mail.send']);
    await ok(['review', 'decide', reduced, '--reduce', '--note', 'sends only', '--reviewer', 'alice@example.com']);

    const status = await okJson<Review>(['review', 'status']);
    expect(status.decided).toBe(19);
    expect(await ok(['review', 'status', '--undecided'])).toMatch(new RegExp(`19 of 20 keys decided[\\s\\S]*${last}`));
    await expectCliRefused(cli, db, [[['review', 'close'], 'review_id', /cannot close: 1 of 20 keys have no decision yet/]]);
    await expectCliRefused(cli, db, [[['review', 'report', '1', '--out', join(dir, 'early.html')], 'review_id', /still open/]]);

    await ok(['review', 'decide', last, '--keep', '--reviewer', 'alice@example.com']);
    const closed = await okJson<Review>(['review', 'close', '--reviewer', 'carol@example.com']);
    expect(closed.closed_by).toBe('carol@example.com');
    expect(closed.reviewers).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com']);

    // The head at close is the log's last entry, the close itself; the log verifies.
    const atClose = await logEntries();
    const head = atClose.at(-1)!;
    expect(head.action).toBe('review.close');
    expect(closed.audit_head_at_close).toBe(`${head.seq}:${head.hash}`);

    const html = join(dir, 'review.html');
    const csv = join(dir, 'review.csv');
    await ok(['review', 'report', '1', '--out', html]);
    await ok(['review', 'report', '--out', csv]);
    const report = readFileSync(html, 'utf8');
    expect(report).toContain(`keydesk log --verify --expect-head ${head.seq}:${head.hash}`);
    expect(report).toMatch(/<span class="n">17<\/span>Keep<\/li><li[^>]*><span class="n">1<\/span>Reduce/);
    expect(report).not.toMatch(/<script|src="http|href="http/);
    expect(report).not.toMatch(/SG\.[\w-]{22}\.[\w-]{43}/);

    const rows = parse(readFileSync(csv, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(20);
    expect(rows.find((r) => r.api_key_id === reduced)).toMatchObject({ decision: 'reduce', note: 'sends only', decided_by: 'alice@example.com', owner: 'ops@example.com' });
    expect(rows.find((r) => r.api_key_id === ids[15])).toMatchObject({ owner: 'gone@example.com', findings_at_start: 'departed_owner', decision: 'keep' });
    expect(new Set(rows.map((r) => r.audit_head_at_close))).toEqual(new Set([`${head.seq}:${head.hash}`]));

    // Disable and Delete were made to the keys, each with its own entry before the decision's.
    const shown = await cli(['keys', 'show', deleted]);
    expect(shown.code).toBe(1);
    expect(JSON.parse(await ok(['keys', 'show', disabled, '--json', '--details'])) as { status: string }).toMatchObject({ status: 'disabled' });
    const actions = (await logEntries()).filter((e) => e.key_id === disabled || e.key_id === deleted).map((e) => `${e.action} ${e.key_id === disabled ? 'D' : 'X'}`);
    expect(actions).toEqual(['key.create D', 'key.create X', 'key.annotate D', 'key.annotate X', 'key.disable D', 'review.decide D', 'key.delete X', 'review.decide X']);

    // The head the report names verifies against the log, as the report tells its reader to check
    // it, though entries were added since; a head the log does not hold is refused.
    const named = /keydesk log --verify --expect-head (\d+:[0-9a-f]{64})/.exec(report)?.[1];
    expect(named).toBe(rows[0]!.audit_head_at_close);
    expect(await ok(['log', '--verify', '--expect-head', named!])).toMatch(/^Audit log intact: \d+ rows, sealed/);
    const forged = await cli(['log', '--verify', '--expect-head', `${head.seq}:${atClose.at(-2)!.hash}`]);
    expect(forged.code).toBe(1);
    const later = await logEntries();
    expect(later.find((e) => e.seq === head.seq)!.hash).toBe(head.hash);
    expect(later.slice(-2).map((e) => e.action)).toEqual(['review.report', 'review.report']);

    // The inventory export now carries the owner, purpose, tags, last rotation and last decision.
    const exported = parse(await ok(['export', '--format', 'csv']), { columns: true }) as Record<string, string>[];
    expect(exported).toHaveLength(19);
    expect(exported.find((r) => r.api_key_id === reduced)).toMatchObject({ owner: 'ops@example.com', purpose: 'Transactional mail', last_review_decision: 'reduce' });
    expect(exported.find((r) => r.api_key_id === disabled)).toMatchObject({ last_review_decision: 'disable', status: 'disabled' });
    expect(exported.find((r) => r.api_key_id === ids[16])).toMatchObject({ owner: '', purpose: '', tags: '', last_review_decision: 'keep' });
  });

  it('refuses a decision on a closed review, on a key not in it, and with no or two decisions', async () => {
    const [a] = seedKeys(1);
    await expectCliRefused(cli, db, [[['review', 'decide', a!, '--keep'], 'review_id', /no open review/]]);
    await ok(['review', 'start']);
    await expectCliRefused(cli, db, [
      [['review', 'decide', a!], null, /exactly one decision/],
      [['review', 'decide', a!, '--keep', '--delete'], null, /exactly one decision/],
      [['review', 'decide', 'abcdefghijklmnopqrstuv', '--keep'], 'api_key_id', /is not in review 1/],
    ]);
    await ok(['review', 'decide', a!, '--keep']);
    await ok(['review', 'close']);
    const result = await cli(['review', 'decide', a!, '--keep', '--review', '1']);
    expect(result.code).toBe(1);
    expect(parseErrors(result.stderr)[0]!.message).toMatch(/review 1 was closed .*takes no more decisions/);
  });
});
