/** The Inventory page: pull from SendGrid, export, import, compare with a file, and the leak check. */
import { DiffPanel } from './DiffPanel.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { LeakCheckPanel } from './LeakCheckPanel.tsx';
import { PullPanel } from './PullPanel.tsx';
import { ScrollPage } from '../../components/ScrollPage.tsx';
import '../pages.css';

export function InventoryPage({ inert }: { readonly inert: boolean }) {
  return (
    <ScrollPage id="inventory" title="Inventory" inert={inert} meta="Key inventories in and out of this account: pulled from SendGrid once, then offline. Files are chosen in your system's dialogs.">
      <div className="panels">
        <PullPanel />
        <ExportPanel />
        <ImportPanel />
        <DiffPanel />
        <LeakCheckPanel />
      </div>
    </ScrollPage>
  );
}
