/**
 * Edit a key's name, expiry and permissions with the same form as create. Shows the API Key ID,
 * never a secret (there is none to show). Saving sends the whole scope set (PUT semantics,
 * `keys:replace`); a name-only change is a rename. Categories the user did not touch keep their
 * exact scopes. A new expiry is saved first (it is what the account's policy may refuse), so a
 * refusal leaves the key as it was.
 */
import { useEffect, useState } from 'react';
import type { FieldError } from '../../common/errors.ts';
import type { Catalog, KeyDetails } from '../../common/ipc/contract.ts';
import { useAccount, useApi, useKeys, useStores } from '../app/stores-context.tsx';
import { useNow } from '../app/use-now.ts';
import { defaultChoice, expiryOf, type ExpiryChoice } from '../keys/expiry-choice.ts';
import { sameScopes } from '../permissions/scope-edits.ts';
import { ExpiryField } from './ExpiryField.tsx';
import { FieldMessages } from './field-errors.tsx';
import { KeyDialogForm, scopesOfForm, showRefusal, useKeyFormState } from './KeyForm.tsx';
import { DialogFrame, FormDialogHeader } from './FormDialogParts.tsx';
import { graceTag } from '../keys/lifecycle-labels.ts';
import { exactTime } from '../keys/time-format.ts';
import { useDiscardGuard } from './DiscardGuard.tsx';

interface Props {
  readonly catalog: Catalog;
  readonly apiKeyId: string;
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function EditKeyDialog({ catalog, apiKeyId, onClose, onCloseAutoFocus }: Props) {
  const api = useApi();
  const account = useAccount((state) => state.current);
  const [details, setDetails] = useState<KeyDetails | null>(null);
  const [loadErrors, setLoadErrors] = useState<readonly FieldError[]>([]);

  useEffect(() => {
    void api.keys.get({ account, api_key_id: apiKeyId }).then((result) => {
      if (result.ok) setDetails(result.data);
      else setLoadErrors(result.errors);
    });
  }, [api, account, apiKeyId]);

  const guard = useDiscardGuard(onClose);
  return (
    <DialogFrame size="wide" described={false} onClose={guard.requestClose} onCloseAutoFocus={onCloseAutoFocus}>
      {details ? (
        guard.wrap(<EditForm catalog={catalog} details={details} onDone={onClose} />)
      ) : (
        <>
          <FormDialogHeader title="Edit API key" />
          <div className="dialog__body">
            {loadErrors.length ? <FieldMessages id="edit-load-error" errors={loadErrors} /> : <p className="muted">Loading…</p>}
          </div>
        </>
      )}
    </DialogFrame>
  );
}

function EditForm({ catalog, details, onDone }: { readonly catalog: Catalog; readonly details: KeyDetails; readonly onDone: () => void }) {
  const rename = useKeys((state) => state.rename);
  const replace = useKeys((state) => state.replace);
  const setExpiry = useKeys((state) => state.setExpiry);
  const policyDays = useAccount((state) => state.summary?.max_key_lifetime_days ?? null);
  const now = useNow(details);
  const graceEnds = useKeys((state) => state.grace.get(details.api_key_id));
  const [expiry, setExpiryChoice] = useState<ExpiryChoice>(() => defaultChoice(policyDays, true));
  const [expiresAt, setExpiresAt] = useState(details.expires_at);
  const toasts = useStores().toasts;
  const systemScopes = new Set(catalog.scopes.filter((info) => !info.assignable).map((info) => info.scope));
  // SendGrid's own scopes on the key stay whatever access type is chosen.
  const kept = details.scopes.filter((scope) => systemScopes.has(scope));
  const isBilling = details.access_type === 'billing';
  const form = useKeyFormState(catalog, {
    name: details.name,
    access: details.access_type,
    restricted: isBilling ? { scopes: kept, levels: {} } : { scopes: details.scopes, levels: details.levels },
    billing: isBilling ? { scopes: details.scopes, levels: details.levels } : { scopes: [...catalog.billing_scopes, ...kept], levels: { billing: 'full' } },
  });
  const { name, access, restricted, billing, busy, setBusy, setErrors } = form;

  async function submit() {
    if (busy) return;
    const scopes = scopesOfForm(catalog, access, restricted, billing, kept);
    const scopesChanged = !sameScopes(new Set(scopes), details.scopes);
    const newExpiry = expiryOf(expiry, Date.now());
    if (expiry.kind === 'date' && newExpiry === undefined) {
      return setErrors([{ field: 'expires_at', message: 'choose the date the key expires' }]);
    }
    const expiryChanged = newExpiry !== undefined && newExpiry !== expiresAt;
    if (!scopesChanged && name === details.name && !expiryChanged) return onDone();
    setBusy(true);
    if (expiryChanged) {
      const expired = await setExpiry(details.api_key_id, newExpiry);
      if (!expired.ok) {
        setBusy(false);
        return setErrors(expired.errors);
      }
      // Saved: if the rest is refused, trying again must not set it twice.
      setExpiresAt(expired.data.expires_at);
      setExpiryChoice({ kind: 'keep' });
      if (!scopesChanged && name === details.name) {
        setBusy(false);
        toasts.getState().show('success', `Saved “${details.name}”.`);
        return onDone();
      }
    }
    const result = scopesChanged
      ? await replace({ api_key_id: details.api_key_id, name, scopes })
      : await rename({ api_key_id: details.api_key_id, name });
    setBusy(false);
    if (result.ok) {
      toasts.getState().show('success', `Saved “${result.data.name}”.`);
      return onDone();
    }
    showRefusal(form, result.errors);
  }

  return (
    <KeyDialogForm
      catalog={catalog}
      form={form}
      header={
        <FormDialogHeader
          title="Edit API key"
          note={
            <>
              API Key ID <code>{details.api_key_id}</code>
              {details.last4 ? ' · the key itself was shown once, at creation, and is not stored' : ` · ${details.origin === 'pulled' ? 'pulled' : 'imported'}, its secret lives in SendGrid`}
              {graceEnds && (
                <>
                  {' · '}
                  <span className="tag tag--grace" title={exactTime(graceEnds)}>
                    {graceTag(graceEnds, now)}
                  </span>
                </>
              )}
            </>
          }
        />
      }
      expiry={<ExpiryField choice={expiry} onChoice={setExpiryChoice} policyDays={policyDays} current={expiresAt} now={now} errors={form.errors} />}
      label="Save"
      busyLabel="Saving…"
      expiryChanged={expiry.kind !== 'keep'}
      onSubmit={submit}
    />
  );
}
