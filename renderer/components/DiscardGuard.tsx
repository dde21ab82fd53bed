/**
 * A changed form is never thrown away unasked. The dialog holding a form closes through
 * `requestClose` (Escape, a click outside, Cancel, the close button); while the form reports
 * itself changed, that asks "Discard your changes?" first, with "Keep editing" the default.
 */
import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { AlertDialogFrame } from './ConfirmDialog.tsx';
import { WarningIcon } from './icons.tsx';

const ReportDirty = createContext<(dirty: boolean) => void>(() => undefined);

/** Called by a form with whether it differs from where it started. */
export function useReportDirty(dirty: boolean): void {
  const report = useContext(ReportDirty);
  useEffect(() => report(dirty), [report, dirty]);
}

export interface DiscardGuard {
  /** Closes at once when nothing changed; otherwise asks first. */
  readonly requestClose: () => void;
  /** Wraps the form (so it can report) and holds the question while it is asked. */
  readonly wrap: (form: ReactNode) => ReactNode;
}

export function useDiscardGuard(onClose: () => void): DiscardGuard {
  const dirty = useRef(false);
  const [asking, setAsking] = useState(false);
  const report = useCallback((changed: boolean) => {
    dirty.current = changed;
  }, []);
  const requestClose = useCallback(() => (dirty.current ? setAsking(true) : onClose()), [onClose]);
  const wrap = (form: ReactNode) => (
    <ReportDirty.Provider value={report}>
      {form}
      {asking && <DiscardPrompt onKeep={() => setAsking(false)} onDiscard={onClose} />}
    </ReportDirty.Provider>
  );
  return { requestClose, wrap };
}

function DiscardPrompt({ onKeep, onDiscard }: { readonly onKeep: () => void; readonly onDiscard: () => void }) {
  return (
    <AlertDialogFrame size="narrow" stacked onClose={onKeep}>
      <div className="dialog__header">
        <AlertDialog.Title className="dialog__title">Discard your changes?</AlertDialog.Title>
      </div>
      <div className="dialog__body">
        <AlertDialog.Description asChild>
          <div className="callout callout--warning">
            <WarningIcon />
            <p>What you entered in this form has not been saved. Discarding it closes the form and keeps nothing.</p>
          </div>
        </AlertDialog.Description>
      </div>
      <div className="dialog__footer">
        <AlertDialog.Cancel asChild>
          <button type="button" className="button button--primary">
            Keep editing
          </button>
        </AlertDialog.Cancel>
        <AlertDialog.Action asChild>
          <button type="button" className="button button--ghost" onClick={onDiscard}>
            Discard
          </button>
        </AlertDialog.Action>
      </div>
    </AlertDialogFrame>
  );
}
