/**
 * Races: the app's dispatcher (in this process) and two CLI processes write to one store at the
 * same time, thousands of writes in all. Every write lands, with its audit entry; nobody is told
 * "database is locked" (or anything else); the log verifies. And when processes race for an
 * account's 100th key (loaded, warmed up, then told to go at once), exactly one wins and the
 * others get SendGrid's limit error: the count is taken inside the write transaction.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMIT_MESSAGE, MAX_KEYS_PER_ACCOUNT } from '../../main/core/grant.ts';
import { checkAuditIntegrity } from '../../main/services/audit-integrity.ts';
import { cliFor } from '../helpers/cli.ts';
import { appFrame, openIpcHost, type IpcHost } from '../helpers/ipc-host.ts';
import { readyRacer, sleep } from './support/processes.ts';

/**
 * Per writer: keys created, then renames. Three writers: 3 × (30 + 320) = 1,050 racing writes;
 * every one commits with an fsync (synchronous = FULL), which is what bounds the count.
 */
const KEYS_PER_WRITER = 30;
const RENAMES_PER_WRITER = 320;
const WRITES_PER_WRITER = KEYS_PER_WRITER + RENAMES_PER_WRITER;

const CLI_LOOP = fileURLToPath(new URL('./support/cli-loop.ts', import.meta.url));

interface LoopReport {
  readonly ran: number;
  readonly failed: readonly { args: string[]; code: number; stderr: string }[];
  readonly keys: Readonly<Record<string, string>>;
}

function cliLoop(db: string, account: string): Promise<LoopReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_LOOP, db, account, String(KEYS_PER_WRITER), String(RENAMES_PER_WRITER)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && err === '' ? resolve(JSON.parse(out) as LoopReport) : reject(new Error(`cli loop exited ${code}: ${err}`))));
  });
}

let host: IpcHost;
beforeEach(() => (host = openIpcHost()));
afterEach(() => host.close());

describe('the app and two CLI processes writing at once', () => {
  it(`${3 * WRITES_PER_WRITER} writes: all present, none refused, the log whole`, async () => {
    for (const name of ['cli-one', 'cli-two']) host.accounts.create(host.owner(), { name });
    const loops = [cliLoop(host.path, 'cli-one'), cliLoop(host.path, 'cli-two')];

    // The app's writes, through its dispatcher, while the CLI processes write theirs.
    const appFailures: unknown[] = [];
    const appNames: Record<string, string> = {};
    const ids: string[] = [];
    for (let i = 0; i < KEYS_PER_WRITER; i++) {
      const name = `app key ${i}`;
      const result = (await host.ipc.invoke('keys:create', appFrame, { name, scopes: ['mail.send'] })) as { ok: boolean; data?: { api_key_id: string } };
      if (!result.ok) appFailures.push(result);
      else {
        ids.push(result.data!.api_key_id);
        appNames[result.data!.api_key_id] = name;
      }
      await sleep(0); // let the CLI processes' output be read meanwhile
    }
    for (let r = 0; r < RENAMES_PER_WRITER; r++) {
      const id = ids[r % ids.length]!;
      const name = `app key ${r % ids.length} rev ${r}`;
      const result = (await host.ipc.invoke('keys:rename', appFrame, { api_key_id: id, name })) as { ok: boolean };
      if (!result.ok) appFailures.push(result);
      else appNames[id] = name;
      await sleep(0);
    }
    const reports = await Promise.all(loops);

    // No write was refused, busy or otherwise, by any of the three.
    expect(appFailures).toEqual([]);
    for (const report of reports) {
      expect(report.failed).toEqual([]);
      expect(report.ran).toBe(WRITES_PER_WRITER);
    }
    // Only what failed is searched: the reports also hold random API Key IDs, which can spell "busy".
    expect(JSON.stringify([appFailures, reports.map((report) => report.failed)])).not.toMatch(/locked|busy/i);

    // Every write is there: each key carries its last name, and each write its audit entry.
    const names = (account: string) =>
      Object.fromEntries(host.store.keys.listLive(host.store.accounts.byName(account)!.id).map((k) => [k.api_key_id, k.name]));
    expect(names('default')).toEqual(appNames);
    expect(names('cli-one')).toEqual(reports[0]!.keys);
    expect(names('cli-two')).toEqual(reports[1]!.keys);
    for (const account of ['default', 'cli-one', 'cli-two']) {
      const entries = host.store.audit.list({ accountId: host.store.accounts.byName(account)!.id }).filter((e) => e.key_id !== null);
      expect(entries.filter((e) => e.action === 'key.create')).toHaveLength(KEYS_PER_WRITER);
      expect(entries.filter((e) => e.action === 'key.rename')).toHaveLength(RENAMES_PER_WRITER);
    }
    expect(checkAuditIntegrity(host.store)).toMatchObject({ intact: true });
    // How often consecutive audit rows come from different writers: the writes really interleaved.
    const writers = host.store.audit.list().filter((e) => e.key_id !== null).map((e) => e.account_id);
    const switches = writers.filter((w, i) => i > 0 && w !== writers[i - 1]).length;
    console.info(`races: ${3 * WRITES_PER_WRITER} racing writes (app dispatcher + 2 CLI processes), none refused; writers alternated ${switches} times`);
  });
});

