/**
 * The Settings page's channels through main's real dispatcher and handlers: `settings:set` moves
 * the local API switch before it answers and `settings:local-api-status` reports it; a bad value
 * is refused naming the field and changes nothing; the export folder is chosen in main's dialog;
 * a restore from the app stops the local API first, so its connection does not block the restore.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEFAULT_LOCAL_API_PORT } from '../../../main/server/local-api.ts';
import type { Settings } from '../../../common/settings.ts';
import { backupStore } from '../../../main/store/backups.ts';
import { LATEST_VERSION } from '../../../main/store/migrations/index.ts';
import { callAsApp, okAsApp, openIpcHost, type IpcHost } from '../../helpers/ipc-host.ts';
import { rawRequest } from '../../helpers/local-api.ts';
import type { BackupInfo, LocalApiStatus } from '../../../common/app-info.ts';
import type { CreatedKey } from '../../../common/key-results.ts';

let host: IpcHost;
let blocker: Server | undefined;
beforeEach(() => (host = openIpcHost()));
afterEach(async () => {
  await host.localApi.stop();
  host.close();
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  blocker = undefined;
});

const call = (channel: string, input?: unknown) => callAsApp(host, channel, input);
const settingsFile = () => join(host.dir, 'settings', 'settings.json');

const ok = <T,>(channel: string, input?: unknown) => okAsApp<T>(host, channel, input);

it('the local API is off by default, on its default port', async () => {
  expect((await ok<Settings>('settings:get')).localApi).toEqual({ enabled: false, port: DEFAULT_LOCAL_API_PORT });
  expect(await ok<LocalApiStatus>('settings:local-api-status')).toMatchObject({ state: 'off' });
});

it('switching it on in the settings serves keys made in the app; switching it off closes the port', async () => {
  const key = await ok<CreatedKey>('keys:create', { name: 'deploy', scopes: ['mail.send'] });
  const saved = await ok<Settings>('settings:set', { localApi: { enabled: true, port: 0 } });
  expect(saved.localApi).toEqual({ enabled: true, port: 0 });
  const status = await ok<LocalApiStatus>('settings:local-api-status');
  expect(status).toEqual({ state: 'listening', port: expect.any(Number), url: `http://127.0.0.1:${status.port}` });
  const scopes = await rawRequest(status.port, { path: '/v3/scopes', key: key.api_key });
  expect([scopes.status, scopes.body]).toEqual([200, { scopes: ['mail.send'] }]);

  await ok('settings:set', { localApi: { enabled: false, port: 0 } });
  expect(await ok<LocalApiStatus>('settings:local-api-status')).toEqual({ state: 'off', port: 0 });
  await expect(rawRequest(status.port, { path: '/v3/scopes', key: key.api_key })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
});

it('a port in use: the setting is kept as chosen and the status says why nothing listens', async () => {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  expect((await ok<Settings>('settings:set', { localApi: { enabled: true, port } })).localApi).toEqual({ enabled: true, port });
  expect(await ok<LocalApiStatus>('settings:local-api-status')).toEqual({ state: 'failed', port, error: `port ${port} is already in use` });
});

it('refuses a bad value naming the field, and changes neither the file nor the server', async () => {
  await ok('settings:get');
  const before = readFileSync(settingsFile(), 'utf8');
  for (const [patch, field] of [
    [{ localApi: { enabled: true, port: 70_000 } }, 'localApi.port'],
    [{ localApi: { enabled: true } }, 'localApi.port'],
    [{ clipboardClearSeconds: 3601 }, 'clipboardClearSeconds'],
    [{ unusedKeyDays: 0 }, 'unusedKeyDays'],
    [{ maxKeyAgeDays: 2.5 }, 'maxKeyAgeDays'],
  ] as const) {
    const result = (await call('settings:set', patch)) as { ok: boolean; code: string; errors: { field: string }[] };
    expect(result, JSON.stringify(patch)).toMatchObject({ ok: false, code: 'BAD_REQUEST', errors: [{ field }] });
  }
  expect(readFileSync(settingsFile(), 'utf8')).toBe(before);
  expect(await ok<LocalApiStatus>('settings:local-api-status')).toMatchObject({ state: 'off' });
});

it('the default export folder is chosen in main’s folder dialog; Cancel changes nothing', async () => {
  host.dialogAnswers.push('/home/ada/exports');
  expect((await ok<Settings>('settings:choose-export-folder'))?.defaultExportFolder).toBe('/home/ada/exports');
  expect(host.dialogRequests).toEqual([{ kind: 'folder', title: 'Choose the default export folder' }]);
  expect(await ok('settings:choose-export-folder')).toBeNull();
  expect((await ok<Settings>('settings:get')).defaultExportFolder).toBe('/home/ada/exports');
  expect((await ok<Settings>('settings:set', { defaultExportFolder: null })).defaultExportFolder).toBeNull();
});

it('a restore while the local API is on stops it first, so its own connection does not hold the store', async () => {
  backupStore(host.store.db, host.path, LATEST_VERSION);
  const [backup] = await ok<BackupInfo[]>('store:backups');
  const { port } = await (async () => {
    await ok('settings:set', { localApi: { enabled: true, port: 0 } });
    return ok<LocalApiStatus>('settings:local-api-status');
  })();

  const restored = await call('store:restore-backup', { name: backup!.name });
  expect(restored).toEqual({ ok: true, data: { restored_from: backup!.path, replaced_file: expect.stringContaining('.replaced-') } });
  expect(host.storeClosures).toEqual([{ kind: 'restored', restored: (restored as { data: unknown }).data }]);
  expect(await ok<LocalApiStatus>('settings:local-api-status')).toMatchObject({ state: 'off' });
  await expect(rawRequest(port, { path: '/v3/scopes' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
});
