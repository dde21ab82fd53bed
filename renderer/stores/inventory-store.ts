/**
 * The inventory page's operations: export, import, diff and leak check. Each asks main, which
 * opens the native file dialog; while one runs, `operation:progress` events move its progress
 * bar. A cancelled dialog leaves the operation as it was (the last result stays on screen). No
 * secret ever enters this store: main's results carry none.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FieldError } from '../../common/errors.ts';
import type { EventPayload, KeydeskApi, Result } from '../../common/ipc/contract.ts';
import type { DiffResult, ExportFormat, ExportResult, LeakReport } from '../../common/inventory.ts';
import type { ImportedFile } from '../../common/ipc/contract.ts';

export type OperationStatus = 'idle' | 'running' | 'done' | 'failed';

export interface Operation<R> {
  readonly status: OperationStatus;
  /** While running, from main's progress events; null until the first one (the dialog is open). */
  readonly progress: { readonly done: number; readonly total: number } | null;
  readonly result: R | null;
  readonly errors: readonly FieldError[];
}

interface Results {
  readonly export: ExportResult;
  readonly import: ImportedFile;
  readonly diff: DiffResult;
  readonly leaks: LeakReport;
}

export type OperationName = keyof Results;

export type InventoryState = { readonly [K in OperationName]: Operation<Results[K]> } & {
  exportInventory(format: ExportFormat): Promise<void>;
  importFile(): Promise<void>;
  compareWithFile(): Promise<void>;
  checkLeaks(scanIgnored: boolean): Promise<void>;
  /** An `operation:progress` event from main. */
  progressed(event: EventPayload<'operation:progress'>): void;
};

export type InventoryStore = StoreApi<InventoryState>;

const IDLE = { status: 'idle', progress: null, result: null, errors: [] } as const;

/**
 * `afterWrite` runs after an export or import went through: the activity log has a new entry,
 * and an import changed the key list, the audit findings and the key count.
 */
export function createInventoryStore(api: KeydeskApi, currentAccount: () => string, afterWrite: (what: 'export' | 'import') => void): InventoryStore {
  return createStore<InventoryState>()((set, get) => {
    const update = <K extends OperationName>(name: K, operation: Operation<Results[K]>) => set({ [name]: operation } as Partial<InventoryState>);

    async function run<K extends OperationName>(name: K, call: () => Promise<Result<Results[K] | null>>): Promise<boolean> {
      const before = get()[name] as Operation<Results[K]>;
      if (before.status === 'running') return false;
      update(name, { status: 'running', progress: null, result: null, errors: [] });
      const outcome = await call();
      if (!outcome.ok) {
        update(name, { status: 'failed', progress: null, result: null, errors: outcome.errors });
        return false;
      }
      if (outcome.data === null) {
        update(name, before);
        return false;
      }
      const progress = (get()[name] as Operation<Results[K]>).progress;
      update(name, { status: 'done', progress, result: outcome.data, errors: [] });
      return true;
    }

    const account = () => currentAccount();
    return {
      export: IDLE,
      import: IDLE,
      diff: IDLE,
      leaks: IDLE,
      async exportInventory(format) {
        if (await run('export', () => api.inventory.export({ account: account(), format }))) afterWrite('export');
      },
      async importFile() {
        if (await run('import', () => api.inventory.import({ account: account() }))) afterWrite('import');
      },
      async compareWithFile() {
        await run('diff', () => api.inventory.diff({ account: account() }));
      },
      async checkLeaks(scanIgnored) {
        await run('leaks', () => api.leaks.scan({ account: account(), scan_ignored: scanIgnored }));
      },
      progressed({ operation, done, total }) {
        const current = get()[operation];
        // Events can trail the answer (or a cancelled run): only a running operation moves.
        if (current.status !== 'running') return;
        set({ [operation]: { ...current, progress: { done, total } } } as Partial<InventoryState>);
      },
    };
  });
}
