/**
 * Confirm deleting or disabling one key, naming it. Deleting is permanent (`verify` rejects the key
 * from then on), with SendGrid's warning; disabling can be undone with Enable in the row menu. The
 * two differ only in their words, icon and store call, so one dialog holds both.
 */
import type { ReactNode } from 'react';
import type { KeyRecord } from '../../common/records.ts';
import type { Result } from '../../common/ipc/contract.ts';
import { useKeys, useStores } from '../app/stores-context.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { PauseIcon, WarningIcon } from './icons.tsx';

export type KeyConfirmation = 'delete' | 'disable';

interface Wording {
  readonly verb: string;
  readonly run: 'remove' | 'disable';
  readonly tone: 'danger' | 'warning';
  readonly icon: ReactNode;
  readonly warning: string;
  readonly busyLabel: string;
  readonly done: (name: string) => string;
}

const WORDING: Readonly<Record<KeyConfirmation, Wording>> = {
  delete: {
    verb: 'Delete',
    run: 'remove',
    tone: 'danger',
    icon: <WarningIcon />,
    warning:
      'Once you delete a key, it can no longer be used to access SendGrid’s services. Make sure you update the API key in any code. Any later call with this key is rejected.',
    busyLabel: 'Deleting…',
    done: (name) => `Deleted “${name}”.`,
  },
  disable: {
    verb: 'Disable',
    run: 'disable',
    tone: 'warning',
    icon: <PauseIcon />,
    warning:
      'Every call with this key is rejected until you enable it again. Unlike deleting, this can be undone: the key, its permissions and its secret stay as they are.',
    busyLabel: 'Disabling…',
    done: (name) => `Disabled “${name}”. Enable it from its menu to make it work again.`,
  },
};

interface Props {
  readonly action: KeyConfirmation;
  readonly apiKey: KeyRecord;
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function ConfirmKeyDialog({ action, apiKey, onClose, onCloseAutoFocus }: Props) {
  const wording = WORDING[action];
  const run: (apiKeyId: string) => Promise<Result<unknown>> = useKeys((state) => state[wording.run]);
  const toasts = useStores().toasts;
  return (
    <ConfirmDialog
      title={<>{wording.verb} “<bdi>{apiKey.name}</bdi>”?</>}
      tone={wording.tone}
      icon={wording.icon}
      warning={wording.warning}
      confirmLabel={`${wording.verb} key`}
      busyLabel={wording.busyLabel}
      errorId={`${action}-error`}
      onConfirm={() => run(apiKey.api_key_id)}
      onDone={() => toasts.getState().show('success', wording.done(apiKey.name))}
      onClose={onClose}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      <p className="muted small">
        API Key ID <code>{apiKey.api_key_id}</code>
      </p>
    </ConfirmDialog>
  );
}
