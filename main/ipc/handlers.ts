/**
 * What each IPC channel does, over the services. The desktop user is the account owner, acting
 * through the app. Platform pieces main owns (settings file, clipboard) come in as small ports, so
 * these handlers run unchanged under Electron, in the browser test host and in unit tests.
 */
import { CATEGORIES, SCOPE_INDEX } from '../../common/catalog.ts';
import { KeydeskError, messageOf, notFound } from '../../common/errors.ts';
import { GRACE_PRESETS } from '../../common/lifecycle.ts';
import { BILLING_SCOPES, FULL_ACCESS_SCOPES, levelsOfScopes } from '../../common/permissions.ts';
import type { AccountRecord, AuditEntry } from '../../common/records.ts';
import type { AppInfo, LocalApiStatus, RestoreResult } from '../../common/app-info.ts';
import type { Catalog } from '../../common/ipc/contract.ts';
import type { Settings } from '../../common/settings.ts';
import type { SettingsPort } from '../settings/settings-store.ts';
import { describeChange, isolatedName, summarizeChange } from '../services/audit-changes.ts';
import { auditEntries, auditHead, verifyAuditTrail } from '../services/audit-trail.ts';
import { headText } from '../../common/audit.ts';
import { OWNER, requireOperation, type Actor, type Caller } from '../services/caller.ts';
import type { Services } from '../services/services.ts';
import { DEFAULT_ACCOUNT } from '../store/account-table.ts';
import { accountsByName } from '../store/accounts-by-name.ts';
import { checkBackup, listBackups, restoreBackup } from '../store/backups.ts';
import { createAuditHandlers } from './audit-handlers.ts';
import { createReviewHandlers } from './review-handlers.ts';
import type { PrintToPdf } from '../services/review-report.ts';
import type { Handlers } from './dispatcher.ts';
import type { Emit } from './events.ts';
import type { FileDialogPort } from './file-dialogs.ts';
import { createPullHandlers } from './pull-handlers.ts';

export interface SecretClipboardPort {
  /** Puts the text on the clipboard and clears it after `seconds` if it still holds it (0: never). */
  copySecret(text: string, seconds: number): void;
}

/** The local API behind the settings switch (main/server/local-api-switch.ts in the app). */
export interface LocalApiPort {
  /** Brings the server in line with the setting; resolves to the status after. */
  apply(setting: Settings['localApi']): Promise<LocalApiStatus>;
  status(): LocalApiStatus;
  /** Stops the server whatever the setting (a backup is restored). */
  stop(): Promise<LocalApiStatus>;
}

