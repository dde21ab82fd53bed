/**
 * Renderer entry: builds the stores over `window.keydesk` (decoding its answers), keeps them current, renders the app,
 * and marks `<body data-app-state>` ready once the first load answered (tests wait on it).
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { keydeskApiOver } from '../common/ipc/api.ts';
import { App } from './app/App.tsx';
import { StoresProvider } from './app/stores-context.tsx';
import { connectStores, createStores, loadStores } from './stores/stores.ts';
import './styles.css';

// Answers cross the bridge as text and are decoded here, in the window's own world.
const api = keydeskApiOver(window.keydesk);
const stores = createStores(api);

function Root() {
  const [newKeyRequests, setNewKeyRequests] = useState(0);
  const [exportRequests, setExportRequests] = useState(0);
  const [settingsRequests, setSettingsRequests] = useState(0);
  useEffect(
    () =>
      connectStores(api, stores, (command) => {
        if (command === 'new-key') setNewKeyRequests((n) => n + 1);
        if (command === 'export-inventory') setExportRequests((n) => n + 1);
        if (command === 'open-settings') setSettingsRequests((n) => n + 1);
      }),
    [],
  );
  return (
    <StoresProvider api={api} stores={stores}>
      <App newKeyRequests={newKeyRequests} exportRequests={exportRequests} settingsRequests={settingsRequests} />
    </StoresProvider>
  );
}

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);

void loadStores(stores).then((ready) => {
  document.body.dataset.appState = ready ? 'ready' : 'failed';
});
