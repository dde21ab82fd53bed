/**
 * Builds the typed `window.keydesk` API from the contract over any transport: Electron's
 * `ipcRenderer` in the preload, a Playwright binding in the browser test host. Only named
 * functions exist — one per contract channel — never a way to call an arbitrary channel.
 */
import { CHANNELS, EVENT_NAMES, methodPath, type Channel, type EventName, type KeydeskApi, type Result } from '../common/ipc/contract.ts';
import { decodeResult } from '../common/ipc/wire.ts';

export interface Transport {
  /** Resolves to main's answer as wire text (common/ipc/wire.ts). */
  invoke(channel: Channel, input: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** A transport failure (main gone, handler missing) as a value, like every other error. */
const unreachable = (channel: Channel): Result<never> => ({
  ok: false,
  code: 'INTERNAL',
  errors: [{ field: null, message: `Keydesk could not complete ${channel}; try again or restart the app` }],
});

export function createKeydeskApi(transport: Transport): KeydeskApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    const [domain, method] = methodPath(channel);
    const group = (api[domain] ??= {}) as Record<string, unknown>;
    group[method] = (input?: unknown) =>
      transport.invoke(channel, input).then(
        (wire) => decodeResult(wire) ?? unreachable(channel),
        () => unreachable(channel),
      );
  }
  Object.values(api).forEach((group) => Object.freeze(group));
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!EVENT_NAMES.includes(event)) throw new TypeError(`unknown event ${String(event)}`);
    return transport.subscribe(event, (payload) => listener(payload));
  };
  return Object.freeze(api) as KeydeskApi;
}
