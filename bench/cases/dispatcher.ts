/**
 * #3 what the IPC dispatcher adds to `keys:list` of 100 keys (sender check, channel lookup, zod
 * validation, permission, the handler's account lookup, result envelope) against calling the key
 * service directly with a caller built beforehand. Both run over the same store, awaited alike.
 */
import { join } from 'node:path';
import Conf from 'conf';
import { createDispatcher, trustFramesFrom, type IpcEventLike } from '../../main/ipc/dispatcher.ts';
import { createIpcHandlers } from '../../main/ipc/handlers.ts';
import { createLocalApiSwitch, servicesAt } from '../../main/server/local-api-switch.ts';
import { OWNER, type Caller } from '../../main/services/caller.ts';
import { createServices } from '../../main/services/services.ts';
import { createSettingsPort, settingsFileOptions } from '../../main/settings/settings-store.ts';
import { comparePairAsync, ratioCase, type CaseResult } from '../harness.ts';
import { fillStore, openBenchStore } from '../fixtures.ts';

const APP_ORIGIN = 'app://keydesk';
const appFrame: IpcEventLike = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };

export async function benchDispatcher(keys = 100): Promise<CaseResult> {
  const bench = openBenchStore();
  try {
    fillStore(bench.store, keys);
    const services = createServices(bench.store);
    const handlers = createIpcHandlers({
      services,
      settings: createSettingsPort(new Conf({ cwd: join(bench.dir, 'settings'), ...settingsFileOptions('0.0.0-bench') })),
      clipboard: { copySecret: () => undefined },
      copyText: () => undefined,
      dialogs: { chooseSaveFile: async () => null, chooseOpenFile: async () => null, chooseFolder: async () => null },
      emit: async () => undefined,
      appInfo: { version: '0.0.0-bench', database: bench.path, platform: process.platform },
      localApi: createLocalApiSwitch({ openServices: servicesAt(bench.path) }),
    });
    const dispatch = createDispatcher(handlers, { isTrustedSender: trustFramesFrom([APP_ORIGIN]) });
    const caller: Caller = { actor: OWNER, account: bench.store.accounts.byName('default')!, via: 'app' };
    const input = { account: 'default' };

    const sample = await dispatch('keys:list', appFrame, input);
    if (!sample.ok || (sample.data as unknown[]).length !== keys) throw new Error('keys:list did not list the keys');

    const timings = await comparePairAsync(
      {
        keydesk: () => dispatch('keys:list', appFrame, input),
        baseline: () => services.keys.list(caller),
      },
      { rounds: 40, opsPerRound: 200 },
    );
    return ratioCase('3', `dispatcher overhead, keys:list of ${keys} keys`, timings, 1.2);
  } finally {
    bench.close();
  }
}
