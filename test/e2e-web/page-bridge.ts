/**
 * Bundled by the test host and injected into every page before its scripts run (`addInitScript`):
 * `window.keydesk` from the same `createKeydeskApi` the Electron preload uses. Its transport is the
 * Playwright binding into main's real dispatcher; events arrive from the host through `HOST_EMIT`.
 */
import { createKeydeskBridge } from '../../preload/api.ts';
import type { Channel, EventName } from '../../common/ipc/contract.ts';
import { HOST_EMIT, HOST_INVOKE } from './bridge-names.ts';

interface HostGlobals {
  [HOST_INVOKE]?: (channel: Channel, input: unknown) => Promise<unknown>;
}

const page = globalThis as unknown as HostGlobals;
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

const api = createKeydeskBridge({
  invoke(channel, input) {
    const invoke = page[HOST_INVOKE];
    return invoke ? invoke(channel, input) : Promise.reject(new Error('the test host binding is missing'));
  },
  subscribe(event, listener) {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => void set.delete(listener);
  },
});

// As contextBridge does: a read-only global the page cannot replace.
Object.defineProperty(globalThis, 'keydesk', { value: api, enumerable: true });
Object.defineProperty(globalThis, HOST_EMIT, {
  value: (event: EventName, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload)),
});
