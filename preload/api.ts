/**
 * Builds `window.keydesk` from the contract over any transport: Electron's `ipcRenderer` in the
 * preload, a Playwright binding in the browser test host. Only named functions exist — one per
 * contract channel — never a way to call an arbitrary channel. Each answers main's wire text; the
 * renderer decodes it (common/ipc/api.ts), so a large answer crosses the context bridge as one string.
 */
import { keydeskApiOver } from '../common/ipc/api.ts';
import { CHANNELS, EVENT_NAMES, methodPath, type Channel, type EventName, type KeydeskApi, type KeydeskBridge } from '../common/ipc/contract.ts';
import { encodeResult, unreachable } from '../common/ipc/wire.ts';

export interface Transport {
  /** Resolves to main's answer as wire text (common/ipc/wire.ts). */
  invoke(channel: Channel, input: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export function createKeydeskBridge(transport: Transport): KeydeskBridge {
  const bridge: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    const [domain, method] = methodPath(channel);
    const group = (bridge[domain] ??= {}) as Record<string, unknown>;
    // Anything but text (a transport failure included) answers as a failure the window can show.
    group[method] = (input?: unknown) =>
      transport.invoke(channel, input).then(
        (wire) => (typeof wire === 'string' ? wire : encodeResult(unreachable(channel))),
        () => encodeResult(unreachable(channel)),
      );
  }
  Object.values(bridge).forEach((group) => Object.freeze(group));
  bridge.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!EVENT_NAMES.includes(event)) throw new TypeError(`unknown event ${String(event)}`);
    return transport.subscribe(event, (payload) => listener(payload));
  };
  return Object.freeze(bridge) as unknown as KeydeskBridge;
}

/** The typed API the renderer builds over the bridge, in one step: for tests and tools that hold a transport. */
export const createKeydeskApi = (transport: Transport): KeydeskApi => keydeskApiOver(createKeydeskBridge(transport));
