/**
 * The app's local API switch with a real server on loopback over a real temp store: on, off, a new
 * port, a port already taken, its own store connection (which the app's change watch notices), and
 * changes made quickly one after another.
 */
import { createServer, type Server } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalApiSwitch, servicesAt, type LocalApiSwitch } from '../../main/server/local-api-switch.ts';
import { watchExternalChanges } from '../../main/store/change-watch.ts';
import { rawRequest } from '../helpers/local-api.ts';
import { openTempStore, type TempStore } from '../helpers/temp-store.ts';

let t: TempStore;
let localApi: LocalApiSwitch;
const blockers: Server[] = [];

beforeEach(() => {
  t = openTempStore();
  localApi = createLocalApiSwitch({ openServices: servicesAt(t.path, t.clock) });
});
afterEach(async () => {
  await localApi.stop();
  for (const blocker of blockers.splice(0)) await new Promise((resolve) => blocker.close(resolve));
  t.close();
});

/** A port something else is listening on (127.0.0.1), held until the test ends. */
async function takenPort(): Promise<number> {
  const server = createServer();
  blockers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const port = await takenPort();
  await new Promise((resolve) => blockers.pop()!.close(resolve));
  return port;
}

const scopesOf = (port: number, key: string) => rawRequest(port, { path: '/v3/scopes', key });
const refused = (port: number) => expect(rawRequest(port, { path: '/v3/scopes' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });

describe('the local API switch', () => {
  it('is off until switched on; on serves the store on 127.0.0.1; off closes the port', async () => {
    expect(localApi.status()).toMatchObject({ state: 'off' });
    const key = t.keys.create(t.owner(), { name: 'deploy', scopes: ['api_keys.read', 'mail.send'] });

    const on = await localApi.apply({ enabled: true, port: 0 });
    expect(on).toEqual({ state: 'listening', port: expect.any(Number), url: `http://127.0.0.1:${on.port}` });
    expect(on.port).toBeGreaterThan(0);
    expect(localApi.status()).toEqual(on);
    const answer = await scopesOf(on.port, key.api_key);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ scopes: ['api_keys.read', 'mail.send'] });
    expect((await scopesOf(on.port, `${key.api_key.slice(0, -1)}x`)).status).toBe(401);

    const off = await localApi.apply({ enabled: false, port: 0 });
    expect(off).toEqual({ state: 'off', port: 0 });
    await refused(on.port);
  });

  it('switching on again while listening on the same port keeps the same server', async () => {
    const first = await localApi.apply({ enabled: true, port: 0 });
    const again = await localApi.apply({ enabled: true, port: 0 });
    expect(again).toEqual(first);
  });

  it('a new port restarts the server there; the old port is closed', async () => {
    const key = t.keys.create(t.owner(), { name: 'deploy', scopes: ['mail.send'] });
    const first = await localApi.apply({ enabled: true, port: 0 });
    const wanted = await freePort();
    const moved = await localApi.apply({ enabled: true, port: wanted });
    expect(moved).toEqual({ state: 'listening', port: wanted, url: `http://127.0.0.1:${wanted}` });
    expect((await scopesOf(wanted, key.api_key)).status).toBe(200);
    await refused(first.port);
  });

  it('a port in use: failed, saying so, with nothing listening; the same setting works once the port is free', async () => {
    const port = await takenPort();
    const failed = await localApi.apply({ enabled: true, port });
    expect(failed).toEqual({ state: 'failed', port, error: `port ${port} is already in use` });
    expect(localApi.status()).toEqual(failed);

    await new Promise((resolve) => blockers.pop()!.close(resolve));
    expect(await localApi.apply({ enabled: true, port })).toEqual({ state: 'listening', port, url: `http://127.0.0.1:${port}` });
  });

  it('moving to a port in use fails and leaves the old port closed, not half on', async () => {
    const first = await localApi.apply({ enabled: true, port: 0 });
    const port = await takenPort();
    expect(await localApi.apply({ enabled: true, port })).toMatchObject({ state: 'failed', port });
    await refused(first.port);
  });

  it('serves on a connection of its own: the app notices what API callers commit, as it notices the CLI', async () => {
    const changes: number[] = [];
    const watch = watchExternalChanges(t.store.db, () => changes.push(1), { intervalMs: 0 });
    const admin = t.keys.create(t.owner(), { name: 'admin' });
    watch.check();
    changes.length = 0;
    const { port } = await localApi.apply({ enabled: true, port: 0 });
    const created = await rawRequest(port, { method: 'POST', path: '/v3/api_keys', key: admin.api_key, body: { name: 'made over HTTP', scopes: ['mail.send'] } });
    expect(created.status).toBe(201);
    expect(watch.check()).toBe(true);
    expect(t.store.audit.list({ accountId: t.owner().account.id, action: 'key.create' }).at(-1)).toMatchObject({ actor: `key:${admin.api_key_id}` });
    watch.stop();
  });

  it('quick changes apply in order: on, off, on leaves one server, on the last port asked for', async () => {
    const wanted = await freePort();
    const results = await Promise.all([
      localApi.apply({ enabled: true, port: 0 }),
      localApi.apply({ enabled: false, port: 0 }),
      localApi.apply({ enabled: true, port: wanted }),
    ]);
    expect(results.map((status) => status.state)).toEqual(['listening', 'off', 'listening']);
    await refused(results[0]!.port);
    expect(localApi.status()).toEqual({ state: 'listening', port: wanted, url: `http://127.0.0.1:${wanted}` });
  });

  it('stop() turns the server off whatever the setting, and lets go of its store connection', async () => {
    const { port } = await localApi.apply({ enabled: true, port: 0 });
    expect(await localApi.stop()).toEqual({ state: 'off', port: 0 });
    await refused(port);
    // Nobody else holds the file: an exclusive lock is granted at once.
    t.store.close();
    expect(exclusiveLock(t.path)).toBe('granted');
  });
});

/** Whether an exclusive lock on the store file is granted right away (refused while any connection has it open). */
function exclusiveLock(path: string): 'granted' | 'busy' {
  const db = new BetterSqlite3(path, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return 'granted';
  } catch {
    return 'busy';
  } finally {
    db.close();
  }
}
