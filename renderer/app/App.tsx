/** The minimal shell: create a key, see its secret once, list and delete keys. */
import { useEffect, useRef, useState } from 'react';
import type { CreatedKey } from '../../preload/contract.ts';
import { CreateKeyForm } from '../components/CreateKeyForm.tsx';
import { ErrorList } from '../components/ErrorList.tsx';
import { KeyList } from '../components/KeyList.tsx';
import { RevealKey } from '../components/RevealKey.tsx';
import { useKeys } from './stores-context.tsx';

export function App({ newKeyRequests }: { readonly newKeyRequests: number }) {
  const status = useKeys((state) => state.status);
  const errors = useKeys((state) => state.errors);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  // Ctrl/Cmd+N from the application menu.
  useEffect(() => {
    if (newKeyRequests > 0) nameRef.current?.focus();
  }, [newKeyRequests]);

  return (
    <main className="app">
      <h1>API Keys</h1>
      <ErrorList errors={errors} />
      {created ? (
        <RevealKey created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateKeyForm onCreated={setCreated} nameRef={nameRef} />
      )}
      {status === 'ready' && <KeyList />}
    </main>
  );
}
