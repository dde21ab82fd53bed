/**
 * The renderer's audit, activity log and inventory stores over the real preload API factory and
 * main's real dispatcher and handlers (a temp store, real files, scripted dialogs): pages load
 * only while watched, the activity filter reaches main as the user's days, progress moves only a
 * running operation, a cancelled dialog keeps the last result, and no secret enters a store.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeydeskApi } from '../../../preload/api.ts';
import type { EventName } from '../../../common/ipc/contract.ts';
import { endOfDay, startOfDay } from '../../../renderer/audit/activity-filter.ts';
import { createStores, type Stores } from '../../../renderer/stores/stores.ts';
import { createWatchedLoad } from '../../../renderer/stores/watched-load.ts';
import { openIpcHost, type IpcHost } from '../../helpers/ipc-host.ts';

const DAY = 86_400_000;
let host: IpcHost;
let stores: Stores;
let calls: string[];

beforeEach(() => {
  calls = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  // Main's pushed events reach the API's subscribers, as webContents.send does.
  host = openIpcHost({ send: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)) });
  const api = createKeydeskApi({
    invoke: (channel, input) => {
      calls.push(channel);
      return host.invokeOverWire(channel, input);
    },
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => void set.delete(listener);
    },
  });
  stores = createStores(api);
  api.on('operation:progress', (event) => stores.inventory.getState().progressed(event));
});
afterEach(() => host.close());

const create = (name: string, scopes: readonly string[]) => host.keys.create(host.owner(), { name, scopes });

describe('loading while watched', () => {
  it('loads on the first watch, marks a change stale while unwatched, and reloads at once while watched', async () => {
    let loads = 0;
    const load = createWatchedLoad(async () => void (loads += 1));
    load.changed();
    expect(loads).toBe(0);
    const unwatch = load.watch();
    await Promise.resolve();
    expect(loads).toBe(1);
    load.changed();
    await load.reload();
    expect(loads).toBe(3);
    unwatch();
    load.changed();
    load.changed();
    expect(loads).toBe(3);
    const again = load.watch();
    await Promise.resolve();
    expect(loads).toBe(4);
    again();
    // Nothing changed since: watching again loads nothing.
    load.watch();
    await Promise.resolve();
    expect(loads).toBe(4);
  });

  it('coalesces a burst of changes into at most two loads', async () => {
    let loads = 0;
    const load = createWatchedLoad(async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    load.watch();
    for (let i = 0; i < 10; i++) load.changed();
    await load.reload();
    expect(loads).toBeLessThanOrEqual(2);
  });

  it('the audit page asks main for findings only while shown, and again after a key changes', async () => {
    create('Mailer', ['mail.send']);
    const audit = stores.audit;
    audit.getState().changed();
    expect(calls).not.toContain('audit:findings');

    const unwatch = audit.getState().watch();
    await expect.poll(() => audit.getState().status).toBe('ready');
    expect(audit.getState().report?.statistics.total).toBe(1);

    // A change made through the key store (the audit page opens keys to edit them) reloads it.
    await stores.keys.getState().create({ name: 'Everything' });
    await expect.poll(() => audit.getState().report?.findings.some((f) => f.rule === 'full_access')).toBe(true);
    unwatch();
    const asked = calls.filter((c) => c === 'audit:findings').length;
    await stores.keys.getState().create({ name: 'Another', scopes: ['stats.read'] });
    expect(calls.filter((c) => c === 'audit:findings').length).toBe(asked);
  });
});

describe('the activity log store', () => {
  it('loads entries newest first with the chain check, and filters in main', async () => {
    const key = create('Mailer', ['mail.send']);
    // Two days on, so the 16th starts between the two entries in every time zone.
    host.clock.advance(2 * DAY);
    host.keys.rename(host.owner(), key.api_key_id, 'Mailer v2');
    const activity = stores.activity;
    activity.getState().watch();
    await expect.poll(() => activity.getState().entries.map((e) => e.action)).toEqual(['key.rename', 'key.create']);
    expect(activity.getState().integrity).toMatchObject({ intact: true, chain: { intact: true, rows: 2 }, replay: { consistent: true, keys: 1 } });

    activity.getState().setFilter({ from: '2026-01-16' });
    await expect.poll(() => activity.getState().entries.map((e) => e.action)).toEqual(['key.rename']);
  });

  it('shows only the answer for the latest filter when filters change faster than main answers', async () => {
    const key = create('Mailer', ['mail.send']);
    host.keys.rename(host.owner(), key.api_key_id, 'Mailer v2');
    const activity = stores.activity;
    activity.getState().watch();
    await expect.poll(() => activity.getState().status).toBe('ready');
    const shown: string[][] = [];
    activity.subscribe((state) => shown.push(state.entries.map((e) => e.action)));
    activity.getState().setFilter({ action: 'key.rename' });
    activity.getState().setFilter({ action: 'key.create' });
    await expect.poll(() => activity.getState().entries.map((e) => e.action)).toEqual(['key.create']);
    expect(shown).not.toContainEqual(['key.rename']);
  });

  it("sends a filter's days as the user's local days", () => {
    // In a process started in New York's zone: a zone changed inside a running process does not
    // reach every test worker (vitest's threads), so the test would not be testing what it says.
    const module = pathToFileURL(join(import.meta.dirname, '../../../renderer/audit/activity-filter.ts')).href;
    const script = `
      import { auditQuery, endOfDay, startOfDay } from ${JSON.stringify(module)};
      console.log(JSON.stringify([
        startOfDay('2026-01-17'),
        endOfDay('2026-01-17'),
        auditQuery({ keyId: '', action: 'key.rename', from: '2026-07-01', to: '' }, 'default'),
        auditQuery({ keyId: '', action: '', from: '2026-07', to: '' }, 'default'),
      ]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ: 'America/New_York' }, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([
      '2026-01-17T05:00:00.000Z',
      '2026-01-18T04:59:59.999Z',
      { account: 'default', action: 'key.rename', since: '2026-07-01T04:00:00.000Z' },
      // A half-typed day is left out rather than sent.
      { account: 'default' },
    ]);
    // And here, in whatever zone the tests run in: a day starts at local midnight.
    expect(startOfDay('2026-01-17')).toBe(new Date(2026, 0, 17).toISOString());
    expect(endOfDay('2026-01-17')).toBe(new Date(2026, 0, 18, 0, 0, 0, -1).toISOString());
  });
});

describe('the inventory store', () => {
  it('follows main\'s progress while the export runs, and keeps its last value with the result', async () => {
    for (const name of ['a', 'b', 'c']) create(name, ['mail.send']);
    const inventory = stores.inventory;
    const progress: (string | null)[] = [];
    inventory.subscribe((state) => progress.push(state.export.progress ? `${state.export.progress.done}/${state.export.progress.total}` : null));
    host.dialogAnswers.push(join(host.dir, 'keys.csv'));
    await inventory.getState().exportInventory('csv');
    expect(inventory.getState().export).toMatchObject({ status: 'done', result: { key_count: 3, format: 'csv' }, progress: { done: 3, total: 3 } });
    expect(progress.filter((p) => p !== null)).toEqual(expect.arrayContaining(['0/3', '3/3']));
  });

  it('ignores progress for an operation that is not running', () => {
    stores.inventory.getState().progressed({ operation: 'import', done: 5, total: 10 });
    expect(stores.inventory.getState().import).toEqual({ status: 'idle', progress: null, result: null, errors: [] });
  });

  it('a cancelled dialog leaves the last result; a refused file shows main\'s errors', async () => {
    create('Mailer', ['mail.send']);
    const inventory = stores.inventory;
    host.dialogAnswers.push(join(host.dir, 'first.json'));
    await inventory.getState().exportInventory('json');
    const done = inventory.getState().export;
    await inventory.getState().exportInventory('json');
    expect(inventory.getState().export).toBe(done);

    const bad = join(host.dir, 'bad.json');
    writeFileSync(bad, '{"result": [');
    host.dialogAnswers.push(bad);
    await inventory.getState().importFile();
    expect(inventory.getState().import).toMatchObject({
      status: 'failed',
      result: null,
      errors: [{ field: 'file', message: 'the JSON ends too early: is the file complete?' }],
    });
  });

  it('an import refreshes the key list; no secret enters the store from a leak check', async () => {
    const live = create('Prod mailer', ['mail.send']);
    await stores.keys.getState().refresh();
    const file = join(host.dir, 'one.json');
    writeFileSync(file, JSON.stringify({ api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA', name: 'A New Hope', scopes: ['mail.send'] }));
    host.dialogAnswers.push(file);
    await stores.inventory.getState().importFile();
    await expect.poll(() => stores.keys.getState().keys.map((k) => k.name).sort()).toEqual(['A New Hope', 'Prod mailer']);

    const tree = join(host.dir, 'tree');
    mkdirSync(tree);
    writeFileSync(join(tree, '.env'), `KEY=${live.api_key}\n`);
    host.dialogAnswers.push(tree);
    await stores.inventory.getState().checkLeaks(false);
    expect(stores.inventory.getState().leaks.result?.hits.map((h) => h.status)).toEqual(['live']);
    expect(JSON.stringify(stores.inventory.getState())).not.toContain(live.api_key.split('.')[2]);
  });
});
