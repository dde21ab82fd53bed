/**
 * #3 what the IPC dispatcher adds to `keys:list` of 100 keys (sender check and channel lookup, as
 * main makes them; zod validation, permission, the handler's account lookup and the result
 * envelope, as the store thread does) against calling the key service directly with a caller built
 * beforehand. Both run over the same store, awaited alike; both produce the list's JSON text. The
 * hop between main and the store thread is a transport's cost, not the dispatcher's.
 */
import { join } from 'node:path';
import Conf from 'conf';
import { createHandlerDispatch, refusal, trustFramesFrom, type IpcEventLike } from '../../main/ipc/dispatcher.ts';
import { JsonText } from '../../common/json-text.ts';
import type { KeyColumns } from '../../common/key-list.ts';
import { createIpcHandlers } from '../../main/ipc/handlers.ts';
import { createLocalApiSwitch, servicesAt } from '../../main/server/local-api-switch.ts';
import { OWNER, type Caller } from '../../main/services/caller.ts';
import { createServices } from '../../main/services/services.ts';
import { createSettingsPort, settingsFileOptions } from '../../main/settings/settings-store.ts';
import { comparePairAsync, ratioCase, type CaseResult } from '../harness.ts';
import { fillStore, openBenchStore } from '../fixtures.ts';

const APP_ORIGIN = 'app://keydesk';
const appFrame: IpcEventLike = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };

/** Why the door costs more than the service alone, for a run that misses the goal. */
const MISS_NOTE =
  'Beyond the service, each call pays the sender and channel checks, zod on {account}, the account by name (kept between ' +
  'calls: main/store/accounts-by-name.ts, with a look at other connections at most every 100 ms), the envelope and two ' +
  'awaits: about 1-3% once V8 has optimized it, measured in one process. A run that misses it is most often the load on ' +
  'the machine (load_average in bench/results.json): the row moves by a few hundredths between runs.';

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
    const isTrustedSender = trustFramesFrom([APP_ORIGIN]);
    const run = createHandlerDispatch(handlers);
    // As the app runs a call: main's checks, then the store thread's dispatch. A plain function,
    // as main's handler is (`registerForwardingIpc`): an async one would add turns the app does not take.
    const dispatch = (input: unknown) => refusal('keys:list', appFrame, isTrustedSender) ?? run('keys:list', input);
    const caller: Caller = { actor: OWNER, account: bench.store.accounts.byName('default')!, via: 'app' };
    const input = { account: 'default' };

    const sample = await dispatch(input);
    if (!sample.ok || !(sample.data instanceof JsonText) || (sample.data as JsonText<KeyColumns>).parse().api_key_id.length !== keys) {
      throw new Error('keys:list did not list the keys');
    }

    const timings = await comparePairAsync(
      {
        keydesk: () => dispatch(input),
        baseline: () => services.keys.listColumns(caller),
      },
      // Ten warm-up rounds (2,000 calls a side, untimed): V8 takes longer to optimize the door's
      // longer path than the service alone, and two rounds left that in the timed ones (in one
      // process, a first run measured 1.05-1.06 and the three after it 1.015-1.03). The app makes
      // thousands of calls; the row is about each one's cost once warm, on both sides alike.
      { rounds: 40, opsPerRound: 200, warmup: 10 },
    );
    const result = ratioCase('3', `dispatcher overhead, keys:list of ${keys} keys`, timings, 1.05);
    return result.pass ? result : { ...result, note: MISS_NOTE };
  } finally {
    bench.close();
  }
}
