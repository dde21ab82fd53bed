/**
 * Create an API key, then show it once. The created key (the only value that carries a secret)
 * lives in this dialog's own state: the parent mounts the dialog while it is open and unmounts it
 * on close, so React drops the state and the DOM that showed the secret with it.
 */
import { useState } from 'react';
import type { Catalog } from '../../common/ipc/contract.ts';
import { useAccount, useKeys } from '../app/stores-context.tsx';
import { useNow } from '../app/use-now.ts';
import { defaultChoice, expiryOf, type ExpiryChoice } from '../keys/expiry-choice.ts';
import { ExpiryField } from './ExpiryField.tsx';
import { KeyDialogForm, scopesOfForm, showRefusal, useKeyFormState } from './KeyForm.tsx';
import { RevealKeyDialog } from './RevealKey.tsx';
import { FormDialogHeader } from './FormDialogParts.tsx';
import type { CreatedKey } from '../../common/key-results.ts';

interface Props {
  readonly catalog: Catalog;
  readonly onClose: () => void;
  /** Where focus goes once the dialog is gone. */
  readonly onCloseAutoFocus: (event: Event) => void;
}

/**
 * The 100-key limit is not checked here: the page does not open this dialog at the limit, and if
 * another client takes the last slot while it is open, main refuses with SendGrid's message.
 */
export function CreateKeyDialog({ catalog, onClose, onCloseAutoFocus }: Props) {
  const [created, setCreated] = useState<CreatedKey | null>(null);
  return (
    <RevealKeyDialog
      revealed={created}
      storedNotice={(key) => `Created “${key.name}”.`}
      formSize="wide"
      formDescribed={false}
      onClose={onClose}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      <CreateForm catalog={catalog} onCreated={setCreated} />
    </RevealKeyDialog>
  );
}

function CreateForm({ catalog, onCreated }: { readonly catalog: Catalog; readonly onCreated: (key: CreatedKey) => void }) {
  const create = useKeys((state) => state.create);
  const policyDays = useAccount((state) => state.summary?.max_key_lifetime_days ?? null);
  const now = useNow();
  const [expiry, setExpiry] = useState<ExpiryChoice>(() => defaultChoice(policyDays, false));
  const form = useKeyFormState(catalog, {
    name: '',
    access: 'full',
    restricted: { scopes: [], levels: {} },
    billing: { scopes: catalog.billing_scopes, levels: { billing: 'full' } },
  });
  const { name, access, restricted, billing, busy, setBusy, setErrors } = form;

  async function submit() {
    if (busy) return;
    setBusy(true);
    const scopes = access === 'full' ? undefined : scopesOfForm(catalog, access, restricted, billing);
    const expiresAt = expiryOf(expiry, Date.now());
    if (expiresAt === undefined) {
      setBusy(false);
      return setErrors([{ field: 'expires_at', message: 'choose the date the key expires' }]);
    }
    const result = await create({ name, ...(scopes && { scopes }), ...(expiresAt !== null && { expires_at: expiresAt }) });
    setBusy(false);
    if (result.ok) return onCreated(result.data);
    showRefusal(form, result.errors);
  }

  return (
    <KeyDialogForm
      catalog={catalog}
      form={form}
      header={<FormDialogHeader title="Create API key" />}
      expiry={<ExpiryField choice={expiry} onChoice={setExpiry} policyDays={policyDays} now={now} errors={form.errors} />}
      label="Create & View"
      busyLabel="Creating…"
      expiryChanged={JSON.stringify(expiry) !== JSON.stringify(defaultChoice(policyDays, false))}
      onSubmit={submit}
    />
  );
}
