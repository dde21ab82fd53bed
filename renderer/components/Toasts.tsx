/** Notices in one polite live region; errors are alerts and stay until dismissed. */
import { useStores, useToasts } from '../app/stores-context.tsx';
import { CheckIcon, CloseIcon, WarningIcon } from './icons.tsx';

export function Toasts() {
  const toasts = useToasts((state) => state.toasts);
  const dismiss = useStores().toasts.getState().dismiss;
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast--${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
          {toast.tone === 'error' ? <WarningIcon /> : <CheckIcon />}
          <p>{toast.message}</p>
          <button type="button" className="icon-button icon-button--small" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
            <CloseIcon />
          </button>
        </div>
      ))}
    </section>
  );
}
