/** Every renderer store over one API, and the subscription that keeps them current. */
import type { KeydeskApi, MenuCommand } from '../../preload/contract.ts';
import { createKeysStore, type KeysStore } from './keys-store.ts';

export interface Stores {
  readonly keys: KeysStore;
}

export function createStores(api: KeydeskApi): Stores {
  return { keys: createKeysStore(api) };
}

/**
 * Reloads what changed underneath the app (the CLI or the local API wrote to the store) and
 * forwards menu commands. Returns the function that disconnects both.
 */
export function connectStores(api: KeydeskApi, stores: Stores, onMenuCommand: (command: MenuCommand) => void): () => void {
  const offChanged = api.on('store:changed', () => void stores.keys.getState().refresh());
  const offMenu = api.on('menu:command', ({ command }) => onMenuCommand(command));
  return () => {
    offChanged();
    offMenu();
  };
}