describe("racing for an account's 100th key", () => {
  it.each([1, 2])('round %i: three CLI processes and the app, exactly one wins', async (round) => {
    const account = `race ${round}`;
    host.accounts.create(host.owner(), { name: account });
    // 99 keys in one commit (nested writes become savepoints): the race is for the 100th.
    host.store.write(() => {
      for (let i = 0; i < MAX_KEYS_PER_ACCOUNT - 1; i++) host.keys.create(host.owner(account), { name: `k${i}`, scopes: ['mail.send'] });
    });

    // Three processes with the CLI loaded and waiting, then all told to go at once, and the app too.
    const racers = await Promise.all(
      [0, 1, 2].map((i) => readyRacer(host.path, ['--account', account, 'keys', 'create', '--name', `cli racer ${i}`, '--scopes', 'mail.send', '--json'])),
    );
    for (const racer of racers) racer.go();
    const app = (await host.ipc.invoke('keys:create', appFrame, { account, name: 'app racer', scopes: ['mail.send'] })) as {
      ok: boolean;
      code?: string;
      errors?: unknown;
    };
    const exits = await Promise.all(racers.map((r) => r.result));

    const winners = exits.filter((e) => e.code === 0).length + (app.ok ? 1 : 0);
    expect(winners).toBe(1);
    for (const exit of exits) {
      if (exit.code === 0) continue;
      expect(exit.code).toBe(1);
      expect(JSON.parse(exit.stderr)).toEqual({ errors: [{ field: null, message: LIMIT_MESSAGE }] });
    }
    if (!app.ok) expect(app).toEqual({ ok: false, code: 'FORBIDDEN', errors: [{ field: null, message: LIMIT_MESSAGE }] });
    expect(host.store.keys.countIssued(host.store.accounts.byName(account)!.id)).toBe(MAX_KEYS_PER_ACCOUNT);
  });
});

describe('processes opening a new store at once', () => {
  it.each([1, 2, 3])('round %i: six CLI commands started together on a store that does not exist yet all succeed', async (round) => {
    // Creating a store switches it to WAL and migrates it: locks the busy timeout does not cover,
    // so without waiting them out at open, one of these is told "database is locked".
    const db = join(host.dir, `new-${round}`, 'keydesk.db');
    mkdirSync(dirname(db)); // a new store is made only where its folder exists
    const cli = cliFor(db);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => cli(['keys', 'create', '--name', `first ${i}`, '--scopes', 'mail.send', '--json'])));
    expect(results.map((r) => r.stderr.split('\n').filter((line) => line.includes('"errors"')))).toEqual(results.map(() => []));
    expect(results.map((r) => r.code)).toEqual(results.map(() => 0));
    const listed = JSON.parse((await cli(['keys', 'list', '--json'])).stdout) as { result: unknown[] };
    expect(listed.result).toHaveLength(6);
  });
});
