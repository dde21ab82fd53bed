/**
 * The audit and inventory channels: findings with the figures behind the audit page's charts,
 * and export, import, diff and leak check. The renderer never names a file: main asks the user
 * through the native dialogs port, and a cancelled dialog answers null. Long runs report
 * `operation:progress` events. The services write their own audit entries (an export, an
 * import); no result carries a secret.
 */
import { auditReport } from '../services/audit-findings.ts';
import type { Caller } from '../services/caller.ts';
import { diffInventories, storeInventory } from '../services/inventory-diff.ts';
import { exportInventory } from '../services/inventory-export.ts';
import { readInventoryFile } from '../services/inventory-file.ts';
import { importInventoryFile } from '../services/inventory-import.ts';
import { checkLeaks } from '../services/leak-check.ts';
import type { Progress } from '../services/progress.ts';
import type { Services } from '../services/services.ts';
import type { SettingsPort } from '../settings/settings-store.ts';
import type { Handlers } from './dispatcher.ts';
import type { Emit } from './events.ts';
import type { FileFilter, FileDialogPort } from './file-dialogs.ts';
import type { ProgressOperation } from '../../common/inventory.ts';

export interface AuditHandlerDeps {
  readonly services: Services;
  readonly settings: SettingsPort;
  readonly dialogs: FileDialogPort;
  readonly emit: Emit;
  /** The app's user (the account owner), acting through the app on the named account (default: "default"). */
  readonly callerOn: (account?: string) => Caller;
}

export type AuditChannel = 'audit:findings' | 'inventory:export' | 'inventory:import' | 'inventory:diff' | 'leaks:scan';

const EXPORT_FILTERS: Readonly<Record<'csv' | 'json', readonly FileFilter[]>> = {
  csv: [{ name: 'CSV (one row per key)', extensions: ['csv'] }],
  json: [{ name: 'JSON (every scope, with a checkable header)', extensions: ['json'] }],
};

/** What import and diff read: Keydesk's JSON exports and SendGrid's API output, in one file or one response per line. */
const INVENTORY_FILTERS: readonly FileFilter[] = [
  { name: 'Key inventories (JSON)', extensions: ['json', 'jsonl'] },
  { name: 'All files', extensions: ['*'] },
];

/** A file name offered in the save dialog: account names may hold characters no file system takes. */
export function exportFileName(account: string, now: Date, format: 'csv' | 'json'): string {
  const safe = account.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'account';
  return `keydesk-${safe}-${now.toISOString().slice(0, 10)}.${format}`;
}

export function createAuditHandlers({ services, settings, dialogs, emit, callerOn }: AuditHandlerDeps): Pick<Handlers, AuditChannel> {
  const { store, clock } = services;
  // Progress is a courtesy to the window: a failed push (the window closing) never fails the run.
  const progressOf =
    (operation: ProgressOperation): Progress =>
    (done, total) =>
      void emit('operation:progress', { operation, done, total }).catch(() => undefined);

  return {
    'audit:findings': (input) => {
      const caller = callerOn(input?.account);
      const { unusedKeyDays, maxKeyAgeDays } = settings.get();
      return {
        account: caller.account.name,
        unused_days: unusedKeyDays,
        max_age_days: maxKeyAgeDays,
        ...auditReport(store, caller, { unusedDays: unusedKeyDays, maxAgeDays: maxKeyAgeDays, clock }),
      };
    },

    'inventory:export': async ({ account, format }) => {
      const caller = callerOn(account);
      const path = await dialogs.chooseSaveFile({
        title: 'Export key inventory',
        defaultName: exportFileName(caller.account.name, clock.now(), format),
        filters: EXPORT_FILTERS[format],
      });
      if (path === null) return null;
      return exportInventory(store, { path }, { format, caller, clock, onProgress: progressOf('export') });
    },

    'inventory:import': async (input) => {
      const caller = callerOn(input?.account);
      const path = await dialogs.chooseOpenFile({ title: 'Import keys', filters: INVENTORY_FILTERS });
      if (path === null) return null;
      const result = await importInventoryFile(store, path, { caller, clock, onProgress: progressOf('import') });
      return { path, ...result };
    },

    'inventory:diff': async (input) => {
      const caller = callerOn(input?.account);
      const path = await dialogs.chooseOpenFile({ title: 'Compare with an inventory file', filters: INVENTORY_FILTERS });
      if (path === null) return null;
      const file = await readInventoryFile(path);
      return {
        path,
        format: file.format,
        exported_at: file.header?.exported_at ?? null,
        exported_account: file.header?.account ?? null,
        diff: diffInventories(file.entries, storeInventory(store, caller)),
      };
    },

    'leaks:scan': async (input) => {
      const caller = callerOn(input?.account);
      const path = await dialogs.chooseFolder({ title: 'Scan a folder for SendGrid keys' });
      if (path === null) return null;
      return checkLeaks(store, path, { caller, clock, onProgress: progressOf('leaks'), scanIgnoredFolders: input?.scan_ignored ?? false });
    },
  };
}
