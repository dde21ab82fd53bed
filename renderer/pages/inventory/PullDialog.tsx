/**
 * "Pull from SendGrid": paste a read-only key (masked), choose whether subusers come too, then
 * watch each account's keys being read, with Cancel; then what changed, account by account, and a
 * warning when the key holds more than a pull needs. The key goes to main with the start request
 * and the field is emptied at once: main uses it for this pull and stores it nowhere. Nothing is
 * written until every account has been read, so Cancel (or closing the dialog) leaves the store as it was.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useState, type FormEvent } from 'react';
import type { FieldError } from '../../../common/errors.ts';
import { SENDGRID_API_URL, type PullAccountProgress, type PullProgress, type PullResult } from '../../../common/pull.ts';
import { useAccount, usePull } from '../../app/stores-context.tsx';
import { plural } from '../../audit/labels.ts';
import { FormDialog, FormDialogFooter, FormDialogHeader } from '../../components/FormDialogParts.tsx';
import { errorsFor, errorsOutside } from '../../components/field-errors.tsx';
import { CheckIcon, WarningIcon } from '../../components/icons.tsx';
import { TextField } from '../../components/TextField.tsx';
import { KeyRefList } from './KeyRefList.tsx';

interface Props {
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

const FORM_FIELDS = ['api_key', 'base_url', 'subusers'];

export function PullDialog({ onClose, onCloseAutoFocus }: Props) {
  const status = usePull((state) => state.status);
  const progress = usePull((state) => state.progress);
  const result = usePull((state) => state.result);
  const errors = usePull((state) => state.errors);
  const start = usePull((state) => state.start);
  const cancel = usePull((state) => state.cancel);
  const current = useAccount((state) => state.current);
  const isSubuser = useAccount((state) => state.accounts.find((a) => a.name === state.current)?.parent_id != null);
  const [apiKey, setApiKey] = useState('');
  const [subusers, setSubusers] = useState(!isSubuser);
  const [baseUrl, setBaseUrl] = useState(SENDGRID_API_URL);
  const [missingKey, setMissingKey] = useState(false);
  const running = status === 'running';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (running) return;
    if (apiKey.trim() === '') return setMissingKey(true);
    setMissingKey(false);
    // The key leaves this component with the request; the field does not keep it.
    const key = apiKey;
    setApiKey('');
    void start({ apiKey: key, subusers: subusers && !isSubuser, baseUrl });
  }

  function close() {
    // Closing while it runs cancels it: nothing has been written yet.
    if (running) void cancel();
    onClose();
  }

  const shownErrors: readonly FieldError[] = missingKey ? [{ field: 'api_key', message: 'Paste the SendGrid API key to pull with' }] : errors;
  const view = status === 'done' && result ? 'summary' : running ? 'progress' : 'form';

  return (
    <FormDialog size="medium" onClose={close} onCloseAutoFocus={onCloseAutoFocus} onSubmit={submit}>
      <FormDialogHeader
        title="Pull from SendGrid"
        description={
          <>
            Reads a live SendGrid account&apos;s keys, with their scopes, into “{current}” for offline audit. The key is used for this pull only and is
            never saved.
          </>
        }
      />
      <div className="dialog__body">
        {view === 'form' && (
          <PullForm
            {...{ apiKey, setApiKey, subusers, setSubusers, baseUrl, setBaseUrl, isSubuser }}
            errors={shownErrors}
            cancelled={status === 'cancelled'}
          />
        )}
        {view === 'progress' && <PullProgressView progress={progress} />}
        {view === 'summary' && result && <PullSummary result={result} />}
      </div>
      {view === 'form' ? (
        <FormDialogFooter label="Pull" busyLabel="Pulling…" busy={false} />
      ) : (
        <div className="dialog__footer">
          {view === 'progress' ? (
            <button type="button" className="button button--secondary" onClick={() => void cancel()}>
              Cancel pull
            </button>
          ) : (
            <Dialog.Close asChild>
              <button type="button" className="button button--primary">
                Done
              </button>
            </Dialog.Close>
          )}
        </div>
      )}
    </FormDialog>
  );
}

interface FormProps {
  readonly apiKey: string;
  readonly setApiKey: (key: string) => void;
  readonly subusers: boolean;
  readonly setSubusers: (on: boolean) => void;
  readonly baseUrl: string;
  readonly setBaseUrl: (url: string) => void;
  readonly isSubuser: boolean;
  readonly errors: readonly FieldError[];
  readonly cancelled: boolean;
}

function PullForm({ apiKey, setApiKey, subusers, setSubusers, baseUrl, setBaseUrl, isSubuser, errors, cancelled }: FormProps) {
  const urlErrors = errorsFor(errors, 'base_url');
  const other = errorsOutside(errors, FORM_FIELDS).concat(errorsFor(errors, 'subusers'));
  return (
    <>
      {cancelled && (
        <div className="callout" role="status">
          <p>The pull was cancelled: nothing was written.</p>
        </div>
      )}
      {other.length > 0 && (
        <div className="callout callout--danger" role="alert" id="pull-errors">
          <WarningIcon />
          <div>
            <p>
              <strong>The pull stopped.</strong>
            </p>
            <ul className="file-errors">
              {other.map((error, index) => (
                <li key={index}>{error.message}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      <TextField
        id="pull-key"
        label="SendGrid API key"
        type="password"
        required
        value={apiKey}
        onChange={setApiKey}
        errors={errorsFor(errors, 'api_key')}
        hint={`Make a key in SendGrid (Settings → API Keys → Restricted Access) with API Keys: Read Access${subusers && !isSubuser ? ' and Subusers: Read Access' : ''}, and nothing more.`}
      />
      <label className="check-field">
        <input type="checkbox" className="checkbox" checked={subusers && !isSubuser} disabled={isSubuser} onChange={(event) => setSubusers(event.target.checked)} />
        Include subusers, each into a subuser account named by its username
      </label>
      {isSubuser && <p className="field__hint">This account is a subuser: subusers have none of their own.</p>}
      <details className="pull-advanced" open={urlErrors.length > 0 || baseUrl !== SENDGRID_API_URL}>
        <summary>API address</summary>
        <TextField
          id="pull-url"
          label="SendGrid API address"
          value={baseUrl}
          onChange={setBaseUrl}
          errors={urlErrors}
          hint="EU regional subusers: https://api.eu.sendgrid.com. Plain http is allowed only to this computer."
        />
      </details>
    </>
  );
}

const STATE_TEXT: Readonly<Record<PullAccountProgress['state'], string>> = {
  waiting: 'Waiting',
  listing: 'Listing keys…',
  reading: 'Reading keys',
  read: 'Read',
};

const PHASE_TEXT = { checking: "Checking the key's scopes…", reading: 'Reading keys, account by account…', writing: 'Writing what was read…' } as const;

function PullProgressView({ progress }: { readonly progress: PullProgress | null }) {
  return (
    <>
      <p role="status" className="pull-phase">
        {PHASE_TEXT[progress?.phase ?? 'checking']}
      </p>
      {progress?.excess_scopes && progress.excess_scopes.length > 0 && <ExcessWarning scopes={progress.excess_scopes} />}
      {progress && progress.accounts.length > 0 && (
        <ul className="pull-accounts" aria-label="Accounts">
          {progress.accounts.map((account, index) => (
            <li key={account.account} className="pull-accounts__row">
              <label htmlFor={`pull-account-${index}`} className="pull-accounts__name">
                {account.account}
              </label>
              <progress
                id={`pull-account-${index}`}
                className="progress__bar"
                max={account.total === null ? undefined : Math.max(account.total, 1)}
                value={account.total === null ? undefined : account.total === 0 ? 1 : account.done}
              />
              <span className="progress__text">
                {account.total === null ? STATE_TEXT[account.state] : `${account.done.toLocaleString()} of ${plural(account.total, 'key')}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="field__hint">Nothing is written until every account has been read: cancelling leaves this store as it was.</p>
    </>
  );
}

function ExcessWarning({ scopes }: { readonly scopes: readonly string[] }) {
  const shown = scopes.slice(0, 6).join(', ');
  const more = scopes.length > 6 ? ` and ${scopes.length - 6} more` : '';
  return (
    <div className="callout callout--warning" id="pull-excess">
      <WarningIcon />
      <p>
        This key holds {plural(scopes.length, 'scope')} a pull does not need ({shown}
        {more}). Least privilege is part of an audit: use a key with API Keys: Read Access (and Subusers: Read Access) only.
      </p>
    </div>
  );
}

function PullSummary({ result }: { readonly result: PullResult }) {
  const changed = result.accounts.flatMap((a) => a.changed);
  const removed = result.accounts.flatMap((a) => a.removed);
  return (
    <>
      <div className="result" role="status">
        <CheckIcon />
        <div>
          <p>
            Pulled {plural(result.accounts.length, 'account')} from <code className="path">{result.base_url}</code>
          </p>
          <p className="result__detail">
            {plural(result.requests, 'request')}, {plural(result.retries, 'retry', 'retries')}
            {result.key_id ? ` · read with key ${result.key_id}` : ''}
          </p>
        </div>
      </div>
      {result.excess_scopes.length > 0 && <ExcessWarning scopes={result.excess_scopes} />}
      <table className="log-table pull-summary">
        <caption className="visually-hidden">What the pull changed, by account</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Added</th>
            <th scope="col">Changed</th>
            <th scope="col">Removed</th>
            <th scope="col">Unchanged</th>
          </tr>
        </thead>
        <tbody>
          {result.accounts.map((a) => (
            <tr key={a.account}>
              <th scope="row">
                {a.account}
                {a.subuser !== null && <span className="tag">{a.gone_from_sendgrid ? 'No longer a subuser' : a.created ? 'New subuser' : 'Subuser'}</span>}
              </th>
              <td>{a.added.length}</td>
              <td>{a.changed.length}</td>
              <td>{a.removed.length}</td>
              <td>{a.unchanged}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <KeyRefList title="Changed in SendGrid" keys={changed} why="Renamed, or their scopes changed, since the last pull; each change is in the activity log." />
      <KeyRefList title="Removed from SendGrid" keys={removed} why="Gone since the last pull: kept here as removed, not dropped." />
      <p className="result__detail">Pulled keys are in the key list, marked From SendGrid. They have no secret here: they are audited, listed, diffed and exported, never verified.</p>
    </>
  );
}
