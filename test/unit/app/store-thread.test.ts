/**
 * Electron main as the app wires it (under Node): the sender check on main, then the store thread
 * (a real worker thread running main/app/store-worker.ts) over a temp store, reaching the platform
 * through main's ports. Calls answer as wire text; dialogs, the startup question, the clipboard,
 * settings and events cross to main; the local API runs on the thread; stopping closes the store.
 * How long main's event loop is held meanwhile is measured by `npm run bench`, not here.
 */
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeResult } from '../../../common/ipc/wire.ts';
import type { CreatedKey } from '../../../common/key-results.ts';
import type { KeyColumns } from '../../../common/key-list.ts';
import type { LocalApiStatus } from '../../../common/app-info.ts';
import type { ExportResult, ImportResult } from '../../../common/inventory.ts';
import type { Settings } from '../../../common/settings.ts';
import { openStore } from '../../../main/store/store.ts';
import { sha, storeAtPreviousSchema, storeWithKeys } from '../../helpers/store-files.ts';
import { startStoreThreadHost, type StoreThreadHost } from '../../helpers/store-thread-host.ts';

let host: StoreThreadHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function data<T>(channel: string, input?: unknown): Promise<T> {
  const result = await host!.call<T>(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.errors)}`);
  return result.data;
}

describe('the store thread', () => {
  it('runs the window\'s calls and answers each as wire text the preload parses', async () => {
    host = await startStoreThreadHost();
    expect(host.start).toEqual({ kind: 'opened', restored: null });
    const wire = await host.callOverWire('keys:create', { name: 'made on the thread', scopes: ['mail.send'] });
    expect(typeof wire).toBe('string');
    const created = decodeResult(wire);
    expect(created).toMatchObject({ ok: true, data: { name: 'made on the thread', scopes: ['mail.send'] } });
    const listed = await data<KeyColumns>('keys:list');
    expect(listed.name).toEqual(['made on the thread']);
    // The thread wrote the store file main named: another connection (the CLI's) sees the key.
    const cli = openStore(host.path);
    try {
      expect(cli.keys.listLive(1).map((k) => k.name)).toEqual(['made on the thread']);
    } finally {
      cli.close();
    }
  });

  it('refuses a foreign frame on main, before anything reaches the thread', async () => {
    host = await startStoreThreadHost();
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await host.call('keys:create', { name: 'x' }, foreign)).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      errors: [{ field: null, message: 'calls are accepted only from the Keydesk window' }],
    });
    // Validation runs on the thread, with the same answer as in one thread.
    expect(await host.call('keys:create', { name: 42 })).toMatchObject({ ok: false, code: 'BAD_REQUEST', errors: [{ field: 'name' }] });
    expect((await data<KeyColumns>('keys:list')).api_key_id).toEqual([]);
  });

  it('asks main for file paths, and pushes progress through main while an import and an export run', async () => {
    host = await startStoreThreadHost();
    const file = join(host.dir, 'keys.json');
    const ids = ['abcdefghijklmnopqrstuv', 'bcdefghijklmnopqrstuvw'];
    writeFileSync(file, JSON.stringify({ result: ids.map((api_key_id, i) => ({ api_key_id, name: `imported ${i}`, scopes: ['mail.send'] })) }));
    host.dialogAnswers.push(file);
    const imported = await data<ImportResult & { path: string }>('inventory:import');
    expect(imported.added.map((k) => k.api_key_id)).toEqual(ids);
    expect(host.dialogRequests).toEqual([{ kind: 'open', title: 'Import keys' }]);

    const out = join(host.dir, 'out.csv');
    host.dialogAnswers.push(out);
    const exported = await data<ExportResult>('inventory:export', { format: 'csv' });
    expect(exported).toMatchObject({ key_count: 2, path: out });
    expect(readFileSync(out, 'utf8')).toContain('imported 1');
    const progress = host.events.filter((e) => e.event === 'operation:progress').map((e) => e.payload as { operation: string; done: number; total: number });
    expect(progress.filter((p) => p.operation === 'import').at(-1)).toEqual({ operation: 'import', done: 2, total: 2 });
    expect(progress.filter((p) => p.operation === 'export').at(-1)).toEqual({ operation: 'export', done: 2, total: 2 });

    // A cancelled dialog (no answer queued) changes nothing.
    expect(await data('inventory:import')).toBeNull();
  });

  it('reads and writes main\'s settings file, and copies secrets through main\'s clipboard with its delay', async () => {
    host = await startStoreThreadHost();
    expect(await data<Settings>('settings:set', { theme: 'dark', clipboardClearSeconds: 15 })).toMatchObject({ theme: 'dark', clipboardClearSeconds: 15 });
    // Main's own file holds it: what the window's next start and the CLI read.
    expect(host.settings.get()).toMatchObject({ theme: 'dark', clipboardClearSeconds: 15 });
    host.settings.set({ unusedKeyDays: 12 });
    expect(await data<Settings>('settings:get')).toMatchObject({ unusedKeyDays: 12, theme: 'dark' });

    const created = await data<CreatedKey>('keys:create', { name: 'to copy', scopes: ['mail.send'] });
    expect(await data('clipboard:copy-secret', { text: created.api_key })).toEqual({ clearsAfterSeconds: 15 });
    await expect.poll(() => host!.clipboardWrites).toEqual([[created.api_key, 15]]);

    // The audit head holds no secret: it goes to main's clipboard as plain text, never the secret port.
    const head = await data<{ seq: number; hash: string }>('audit:copy-head');
    await expect.poll(() => host!.textCopies).toEqual([`${head.seq}:${head.hash}`]);
    expect(host.clipboardWrites).toHaveLength(1);
  });

  it('runs the local API from the thread, on its own connection to the same store', async () => {
    host = await startStoreThreadHost();
    const created = await data<CreatedKey>('keys:create', { name: 'caller', scopes: ['mail.send'] });
    await data('settings:set', { localApi: { enabled: true, port: 0 } });
    const status = await data<LocalApiStatus>('settings:local-api-status');
    expect(status.state).toBe('listening');
    const response = await fetch(`${status.url}/v3/scopes`, { headers: { authorization: `Bearer ${created.api_key}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ scopes: ['mail.send'] });
  });

  it('asks main the startup question for a refused store, and leaves it untouched on Quit', async () => {
    let damaged = '';
    host = await startStoreThreadHost({
      prepare: (path) => {
        storeAtPreviousSchema(path);
        openStore(path).close();
        truncateSync(path, 8192);
        damaged = sha(path);
      },
    });
    expect(host.start).toEqual({ kind: 'quit' });
    expect(host.prompts).toEqual([expect.objectContaining({ message: 'Keydesk cannot open its key store', choices: ['restore', 'quit'] })]);
    expect(sha(host.path)).toBe(damaged);
  });

  it('restores the backup when main\'s user answers Restore, and opens the restored store', async () => {
    host = await startStoreThreadHost({
      promptAnswers: ['restore'],
      prepare: (path) => {
        storeAtPreviousSchema(path, 2);
        openStore(path).close();
        truncateSync(path, 8192);
      },
    });
    expect(host.start).toMatchObject({ kind: 'opened', restored: { replaced_file: expect.stringContaining('keydesk.db.replaced-') } });
    expect((await data<KeyColumns>('keys:list')).api_key_id).toHaveLength(2);
  });

  it('closes the store when stopped; a call after that is answered with an error, not left hanging', async () => {
    host = await startStoreThreadHost({ prepare: (path) => void storeWithKeys(path, 1) });
    await host.thread.stop();
    expect(existsSync(`${host.path}-wal`)).toBe(false);
    expect(await host.call('keys:list')).toEqual({
      ok: false,
      code: 'INTERNAL',
      errors: [{ field: null, message: "Keydesk's key store stopped unexpectedly; restart Keydesk" }],
    });
  });
});
