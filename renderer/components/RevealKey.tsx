/**
 * Shows a new key's secret once. It lives only in this component's props: closing the panel drops
 * it. Copying goes through main, which clears the clipboard after the configured delay.
 */
import { useState } from 'react';
import type { CreatedKey } from '../../preload/contract.ts';
import { useApi } from '../app/stores-context.tsx';

export function RevealKey({ created, onDone }: { readonly created: CreatedKey; readonly onDone: () => void }) {
  const api = useApi();
  const [copied, setCopied] = useState<string | null>(null);

  async function copy() {
    const result = await api.clipboard.copySecret({ text: created.api_key });
    if (result.ok) {
      const seconds = result.data.clearsAfterSeconds;
      setCopied(seconds > 0 ? `Copied. The clipboard is cleared in ${seconds} s.` : 'Copied.');
    }
  }

  return (
    <section className="reveal-key" role="dialog" aria-label="API key created">
      <h2>API Key Created</h2>
      <p>Copy this key now. For your security, it will not be shown again.</p>
      <output aria-label="New API key">{created.api_key}</output>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      {copied && <p role="status">{copied}</p>}
    </section>
  );
}
