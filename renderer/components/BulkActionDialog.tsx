/**
 * One action on many keys: a confirmation stating the count (and, to set an expiry, the expiry),
 * one call that changes all of them in one transaction or none. When it worked, the dialog closes
 * with one notice saying what was done. When some keys could not be changed (deleted meanwhile by
 * another client), nothing was: the result table names them and why, and offers the action again
 * on the others.
 */
import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useState, type FormEvent } from 'react';
import type { FieldError } from '../../common/errors.ts';
import type { KeyRecord } from '../../common/records.ts';
import { useAccount, useKeys, useStores } from '../app/stores-context.tsx';
import { useNow } from '../app/use-now.ts';
import { defaultChoice, expiryOf, type ExpiryChoice } from '../keys/expiry-choice.ts';
import { AlertCancelButton, AlertDialogFrame } from './ConfirmDialog.tsx';
import { ExpiryField } from './ExpiryField.tsx';
import { errorsOutside, FieldMessages } from './field-errors.tsx';
import { CheckIcon, WarningIcon } from './icons.tsx';
import type { BulkAction } from '../../common/lifecycle.ts';
import type { BulkOutcome } from '../../common/key-results.ts';

interface Props {
  readonly action: BulkAction;
  readonly keys: readonly KeyRecord[];
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

interface Words {
  /** "Disable 3 keys" */
  readonly verb: string;
  /** "Disabled" */
  readonly done: string;
  /** "already disabled" */
  readonly unchanged: string;
  readonly explain: string;
}

const WORDS: Readonly<Record<BulkAction, Words>> = {
  disable: {
    verb: 'Disable',
    done: 'Disabled',
    unchanged: 'already disabled',
    explain: 'Every call with these keys is rejected until they are enabled again. Nothing else about them changes.',
  },
  enable: {
    verb: 'Enable',
    done: 'Enabled',
    unchanged: 'already enabled',
    explain: 'These keys work again, unless they have expired.',
  },
  expire: {
    verb: 'Set the expiry of',
    done: 'Expiry set',
    unchanged: 'already set to this expiry',
    explain: 'After the expiry, every call with these keys is rejected.',
  },
  delete: {
    verb: 'Delete',
    done: 'Deleted',
    unchanged: 'already deleted',
    explain: 'Once you delete a key, it can no longer be used to access SendGrid’s services. This cannot be undone.',
  },
};

const count = (n: number) => `${n.toLocaleString()} key${n === 1 ? '' : 's'}`;

export function BulkActionDialog({ action, keys: initial, onClose, onCloseAutoFocus }: Props) {
  const bulk = useKeys((state) => state.bulk);
  const selection = useStores().selection;
  const toasts = useStores().toasts;
  const policyDays = useAccount((state) => state.summary?.max_key_lifetime_days ?? null);
  const now = useNow(initial);
  const [keys, setKeys] = useState(initial);
  const [choice, setChoice] = useState<ExpiryChoice>(() => defaultChoice(policyDays, false));
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const words = WORDS[action];
  const names = new Map(initial.map((key) => [key.api_key_id, key.name]));

  async function run(targets: readonly KeyRecord[]) {
    if (busy) return;
    const expiresAt = action === 'expire' ? expiryOf(choice, Date.now()) : undefined;
    if (action === 'expire' && expiresAt === undefined) return setErrors([{ field: 'expires_at', message: 'choose the date the keys expire' }]);
    setBusy(true);
    const result = await bulk({ action, api_key_ids: targets.map((key) => key.api_key_id), ...(action === 'expire' && { expires_at: expiresAt }) });
    setBusy(false);
    if (!result.ok) return setErrors(result.errors);
    setErrors([]);
    if (result.data.applied) {
      selection.getState().setMany(targets.map((key) => key.api_key_id), false);
      toasts.getState().show('success', summary(result.data, words));
      return onClose();
    }
    setKeys(targets);
    setOutcome(result.data);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(keys);
  }

  const failed = outcome?.results.filter((r) => !r.ok) ?? [];
  const others = keys.filter((key) => !failed.some((r) => r.api_key_id === key.api_key_id));

  return (
    <AlertDialogFrame size="medium" onClose={onClose} onCloseAutoFocus={onCloseAutoFocus}>
      {outcome === null ? (
        <form className="dialog__form" onSubmit={submit} noValidate>
          <div className="dialog__header">
            <AlertDialog.Title className="dialog__title">
              {words.verb} {count(keys.length)}
              {action === 'expire' ? '' : '?'}
            </AlertDialog.Title>
          </div>
          <div className="dialog__body">
            <AlertDialog.Description asChild>
              <div className={`callout ${action === 'delete' ? 'callout--danger' : 'callout--warning'}`}>
                <WarningIcon />
                <p>
                  {words.explain} All {count(keys.length)} change together, in one step, or none does.
                </p>
              </div>
            </AlertDialog.Description>
            <KeyNames keys={keys} />
            {action === 'expire' && <ExpiryField choice={choice} onChoice={setChoice} policyDays={policyDays} now={now} errors={errors} label="New expiry" />}
            <FieldMessages id="bulk-errors" errors={action === 'expire' ? errorsOutside(errors, ['expires_at']) : errors} />
          </div>
          <div className="dialog__footer">
            <AlertCancelButton />
            <button type="submit" className={`button ${action === 'delete' ? 'button--danger' : 'button--primary'}`} aria-disabled={busy}>
              {busy ? 'Working…' : `${words.verb} ${count(keys.length)}`}
            </button>
          </div>
        </form>
      ) : (
        <>
          <div className="dialog__header">
            <AlertDialog.Title className="dialog__title">Nothing was changed</AlertDialog.Title>
          </div>
          <div className="dialog__body">
            <AlertDialog.Description asChild>
              <p>{`${failed.length.toLocaleString()} of the ${count(keys.length)} could not be changed, so none was.`}</p>
            </AlertDialog.Description>
            <ResultTable outcome={outcome} names={names} words={words} />
            <FieldMessages id="bulk-errors" errors={errors} />
          </div>
          <div className="dialog__footer">
            {others.length > 0 && (
              <button type="button" className="button button--secondary" aria-disabled={busy} onClick={() => void run(others)}>
                {busy ? 'Working…' : `${words.verb} the other ${count(others.length)}`}
              </button>
            )}
            <AlertDialog.Action asChild>
              <button type="button" className="button button--primary">
                Close
              </button>
            </AlertDialog.Action>
          </div>
        </>
      )}
    </AlertDialogFrame>
  );
}

/** "2 keys disabled; 1 was already disabled." */
function summary(outcome: BulkOutcome, words: Words): string {
  const changed = outcome.results.filter((r) => r.changed).length;
  const same = outcome.results.length - changed;
  const head = `${words.done}: ${count(changed)}.`;
  return same === 0 ? head : `${head} ${count(same)} ${same === 1 ? 'was' : 'were'} ${words.unchanged}.`;
}

/** The first keys by name, and how many more: what the confirmation is about. */
export function KeyNames({ keys }: { readonly keys: readonly KeyRecord[] }) {
  const shown = keys.slice(0, 6);
  return (
    <ul className="key-names" aria-label="Keys">
      {shown.map((key) => (
        <li key={key.api_key_id}>
          <span className="key-name">{key.name}</span> <code className="key-id">{key.api_key_id}</code>
        </li>
      ))}
      {keys.length > shown.length && <li className="muted">and {count(keys.length - shown.length)} more</li>}
    </ul>
  );
}

/** What happened to each key: the failed first (with why), then the rest. */
function ResultTable({ outcome, names, words }: { readonly outcome: BulkOutcome; readonly names: ReadonlyMap<string, string>; readonly words: Words }) {
  const ordered = [...outcome.results].sort((a, b) => Number(a.ok) - Number(b.ok) || Number(b.changed) - Number(a.changed));
  return (
    <div className="result-table">
      <table>
        <caption className="visually-hidden">Result per key</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">API Key ID</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((result) => (
            <tr key={result.api_key_id} className={result.ok ? undefined : 'result-table__failed'}>
              <td>{names.get(result.api_key_id) ?? ''}</td>
              <td>
                <code className="key-id">{result.api_key_id}</code>
              </td>
              <td>
                {!result.ok ? (
                  <span className="result result--failed">
                    <WarningIcon />
                    Failed: {result.error?.message ?? 'could not be changed'}
                  </span>
                ) : result.changed ? (
                  <span className="result result--done">
                    <CheckIcon />
                    {words.done}
                  </span>
                ) : outcome.applied ? (
                  <span className="result">Unchanged: {words.unchanged}</span>
                ) : (
                  <span className="result">Not changed</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
