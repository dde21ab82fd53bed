/** Every renderer store over one API, and the subscription that keeps them current. */
import type { KeydeskApi, MenuCommand } from '../../common/ipc/contract.ts';
import { createAccountStore, type AccountStore } from './account-store.ts';
import { createActivityStore, type ActivityStore } from './activity-store.ts';
import { createAuditStore, type AuditStore } from './audit-store.ts';
import { createInventoryStore, type InventoryStore } from './inventory-store.ts';
import { createCatalogStore, type CatalogStore } from './catalog-store.ts';
import { createKeysStore, type KeysStore } from './keys-store.ts';
import { createPullStore, type PullStore } from './pull-store.ts';
import { createSelectionStore, type SelectionStore } from './selection-store.ts';
import { createSettingsStore, type SettingsStore } from './settings-store.ts';
import { createToastStore, type ToastStore } from './toast-store.ts';
import { createReviewsStore, type ReviewsStore } from './reviews-store.ts';

export interface Stores {
  readonly keys: KeysStore;
  readonly account: AccountStore;
  readonly catalog: CatalogStore;
  readonly settings: SettingsStore;
  readonly toasts: ToastStore;
  readonly audit: AuditStore;
  readonly activity: ActivityStore;
  readonly inventory: InventoryStore;
  /** The pull from SendGrid. */
  readonly pull: PullStore;
  /** The keys ticked in the list, for bulk actions. */
  readonly selection: SelectionStore;
  /** Access reviews: the Reviews page. */
  readonly reviews: ReviewsStore;
}

export function createStores(api: KeydeskApi): Stores {
  const settings = createSettingsStore(api);
  const selection = createSelectionStore();
  // Built before the keys store exists; calls it only once the user switches accounts.
  const account = createAccountStore(api, {
    onCurrentChanged(name) {
      selection.getState().clear();
      selection.getState().unfocus();
      keys.getState().reset();
      void keys.getState().refresh();
      void settings.getState().setLastAccount(name);
      // The audit pages follow the account too.
      audit.getState().changed();
      activity.getState().changed();
      reviews.getState().changed();
    },
  });
  const currentAccount = () => account.getState().current;
  const audit = createAuditStore(api, currentAccount);
  const activity = createActivityStore(api, currentAccount);
  const keys = createKeysStore(
    api,
    () => {
      void account.getState().refresh();
      // Findings and the log follow every change to keys (the audit page opens keys to edit them).
      audit.getState().changed();
      activity.getState().changed();
      // A Reduce decided in the Reviews page waits for the permission editor's save.
      void reviews.getState().keysChanged();
    },
    currentAccount,
  );
  const inventory = createInventoryStore(api, currentAccount, (what) => {
    activity.getState().changed();
    if (what === 'import') {
      void keys.getState().refresh();
      audit.getState().changed();
    }
  });
  // A pull adds keys and may add subuser accounts; the log and the findings follow.
  const pull = createPullStore(api, currentAccount, () => {
    void keys.getState().refresh();
    void account.getState().refresh();
    audit.getState().changed();
    activity.getState().changed();
  });
  const reviews = createReviewsStore(api, currentAccount, () => {
    // A decision may disable or delete a key, and every one is a log entry.
    void keys.getState().refresh();
    audit.getState().changed();
    activity.getState().changed();
  });
  // An owner, purpose or tag change is a log entry and may end or start an ownership finding.
  keys.subscribe((now, before) => {
    if (now.annotations === before.annotations) return;
    audit.getState().changed();
    activity.getState().changed();
    reviews.getState().changed();
  });
  return { keys, account, catalog: createCatalogStore(api), settings, toasts: createToastStore(), audit, activity, inventory, pull, selection, reviews };
}

/**
 * The first load of everything the window shows; resolves true when the key list loaded. The
 * remembered account is chosen before its keys are asked for.
 */
export async function loadStores(stores: Stores): Promise<boolean> {
  await Promise.all([stores.account.getState().refresh(), stores.settings.getState().load(), stores.catalog.getState().load()]);
  const remembered = stores.settings.getState().settings?.lastAccount;
  if (remembered) stores.account.getState().choose(remembered);
  await stores.keys.getState().refresh();
  return stores.keys.getState().status === 'ready';
}

/**
 * Reloads what changed underneath the app (the CLI or the local API wrote to the store) and
 * forwards menu commands. Returns the function that disconnects both.
 */
export function connectStores(api: KeydeskApi, stores: Stores, onMenuCommand: (command: MenuCommand) => void): () => void {
  const offChanged = api.on('store:changed', () => {
    void stores.keys.getState().changedElsewhere();
    void stores.account.getState().refresh();
    stores.audit.getState().changed();
    stores.activity.getState().changed();
    stores.reviews.getState().changed();
  });
  const offMenu = api.on('menu:command', ({ command }) => onMenuCommand(command));
  const offProgress = api.on('operation:progress', (event) => stores.inventory.getState().progressed(event));
  const offPullProgress = api.on('pull:progress', (progress) => stores.pull.getState().progressed(progress));
  return () => {
    offChanged();
    offMenu();
    offProgress();
    offPullProgress();
  };
}
