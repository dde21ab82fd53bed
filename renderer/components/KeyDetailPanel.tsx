/**
 * A key's detail panel: a side sheet over the list, opened by a row click or Enter. Sections, in
 * the order an administrator asks: what the key can do (access per category, its scopes named),
 * its state (status, expiry, last use and by whom), its secrets by short ID with grace ends, its
 * own audit history, and every action. It follows the store: a change made here, or by the CLI,
 * shows at once. Focus goes back to the key's row when it closes.
 */
import { AnnotationForm } from './AnnotationForm.tsx';
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Category } from '../../common/catalog.ts';
import type { AuditEntryView } from '../../common/ipc/contract.ts';
import type { SecretInfo } from '../../common/key-results.ts';
import { levelsOfScopes } from '../../common/permissions.ts';
import type { KeyRecord } from '../../common/records.ts';
import { useAccount, useApi, useCatalog, useKeys } from '../app/stores-context.tsx';
import { useNow } from '../app/use-now.ts';
import { actionLabel, actorLabel } from '../audit/labels.ts';
import { ACCESS_LABEL, LEVEL_LABEL, ORIGIN_TAG } from '../keys/labels.ts';
import { expiryView, STATUS_LABEL } from '../keys/lifecycle-labels.ts';
import { exactTime } from '../keys/time-format.ts';
import { scopesInCategory } from '../permissions/scope-edits.ts';
import { DialogCloseButton } from './FormDialogParts.tsx';
import { ClockIcon, PauseIcon, PencilIcon, PlayIcon, RefreshIcon, TrashIcon } from './icons.tsx';
import { rollRefusal, type KeyAction } from './KeyActionsMenu.tsx';
import { Time } from './Time.tsx';

