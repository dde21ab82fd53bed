/** The Inventory page: export, import, compare with a file, and the leak check. */
import { DiffPanel } from './DiffPanel.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { LeakCheckPanel } from './LeakCheckPanel.tsx';
import '../pages.css';

export function InventoryPage({ inert }: { readonly inert: boolean }) {
  return (
    <main className="scroll-page" inert={inert} aria-labelledby="inventory-title">
      <div className="page">
        <div className="page__header">
          <div>
            <h1 id="inventory-title">Inventory</h1>
            <p className="page__meta">Key inventories in and out of this account, offline. Files are chosen in your system's dialogs.</p>
          </div>
        </div>
        <div className="panels">
          <ExportPanel />
          <ImportPanel />
          <DiffPanel />
          <LeakCheckPanel />
        </div>
      </div>
    </main>
  );
}
