/**
 * What each IPC channel does, over the services. The desktop user is the account owner, acting
 * through the app. Platform pieces main owns (settings file, clipboard) come in as small ports, so
 * these handlers run unchanged under Electron, in the browser test host and in unit tests.
 */
import { CATEGORIES, SCOPE_INDEX } from '../core/catalog.ts';
import { KeydeskError, messageOf, notFound } from '../core/errors.ts';
import { GRACE_PRESETS } from '../core/lifecycle.ts';
import { BILLING_SCOPES, FULL_ACCESS_SCOPES, levelsOfScopes } from '../core/permissions.ts';
import type { AccountRecord, AuditEntry } from '../core/records.ts';
import type { LocalApiSwitch } from '../server/local-api-switch.ts';
import type { SettingsPort } from '../settings/settings-store.ts';
import { describeChange, isolatedName, summarizeChange } from '../services/audit-changes.ts';
import { checkAuditIntegrity } from '../services/audit-integrity.ts';
import { checkBackup, listBackups, restoreBackup, type RestoreResult } from '../store/backups.ts';
import { OWNER, type Caller } from '../services/caller.ts';
import type { Services } from '../services/services.ts';
import { DEFAULT_ACCOUNT } from '../store/account-table.ts';
import type { AppInfo, Catalog } from '../../preload/contract.ts';
import { createAuditHandlers } from './audit-handlers.ts';
import type { Handlers } from './dispatcher.ts';
import type { Emit } from './events.ts';
import type { FileDialogPort } from './file-dialogs.ts';

export interface SecretClipboardPort {
  /** Puts the text on the clipboard and clears it after `seconds` if it still holds it (0: never). */
  copySecret(text: string, seconds: number): void;
}

export interface HandlerDeps {
  readonly services: Services;
  readonly settings: SettingsPort;
  readonly clipboard: SecretClipboardPort;
  /** Native save/open dialogs, for the export and import handlers. */
  readonly dialogs: FileDialogPort;
  /** Pushes events to the window (progress of exports, imports and leak checks). */
  readonly emit: Emit;
  readonly appInfo: AppInfo;
  /** The local API behind the settings switch (`settings.localApi`). */
  readonly localApi: LocalApiSwitch;
  /**
   * Called once `store:restore-backup` has closed the store to replace its file (whether or not the
   * restore succeeded): the store is closed, so the app must open it again (Electron: relaunch).
   */
  readonly onStoreClosed?: (outcome: StoreClosedOutcome) => void;
}

/** How a restore that closed the store went: what the user is told before the app reopens it. */
export type StoreClosedOutcome =
  | { readonly kind: 'restored'; readonly restored: RestoreResult }
  | { readonly kind: 'failed'; readonly message: string; readonly storeUnchanged: boolean };

/** The key's name as the entry recorded it: after the change, or before it when the key was deleted. */
function keyNameIn(entry: AuditEntry): string | null {
  if (entry.key_id === null) return null;
  const named = (state: unknown) =>
    state !== null && typeof state === 'object' && 'name' in state && typeof state.name === 'string' ? state.name : null;
  return named(entry.after) ?? named(entry.before);
}

const CATALOG: Catalog = {
  categories: CATEGORIES,
  scopes: [...SCOPE_INDEX.values()],
  full_access_scopes: FULL_ACCESS_SCOPES,
  billing_scopes: BILLING_SCOPES,
};

