/**
 * The renderer's typed API over the preload's bridge: each call's wire text decoded into its result
 * envelope here, in the window's own world, after it crossed the context bridge as one string.
 */
import { CHANNELS, methodPath, type KeydeskApi, type KeydeskBridge } from './contract.ts';
import { decodeResult, unreachable } from './wire.ts';

export function keydeskApiOver(bridge: KeydeskBridge): KeydeskApi {
  const api: Record<string, unknown> = {};
  const wire = bridge as unknown as Readonly<Record<string, Readonly<Record<string, (input?: unknown) => Promise<unknown>>>>>;
  for (const channel of CHANNELS) {
    const [domain, method] = methodPath(channel);
    const call = wire[domain]?.[method];
    const group = (api[domain] ??= {}) as Record<string, unknown>;
    group[method] = async (input?: unknown) => (call ? decodeResult(await call(input).catch(() => null)) : null) ?? unreachable(channel);
  }
  Object.values(api).forEach((group) => Object.freeze(group));
  api.on = bridge.on;
  return Object.freeze(api) as unknown as KeydeskApi;
}
