/**
 * The desktop app's "Local API" switch: keeps the running server in line with the setting. On
 * starts it, off stops it, a new port restarts it, and a server that cannot start (port in use) is
 * reported as failed with the reason while the setting stays as the user chose it.
 *
 * The server runs on its own store connection, opened when it starts and closed when it stops, as
 * `keydesk serve` does: so the app's change watch sees what API callers commit and reloads, and a
 * backup restore can stop it to get the store to itself. No Electron here.
 */
import { KeydeskError, messageOf } from '../../common/errors.ts';
import type { Clock } from '../services/caller.ts';
import { createServices, type Services } from '../services/services.ts';
import type { SettingsPort } from '../settings/settings-store.ts';
import { openStore } from '../store/store.ts';
import { LOCAL_API_HOST } from '../../common/local-api-address.ts';
import { startLocalApi, type LocalApi, type LocalApiOptions } from './local-api.ts';
import type { LocalApiStatus } from '../../common/app-info.ts';

/** The setting, as `settings.localApi` holds it. */
export interface LocalApiSetting {
  readonly enabled: boolean;
  /** 0 picks a free port each time the server starts. */
  readonly port: number;
}

/** Services over a store connection of the server's own, and how to let it go. */
export interface ServicesSession {
  readonly services: Services;
  close(): void;
}

export interface LocalApiSwitchOptions {
  /** Opens the services the server runs on; called at each start, closed at each stop. */
  readonly openServices: () => ServicesSession;
  /** Everything else `startLocalApi` takes (timeouts, a request log); always on 127.0.0.1. */
  readonly server?: Omit<LocalApiOptions, 'port' | 'host'>;
}

export interface LocalApiSwitch {
  /** Brings the server in line with `setting`; resolves to the status after. Calls run one at a time, in order. */
  apply(setting: LocalApiSetting): Promise<LocalApiStatus>;
  status(): LocalApiStatus;
  /** Stops the server whatever the setting (the app quits, a backup is restored). */
  stop(): Promise<LocalApiStatus>;
}

/** A session over a fresh connection to the store at `databasePath` (the app's own store file). */
export function servicesAt(databasePath: string, clock?: Clock): () => ServicesSession {
  return () => {
    const store = openStore(databasePath);
    return { services: createServices(store, clock), close: () => store.close() };
  };
}

/** What the user reads when the server could not start. */
function startFailure(error: unknown, port: number): string {
  if (error instanceof KeydeskError) return messageOf(error, '; ');
  const code = (error as { code?: unknown }).code;
  if (code === 'EACCES') return `port ${port} needs administrator rights; choose a port above 1023`;
  return `could not listen on ${LOCAL_API_HOST}:${port}: ${error instanceof Error ? error.message : String(error)}`;
}

export function createLocalApiSwitch({ openServices, server = {} }: LocalApiSwitchOptions): LocalApiSwitch {
  let running: { api: LocalApi; session: ServicesSession; requestedPort: number } | null = null;
  let current: LocalApiStatus = { state: 'off', port: 0 };
  // Each change waits for the one before: a quick off-on-off never leaves two servers or a stray one.
  let queue: Promise<unknown> = Promise.resolve();

  async function stopRunning(): Promise<void> {
    if (!running) return;
    const { api, session } = running;
    running = null;
    try {
      await api.close();
    } finally {
      session.close();
    }
  }

  async function start(port: number): Promise<LocalApiStatus> {
    let session: ServicesSession | undefined;
    try {
      session = openServices();
      const api = await startLocalApi(session.services, { ...server, host: LOCAL_API_HOST, port });
      running = { api, session, requestedPort: port };
      return { state: 'listening', port: api.port, url: api.url };
    } catch (error) {
      session?.close();
      return { state: 'failed', port, error: startFailure(error, port) };
    }
  }

  async function reconcile(setting: LocalApiSetting): Promise<LocalApiStatus> {
    if (!setting.enabled) {
      await stopRunning();
      return { state: 'off', port: setting.port };
    }
    if (running?.requestedPort === setting.port) return current;
    await stopRunning();
    return start(setting.port);
  }

  const enqueue = (work: () => Promise<LocalApiStatus>): Promise<LocalApiStatus> => {
    const next = queue.then(work).then((status) => (current = status));
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    apply: (setting) => enqueue(() => reconcile(setting)),
    status: () => current,
    stop: () =>
      enqueue(async () => {
        const port = running?.requestedPort ?? current.port;
        await stopRunning();
        return { state: 'off', port };
      }),
  };
}

/**
 * The app's switch: a server over the store at `databasePath`, started now if the settings say
 * on. `settings:set` moves it from then on; `stop()` it when the app quits.
 */
export function startLocalApiSwitch(databasePath: string, settings: SettingsPort, clock?: Clock): LocalApiSwitch {
  const localApi = createLocalApiSwitch({ openServices: servicesAt(databasePath, clock) });
  void localApi.apply(settings.get().localApi);
  return localApi;
}