export function createIpcHandlers({ services, settings, clipboard, dialogs, emit, appInfo, localApi, onStoreClosed }: HandlerDeps): Handlers {
  const { store, keys, lifecycle, accounts } = services;

  const accountNamed = (name = DEFAULT_ACCOUNT): AccountRecord => {
    const account = store.accounts.byName(name);
    if (!account) throw notFound(`unknown account "${name}"`, 'account');
    return account;
  };
  const owner = (account?: string): Caller => ({ actor: OWNER, account: accountNamed(account), via: 'app' });

  return {
    'app:info': () => appInfo,
    'scopes:catalog': () => CATALOG,
    'scopes:levels': ({ scopes }) => levelsOfScopes(scopes),

    'accounts:list': () => accounts.list(owner()),
    'accounts:create': ({ name, parent }) => accounts.create(owner(), { name, parent: parent ?? null }),
    'accounts:rename': ({ account, name }) => accounts.rename(owner(), account, name),
    'accounts:delete': ({ account, force }) => accounts.remove(owner(), account, { force: force === true }),
    'accounts:policy': ({ account, max_key_lifetime_days }) => accounts.setPolicy(owner(), account, max_key_lifetime_days),

    'keys:list': (input) => keys.list(owner(input?.account), input?.newest === undefined ? {} : { newest: input.newest }),
    'keys:get': ({ account, api_key_id }) => {
      const key = keys.get(owner(account), api_key_id);
      return { ...key, levels: levelsOfScopes(key.scopes) };
    },
    'keys:create': ({ account, name, scopes, expires_at }) =>
      keys.create(owner(account), { name, ...(scopes ? { scopes } : {}), ...(expires_at !== undefined ? { expires_at } : {}) }),
    'keys:rename': ({ account, api_key_id, name }) => keys.rename(owner(account), api_key_id, name),
    'keys:replace': ({ account, api_key_id, name, scopes }) => keys.replace(owner(account), api_key_id, { name, scopes }),
    'keys:delete': ({ account, api_key_id }) => {
      keys.remove(owner(account), api_key_id);
      return { deleted: api_key_id };
    },
    'keys:disable': ({ account, api_key_id }) => lifecycle.disable(owner(account), api_key_id),
    'keys:enable': ({ account, api_key_id }) => lifecycle.enable(owner(account), api_key_id),
    'keys:expire': ({ account, api_key_id, expires_at }) => lifecycle.setExpiry(owner(account), api_key_id, expires_at),
    'keys:roll': ({ account, api_key_id, grace }) => lifecycle.roll(owner(account), api_key_id, { grace_ms: GRACE_PRESETS[grace] }),
    'keys:bulk': ({ account, action, api_key_ids, expires_at }) =>
      lifecycle.bulk(owner(account), { action, api_key_ids, ...(expires_at !== undefined ? { expires_at } : {}) }),

    'audit:list': (input) => {
      const { account, key_id, action, since, until } = input ?? {};
      const entries = store.audit.list({
        accountId: accountNamed(account).id,
        ...(key_id !== undefined && { keyId: key_id }),
        ...(action !== undefined && { action }),
        ...(since !== undefined && { since }),
        ...(until !== undefined && { until }),
      });
      return entries.map((entry) => ({ ...entry, summary: describeChange(entry, isolatedName), change: summarizeChange(entry), key_name: keyNameIn(entry) }));
    },
    'audit:verify': () => checkAuditIntegrity(store),

    'store:backups': () => listBackups(appInfo.database),
    'store:restore-backup': async ({ name }) => {
      // Only a backup listed beside the store, by name: never a path the renderer chose.
      const backup = listBackups(appInfo.database).find((b) => b.name === name);
      if (!backup) throw notFound(`no backup named "${name}"`, 'name');
      checkBackup(backup.path);
      // The local API holds a connection of its own; the store must be free to be replaced.
      await localApi.stop();
      store.close();
      try {
        const restored = restoreBackup(appInfo.database, backup.path);
        onStoreClosed?.({ kind: 'restored', restored });
        return restored;
      } catch (error) {
        // restoreBackup refuses (KeydeskError) before it moves anything; a file-system failure may come later.
        const refused = error instanceof KeydeskError;
        onStoreClosed?.({ kind: 'failed', message: refused ? messageOf(error) : error instanceof Error ? error.message : String(error), storeUnchanged: refused });
        throw error;
      }
    },
    ...createAuditHandlers({ services, settings, dialogs, emit, owner }),

    'settings:get': () => settings.get(),
    'settings:set': async (patch) => {
      const saved = settings.set(patch);
      // Answer once the server matches the switch, so the status read next is the new one.
      if (patch.localApi) await localApi.apply(saved.localApi);
      return saved;
    },
    'settings:choose-export-folder': async () => {
      const folder = await dialogs.chooseFolder({ title: 'Choose the default export folder' });
      return folder === null ? null : settings.set({ defaultExportFolder: folder });
    },
    'settings:local-api-status': () => localApi.status(),

    'clipboard:copy-secret': ({ text }) => {
      const seconds = settings.get().clipboardClearSeconds;
      clipboard.copySecret(text, seconds);
      return { clearsAfterSeconds: seconds };
    },
  };
}
