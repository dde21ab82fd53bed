/** SendGrid: pull a live account's keys, with their scopes and subusers, into this account for offline audit. */
import { useState } from 'react';
import { usePull } from '../../app/stores-context.tsx';
import { Panel } from '../../components/Panel.tsx';
import { PullDialog } from './PullDialog.tsx';

export function PullPanel() {
  const [open, setOpen] = useState(false);
  const reset = usePull((state) => state.reset);
  const running = usePull((state) => state.status === 'running');

  return (
    <Panel
      id="pull"
      title="SendGrid"
      intro={
        <>
          Pull a live SendGrid account&apos;s keys with their real scopes, and its subusers&apos; keys, into this account: then audit, compare and export them
          offline. SendGrid&apos;s own key list has no scopes; a pull reads each key.
        </>
      }
    >
      <div className="panel__actions">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            if (!running) reset();
            setOpen(true);
          }}
        >
          Pull from SendGrid…
        </button>
      </div>
      {open && <PullDialog onClose={() => setOpen(false)} onCloseAutoFocus={() => undefined} />}
    </Panel>
  );
}
