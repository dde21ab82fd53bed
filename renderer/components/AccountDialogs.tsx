/**
 * The account dialogs the switcher opens: a new account (optionally a subuser of another), a
 * rename, a delete that states how many keys would go with the account (refused while it has keys
 * unless the user ticks that they go too), and the maximum key lifetime policy.
 */
import * as RadioGroup from '@radix-ui/react-radio-group';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { FieldError } from '../../common/errors.ts';
import { MAX_POLICY_DAYS } from '../../common/lifecycle.ts';
import { useAccount, useStores } from '../app/stores-context.tsx';
import type { AccountAction } from './AccountSwitcher.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { FormDialog, FormDialogFooter, FormDialogHeader } from './FormDialogParts.tsx';
import { errorsFor, errorsOutside, FieldMessages } from './field-errors.tsx';
import { WarningIcon } from './icons.tsx';
import type { PolicyChange } from '../../common/accounts.ts';

interface DialogProps {
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function AccountDialog({ action, ...props }: DialogProps & { readonly action: AccountAction }) {
  switch (action) {
    case 'create':
      return <NewAccountDialog {...props} />;
    case 'rename':
      return <RenameAccountDialog {...props} />;
    case 'delete':
      return <DeleteAccountDialog {...props} />;
    case 'policy':
      return <PolicyDialog {...props} />;
  }
}

const keysText = (n: number) => `${n} key${n === 1 ? '' : 's'}`;

/** The frame the form dialogs share: title, close button, body, Cancel and the submit button. */
function AccountFormDialog({
  title,
  description,
  submit,
  busy,
  cancel = true,
  onSubmit,
  onClose,
  onCloseAutoFocus,
  children,
}: DialogProps & {
  readonly title: string;
  readonly description?: string;
  readonly submit: string;
  readonly busy: boolean;
  /** Whether to offer Cancel beside the submit button. */
  readonly cancel?: boolean;
  readonly onSubmit: () => void;
  readonly children: ReactNode;
}) {
  function handle(event: FormEvent) {
    event.preventDefault();
    if (!busy) onSubmit();
  }
  return (
    <FormDialog size="narrow" onClose={onClose} onCloseAutoFocus={onCloseAutoFocus} onSubmit={handle} described={Boolean(description)}>
      <FormDialogHeader title={title} description={description} />
      <div className="dialog__body">{children}</div>
      <FormDialogFooter label={submit} busyLabel="Saving…" busy={busy} cancel={cancel} />
    </FormDialog>
  );
}

function NameField({ value, onChange, errors }: { readonly value: string; readonly onChange: (name: string) => void; readonly errors: readonly FieldError[] }) {
  const nameErrors = errorsFor(errors, 'name');
  return (
    <div className="field">
      <label htmlFor="account-name" className="field__label">
        Account name
      </label>
      <input
        id="account-name"
        className="text-input"
        value={value}
        autoFocus
        autoComplete="off"
        spellCheck={false}
        aria-required="true"
        aria-invalid={nameErrors.length > 0}
        aria-describedby={nameErrors.length > 0 ? 'account-name-error' : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldMessages id="account-name-error" errors={nameErrors} />
    </div>
  );
}

function NewAccountDialog(props: DialogProps) {
  const accounts = useAccount((state) => state.accounts);
  const create = useAccount((state) => state.create);
  const switchTo = useAccount((state) => state.switchTo);
  const toasts = useStores().toasts;
  const [name, setName] = useState('');
  const [parent, setParent] = useState('');
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  // SendGrid subusers have no subusers of their own.
  const parents = accounts.filter((account) => account.parent_id === null);
  const parentErrors = errorsFor(errors, 'parent');

  async function submit() {
    setBusy(true);
    const result = await create({ name, parent: parent === '' ? null : parent });
    setBusy(false);
    if (!result.ok) return setErrors(result.errors);
    await switchTo(result.data.name);
    toasts.getState().show('success', `Created account “${result.data.name}”${result.data.parent_name ? `, a subuser of “${result.data.parent_name}”` : ''}.`);
    props.onClose();
  }

  return (
    <AccountFormDialog
      {...props}
      title="New account"
      description="Each account has its own keys, its own limit of 100 keys and its own lifetime policy."
      submit="Create account"
      busy={busy}
      onSubmit={() => void submit()}
    >
      <FieldMessages id="account-errors" errors={errorsOutside(errors, ['name', 'parent'])} />
      <NameField value={name} onChange={setName} errors={errors} />
      <div className="field">
        <label htmlFor="account-parent" className="field__label">
          Subuser of
        </label>
        <select
          id="account-parent"
          className="text-input select"
          value={parent}
          aria-invalid={parentErrors.length > 0}
          aria-describedby={parentErrors.length > 0 ? 'account-parent-error' : 'account-parent-hint'}
          onChange={(event) => setParent(event.target.value)}
        >
          <option value="">None: a separate account</option>
          {parents.map((account) => (
            <option key={account.id} value={account.name}>
              {account.name}
            </option>
          ))}
        </select>
        <p className="field__hint" id="account-parent-hint">
          A subuser is listed under its parent account.
        </p>
        <FieldMessages id="account-parent-error" errors={parentErrors} />
      </div>
    </AccountFormDialog>
  );
}

function RenameAccountDialog(props: DialogProps) {
  const current = useAccount((state) => state.current);
  const rename = useAccount((state) => state.rename);
  const toasts = useStores().toasts;
  const [name, setName] = useState(current);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setBusy(true);
    const result = await rename(name);
    setBusy(false);
    if (!result.ok) return setErrors(result.errors);
    toasts.getState().show('success', `Renamed account “${current}” to “${result.data.name}”.`);
    props.onClose();
  }

  return (
    <AccountFormDialog {...props} title={`Rename “${current}”`} submit="Rename" busy={busy} onSubmit={() => void submit()}>
      <FieldMessages id="account-errors" errors={errorsOutside(errors, ['name'])} />
      <NameField value={name} onChange={setName} errors={errors} />
    </AccountFormDialog>
  );
}

function DeleteAccountDialog({ onClose, onCloseAutoFocus }: DialogProps) {
  const summary = useAccount((state) => state.summary);
  const remove = useAccount((state) => state.remove);
  const toasts = useStores().toasts;
  const [force, setForce] = useState(false);
  if (!summary) return null;
  const keys = summary.keys;
  const imported = summary.keys - summary.issued_keys;
  const them = keys === 1 ? 'it' : 'them';

  return (
    <ConfirmDialog
      title={<>Delete account “<bdi>{summary.name}</bdi>”?</>}
      tone="danger"
      icon={<WarningIcon />}
      warning={
        keys === 0
          ? 'The account has no keys. Its history stays in the audit log.'
          : `The account still has ${keysText(keys)}${imported > 0 ? ` (${imported} imported)` : ''}. Deleting it deletes ${them} too: every call with ${them} is rejected from then on. This cannot be undone.`
      }
      confirmLabel={keys > 0 ? `Delete account and ${keysText(keys)}` : 'Delete account'}
      busyLabel="Deleting…"
      blocked={keys > 0 && !force}
      errorId="account-delete-error"
      onConfirm={() => remove(keys > 0)}
      onDone={({ deleted_keys }) =>
        toasts.getState().show('success', `Deleted account “${summary.name}”${deleted_keys.length ? ` and its ${keysText(deleted_keys.length)}` : ''}.`)
      }
      onClose={onClose}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {keys > 0 && (
        <label className="check-option">
          <input type="checkbox" className="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
          Also delete its {keysText(keys)}
        </label>
      )}
    </ConfirmDialog>
  );
}

const POLICY_PRESETS = [30, 90, 365] as const;

function PolicyDialog(props: DialogProps) {
  const summary = useAccount((state) => state.summary);
  const setPolicy = useAccount((state) => state.setPolicy);
  const toasts = useStores().toasts;
  const currentDays = summary?.max_key_lifetime_days ?? null;
  const [mode, setMode] = useState<'off' | 'on'>(currentDays === null ? 'off' : 'on');
  const [days, setDays] = useState(String(currentDays ?? 90));
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [change, setChange] = useState<PolicyChange | null>(null);
  const dayErrors = errorsFor(errors, 'max_key_lifetime_days');

  async function submit() {
    const value = mode === 'off' ? null : Number(days);
    if (value !== null && (!Number.isInteger(value) || value < 1 || value > MAX_POLICY_DAYS)) {
      return setErrors([{ field: 'max_key_lifetime_days', message: `the maximum key lifetime must be a whole number of days from 1 to ${MAX_POLICY_DAYS}` }]);
    }
    setBusy(true);
    const result = await setPolicy(value);
    setBusy(false);
    if (!result.ok) return setErrors(result.errors);
    toasts.getState().show('success', value === null ? `“${result.data.account.name}” has no maximum key lifetime.` : `Keys in “${result.data.account.name}” must now expire within ${value} days.`);
    if (result.data.keys_beyond_policy.length === 0) return props.onClose();
    setErrors([]);
    setChange(result.data);
  }

  if (change) {
    const n = change.keys_beyond_policy.length;
    return (
      <AccountFormDialog {...props} title="Policy saved" submit="Done" busy={false} cancel={false} onSubmit={props.onClose}>
        <div className="callout callout--warning" role="note">
          <WarningIcon />
          <p>
            {keysText(n)} {n === 1 ? 'does' : 'do'} not meet it yet (no expiry, or a later one). The policy applies to expiries set from now
            on, so {n === 1 ? 'it keeps its' : 'they keep theirs'} until someone changes {n === 1 ? 'it' : 'them'}: select them in the list
            and use Set expiry.
          </p>
        </div>
      </AccountFormDialog>
    );
  }

  return (
    <AccountFormDialog
      {...props}
      title={`Key lifetime policy of “${summary?.name ?? ''}”`}
      description="A maximum lifetime makes every new key, and every expiry set from now on, end within that many days."
      submit="Save policy"
      busy={busy}
      onSubmit={() => void submit()}
    >
      <FieldMessages id="policy-errors" errors={errorsOutside(errors, ['max_key_lifetime_days'])} />
      <fieldset className="field">
        <legend className="field__label" id="policy-label">
          Maximum lifetime
        </legend>
        <RadioGroup.Root className="grace-options" aria-labelledby="policy-label" value={mode} onValueChange={(value) => setMode(value as 'off' | 'on')}>
          {(
            [
              ['off', 'No maximum', 'Keys may live without expiry.'],
              ['on', 'A maximum', 'Keys must expire within the days below.'],
            ] as const
          ).map(([value, title, hint]) => (
            <RadioGroup.Item key={value} value={value} className="access-option" aria-labelledby={`policy-${value}-title`} aria-describedby={`policy-${value}-hint`}>
              <span className="access-option__dot" aria-hidden="true" />
              <span className="access-option__text">
                <span className="access-option__title" id={`policy-${value}-title`}>
                  {title}
                </span>
                <span className="access-option__hint" id={`policy-${value}-hint`}>
                  {hint}
                </span>
              </span>
            </RadioGroup.Item>
          ))}
        </RadioGroup.Root>
      </fieldset>
      {mode === 'on' && (
        <div className="field">
          <label htmlFor="policy-days" className="field__label">
            Days
          </label>
          <div className="inline-field">
            <input
              id="policy-days"
              className="text-input text-input--short"
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_POLICY_DAYS}
              value={days}
              aria-invalid={dayErrors.length > 0}
              aria-describedby={dayErrors.length > 0 ? 'policy-days-error' : undefined}
              onChange={(event) => setDays(event.target.value)}
            />
            {POLICY_PRESETS.map((preset) => (
              <button key={preset} type="button" className="button button--ghost button--small" aria-pressed={days === String(preset)} onClick={() => setDays(String(preset))}>
                {preset} days
              </button>
            ))}
          </div>
          <FieldMessages id="policy-days-error" errors={dayErrors} />
        </div>
      )}
    </AccountFormDialog>
  );
}