export interface HandlerDeps {
  readonly services: Services;
  readonly settings: SettingsPort;
  readonly clipboard: SecretClipboardPort;
  /** Puts text that is not secret on the clipboard, as it is (the audit log's head). */
  readonly copyText: (text: string) => void;
  /** Native save/open dialogs, for the export and import handlers. */
  readonly dialogs: FileDialogPort;
  /** Pushes events to the window (progress of exports, imports and leak checks). */
  readonly emit: Emit;
  readonly appInfo: AppInfo;
  /** The local API behind the settings switch (`settings.localApi`). */
  readonly localApi: LocalApiPort;
  /**
   * Who acts through the app: the account owner, the person at the desktop. (Tests hand in a key,
   * to show the authorization table holds at this door as at the CLI and the local API.)
   */
  readonly actor?: Actor;
  /**
   * Called once `store:restore-backup` has closed the store to replace its file (whether or not the
   * restore succeeded): the store is closed, so the app must open it again (Electron: relaunch).
   */
  readonly onStoreClosed?: (outcome: StoreClosedOutcome) => void;
  /** Chromium's print-to-PDF, for a review's report as PDF (Electron's in the app). */
  readonly printToPdf?: PrintToPdf;
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

export function createIpcHandlers(deps: HandlerDeps): Handlers {
  const { services, settings, clipboard, copyText, dialogs, emit, appInfo, localApi, onStoreClosed, actor = OWNER } = deps;
  const { store, keys, lifecycle, accounts } = services;

  // Every call names its account: kept between calls while nothing could have changed it.
  const accountsNamed = accountsByName(store.db, store.accounts);
  const accountNamed = (name = DEFAULT_ACCOUNT): AccountRecord => {
    const account = accountsNamed.get(name);
    if (!account) throw notFound(`unknown account "${name}"`, 'account');
    return account;
  };
  const callerOn = (account?: string): Caller => ({ actor, account: accountNamed(account), via: 'app' });

  return {
    'app:info': () => appInfo,
    'scopes:catalog': () => CATALOG,
    'scopes:levels': ({ scopes }) => levelsOfScopes(scopes),

    'accounts:list': () => accounts.list(callerOn()),
    'accounts:create': ({ name, parent }) => accounts.create(callerOn(), { name, parent: parent ?? null }),
    'accounts:rename': ({ account, name }) => accounts.rename(callerOn(), account, name),
    'accounts:delete': ({ account, force }) => accounts.remove(callerOn(), account, { force: force === true }),
    'accounts:policy': ({ account, max_key_lifetime_days }) => accounts.setPolicy(callerOn(), account, max_key_lifetime_days),

    'keys:list': (input) => keys.listColumns(callerOn(input?.account), input?.newest === undefined ? {} : { newest: input.newest }),
    'keys:get': ({ account, api_key_id }) => {
      const key = keys.get(callerOn(account), api_key_id);
      return { ...key, levels: levelsOfScopes(key.scopes) };
    },
    'keys:create': ({ account, name, scopes, expires_at }) =>
      keys.create(callerOn(account), { name, ...(scopes ? { scopes } : {}), ...(expires_at !== undefined ? { expires_at } : {}) }),
    'keys:rename': ({ account, api_key_id, name }) => keys.rename(callerOn(account), api_key_id, name),
    'keys:replace': ({ account, api_key_id, name, scopes }) => keys.replace(callerOn(account), api_key_id, { name, scopes }),
    'keys:delete': ({ account, api_key_id }) => {
      keys.remove(callerOn(account), api_key_id);
      return { deleted: api_key_id };
    },
    'keys:disable': ({ account, api_key_id }) => lifecycle.disable(callerOn(account), api_key_id),
    'keys:enable': ({ account, api_key_id }) => lifecycle.enable(callerOn(account), api_key_id),
    'keys:expire': ({ account, api_key_id, expires_at }) => lifecycle.setExpiry(callerOn(account), api_key_id, expires_at),
    'keys:roll': ({ account, api_key_id, grace }) => lifecycle.roll(callerOn(account), api_key_id, { grace_ms: GRACE_PRESETS[grace] }),
    'keys:secrets': ({ account, api_key_id }) => lifecycle.secrets(callerOn(account), api_key_id),
    'keys:grace': (input) => lifecycle.inGrace(callerOn(input?.account)),
    'keys:bulk': ({ account, action, api_key_ids, expires_at }) =>
      lifecycle.bulk(callerOn(account), { action, api_key_ids, ...(expires_at !== undefined ? { expires_at } : {}) }),

    'audit:list': (input) => {
      const { account, key_id, action, since, until } = input ?? {};
      const entries = auditEntries(store, callerOn(account), {
        ...(key_id !== undefined && { keyId: key_id }),
        ...(action !== undefined && { action }),
        ...(since !== undefined && { since }),
        ...(until !== undefined && { until }),
      });
      return entries.map((entry) => ({ ...entry, summary: describeChange(entry, isolatedName), change: summarizeChange(entry), key_name: keyNameIn(entry) }));
    },
    'audit:verify': () => verifyAuditTrail(store, callerOn()),
    'audit:copy-head': () => {
      const head = auditHead(store, callerOn());
      copyText(headText(head));
      return head;
    },

    'store:backups': () => {
      requireOperation(actor, 'store.backups');
      return listBackups(appInfo.database);
    },
    'store:restore-backup': async ({ name }) => {
      requireOperation(actor, 'store.backups');
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
    ...createAuditHandlers({ services, settings, dialogs, emit, callerOn }),
    ...createPullHandlers({ services, emit, callerOn }),
    ...createReviewHandlers({ services, settings, dialogs, callerOn, ...(deps.printToPdf ? { printToPdf: deps.printToPdf } : {}) }),

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
