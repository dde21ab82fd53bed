/** Every service over one open store: what the CLI, the IPC handlers and the local API are given. */
import type { Store } from '../store/store.ts';
import { createAccountService, type AccountService } from './accounts.ts';
import { systemClock, type Clock } from './caller.ts';
import { createKeyLifecycleService, type KeyLifecycleService } from './key-lifecycle.ts';
import { createKeyService, type KeyService } from './keys.ts';
import { createVerifier, type Verifier } from './verify.ts';

export interface Services {
  readonly store: Store;
  readonly clock: Clock;
  readonly keys: KeyService;
  readonly lifecycle: KeyLifecycleService;
  readonly accounts: AccountService;
  readonly verifier: Verifier;
}

export function createServices(store: Store, clock: Clock = systemClock): Services {
  return {
    store,
    clock,
    keys: createKeyService(store, clock),
    lifecycle: createKeyLifecycleService(store, clock),
    accounts: createAccountService(store, clock),
    verifier: createVerifier(store, clock),
  };
}
