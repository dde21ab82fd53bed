/** Every service over one open store: what the CLI, the IPC handlers and the local API are given. */
import type { Store } from '../store/store.ts';
import { createAccountService, type AccountService } from './accounts.ts';
import { systemClock, type Clock } from './caller.ts';
import { createKeyLifecycleService, type KeyLifecycleService } from './key-lifecycle.ts';
import { createKeyService, type KeyService } from './keys.ts';
import { createKeyAnnotationService, type KeyAnnotationService } from './key-annotations.ts';
import { createReviewService, type ReviewService } from './reviews.ts';
import { createVerifier, type Verifier } from './verify.ts';

export interface Services {
  readonly store: Store;
  readonly clock: Clock;
  readonly keys: KeyService;
  readonly lifecycle: KeyLifecycleService;
  readonly accounts: AccountService;
  readonly verifier: Verifier;
  readonly annotations: KeyAnnotationService;
  readonly reviews: ReviewService;
}

export function createServices(store: Store, clock: Clock = systemClock): Services {
  const keys = createKeyService(store, clock);
  const lifecycle = createKeyLifecycleService(store, clock);
  return {
    store,
    clock,
    keys,
    lifecycle,
    accounts: createAccountService(store, clock),
    verifier: createVerifier(store, clock),
    annotations: createKeyAnnotationService(store, clock),
    reviews: createReviewService(store, clock, keys, lifecycle),
  };
}