interface Props {
  readonly apiKeyId: string;
  readonly onAction: (action: KeyAction, key: KeyRecord) => void;
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function KeyDetailPanel({ apiKeyId, onAction, onClose, onCloseAutoFocus }: Props) {
  const key = useKeys((state) => state.keys.find((k) => k.api_key_id === apiKeyId) ?? null);
  const loaded = useKeys((state) => state.status === 'ready');
  // Deleted here or elsewhere: nothing is left to show.
  useEffect(() => {
    if (loaded && key === null) onClose();
  }, [loaded, key, onClose]);

  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <div className="dialog-backdrop sheet-backdrop" />
        <Dialog.Content className="sheet" onCloseAutoFocus={onCloseAutoFocus} aria-describedby="key-detail-id">
          {key && <KeyDetails apiKey={key} onAction={onAction} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function KeyDetails({ apiKey: key, onAction }: { readonly apiKey: KeyRecord; readonly onAction: Props['onAction'] }) {
  const api = useApi();
  const account = useAccount((state) => state.current);
  const graceEnds = useKeys((state) => state.grace.get(key.api_key_id));
  const annotations = useKeys((state) => state.annotations);
  const now = useNow(key);
  const expiry = expiryView(key, new Date(now));
  const [secrets, setSecrets] = useState<readonly SecretInfo[] | null>(null);
  const [history, setHistory] = useState<readonly AuditEntryView[] | null>(null);

  // Both follow the key: any change to it (updated_at moves) reloads what it changed. An owner,
  // purpose or tag change leaves updated_at alone but is in the history: it counts too.
  useEffect(() => {
    let live = true;
    const target = { account, api_key_id: key.api_key_id };
    void api.keys.secrets(target).then((result) => live && setSecrets(result.ok ? result.data : []));
    void api.audit.list({ account, key_id: key.api_key_id }).then((result) => live && setHistory(result.ok ? [...result.data].sort((a, b) => b.seq - a.seq) : []));
    return () => {
      live = false;
    };
  }, [api, account, key.api_key_id, key.updated_at, key.last_used_at, graceEnds, annotations]);

  return (
    <>
      <div className="sheet__header">
        <div className="sheet__heading">
          <Dialog.Title className="sheet__title">{key.name}</Dialog.Title>
          <p className="sheet__subtitle" id="key-detail-id">
            API Key ID <code className="key-id">{key.api_key_id}</code>
          </p>
          <p className="sheet__tags">
            <span className={`status status--${expiry.status}`}>{STATUS_LABEL[expiry.status]}</span>
            <span className={`badge badge--${key.access_type}`}>{ACCESS_LABEL[key.access_type]}</span>
            {ORIGIN_TAG[key.origin] && <span className="tag">{ORIGIN_TAG[key.origin]}</span>}
          </p>
        </div>
        <DialogCloseButton />
      </div>
      <DetailActions apiKey={key} status={expiry.status} onAction={onAction} />
      {/* Focusable, so its scrolling works from the keyboard too. */}
      <div className="sheet__body" tabIndex={0} role="group" aria-label="Details">
        <Section id="detail-state" title="Status">
          <dl className="facts">
            <dt>Status</dt>
            <dd>{STATUS_LABEL[expiry.status]}</dd>
            <dt>Expiry</dt>
            <dd>{key.expires_at ? <span title={exactTime(key.expires_at)}>{expiry.text}</span> : 'never expires'}</dd>
            <dt>Last used</dt>
            <dd>
              {key.last_used_at ? (
                <>
                  <Time iso={key.last_used_at} now={now} />
                  {key.last_used_by && <> by {key.last_used_by}</>}
                </>
              ) : key.origin !== 'issued' ? (
                'not known here: it is used in SendGrid'
              ) : (
                'never'
              )}
            </dd>
            <dt>Created</dt>
            <dd>
              <Time iso={key.created_at} now={now} />
            </dd>
            {key.disabled_at && (
              <>
                <dt>Disabled</dt>
                <dd>
                  <Time iso={key.disabled_at} now={now} />
                </dd>
              </>
            )}
          </dl>
        </Section>
        <Section id="detail-owner" title="Owner and purpose">
          <AnnotationForm apiKey={key} />
        </Section>
        <Section id="detail-access" title="Access">
          <AccessList apiKey={key} />
        </Section>
        <Section id="detail-secrets" title="Secrets">
          <SecretList apiKey={key} secrets={secrets} now={now} />
        </Section>
        <Section id="detail-history" title="History">
          <HistoryList entries={history} now={now} />
        </Section>
      </div>
    </>
  );
}

function Section({ id, title, children }: { readonly id: string; readonly title: string; readonly children: ReactNode }) {
  return (
    <section className="sheet__section" aria-labelledby={id}>
      <h3 id={id} className="sheet__section-title">
        {title}
      </h3>
      {children}
    </section>
  );
}

/** Every action on the key, as in its row's menu; Roll says why when it cannot work. */
function DetailActions({ apiKey: key, status, onAction }: { readonly apiKey: KeyRecord; readonly status: ReturnType<typeof expiryView>['status']; readonly onAction: Props['onAction'] }) {
  const cannotRoll = rollRefusal(key, status);
  const disabled = key.disabled_at !== null;
  return (
    <div className="sheet__actions" role="group" aria-label="Actions">
      <button type="button" className="button button--secondary button--small" onClick={() => onAction('edit', key)}>
        <PencilIcon />
        Edit
      </button>
      {disabled ? (
        <button type="button" className="button button--secondary button--small" onClick={() => onAction('enable', key)}>
          <PlayIcon />
          Enable
        </button>
      ) : (
        <button type="button" className="button button--secondary button--small" onClick={() => onAction('disable', key)}>
          <PauseIcon />
          Disable
        </button>
      )}
      <button type="button" className="button button--secondary button--small" onClick={() => onAction('expire', key)}>
        <ClockIcon />
        Set expiry
      </button>
      <button
        type="button"
        className="button button--secondary button--small"
        aria-disabled={cannotRoll !== null}
        title={cannotRoll ?? undefined}
        onClick={() => cannotRoll === null && onAction('roll', key)}
      >
        <RefreshIcon />
        Roll
      </button>
      <button type="button" className="button button--danger-ghost button--small" onClick={() => onAction('delete', key)}>
        <TrashIcon />
        Delete
      </button>
    </div>
  );
}

/** Each category the key holds, at its level, with the scopes it holds there named. */
function AccessList({ apiKey: key }: { readonly apiKey: KeyRecord }) {
  const catalog = useCatalog((state) => state.catalog);
  const held = useMemo(() => {
    if (!catalog) return [];
    const levels = levelsOfScopes(key.scopes);
    return catalog.categories
      .map((category: Category) => ({ category, level: levels[category.id] ?? 'none', scopes: scopesInCategory(key.scopes, category) }))
      .filter((row) => row.level !== 'none');
  }, [catalog, key.scopes]);
  if (key.scopes.length === 0) return <p className="muted">No scopes recorded (SendGrid's key list omits them).</p>;
  return (
    <>
      {key.access_type === 'full' && <p className="muted small">Every permission except Billing and Email Address Validation.</p>}
      <ul className="access-list">
        {held.map(({ category, level, scopes }) => (
          <li key={category.id} className="access-list__row">
            <span className="access-list__name">{category.name}</span>
            <span className={`level level--${level}`}>{LEVEL_LABEL[level]}</span>
            <code className="access-list__scopes">{scopes.join(', ')}</code>
          </li>
        ))}
      </ul>
    </>
  );
}

const SECRET_STATE: Readonly<Record<SecretInfo['state'], string>> = { current: 'Current', in_grace: 'Old, still working', retired: 'Retired' };

function SecretList({ apiKey: key, secrets, now }: { readonly apiKey: KeyRecord; readonly secrets: readonly SecretInfo[] | null; readonly now: number }) {
  if (key.origin !== 'issued') return <p className="muted">Its secret lives in SendGrid: Keydesk holds none for it.</p>;
  if (secrets === null) return <p className="muted">Loading…</p>;
  return (
    <ul className="secret-list">
      {secrets.map((secret) => (
        <li key={secret.secret_id} className="secret-list__row">
          <code className="key-id">{secret.secret_id}</code>
          <span className={`tag${secret.state === 'in_grace' ? ' tag--grace' : ''}`}>{SECRET_STATE[secret.state]}</span>
          {secret.retires_at && (
            <span className="muted">
              {secret.state === 'in_grace' ? 'stops ' : 'stopped '}
              <Time iso={secret.retires_at} now={now} />
            </span>
          )}
          {secret.state === 'current' && key.last4 && <span className="muted">ends in …{key.last4}</span>}
        </li>
      ))}
    </ul>
  );
}

/** The key's own audit entries, newest first: what the Activity log and `keydesk log --key` show for it. */
function HistoryList({ entries, now }: { readonly entries: readonly AuditEntryView[] | null; readonly now: number }) {
  if (entries === null) return <p className="muted">Loading…</p>;
  if (entries.length === 0) return <p className="muted">No entries.</p>;
  return (
    <ol className="history" aria-label="Audit entries for this key, newest first">
      {entries.map((entry) => (
        <li key={entry.seq} className="history__entry" data-seq={entry.seq}>
          <span className="history__action">{actionLabel(entry.action)}</span>
          <span className="history__meta">
            <Time iso={entry.at} now={now} /> · {actorLabel(entry.actor)} via {entry.via} · row {entry.seq}
          </span>
          {entry.summary && <span className="history__summary">{entry.summary}</span>}
        </li>
      ))}
    </ol>
  );
}
