/**
 * The Reviews page: a periodic access review of the account's keys. Start one (the live keys are
 * snapshotted), decide on each from the keyboard, close it once every key has a decision, and
 * save the evidence report (HTML, PDF or CSV) for the auditor.
 */
import { useEffect, useState } from 'react';
import { DECISION_LABELS, REPORT_FORMATS, type ReportFormat, type ReviewDecision, type ReviewItem } from '../../../common/reviews.ts';
import { useReviews, useStores } from '../../app/stores-context.tsx';
import { plural } from '../../audit/labels.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FieldMessages } from '../../components/field-errors.tsx';
import { WarningIcon } from '../../components/icons.tsx';
import { Panel } from '../../components/Panel.tsx';
import { ScrollPage } from '../../components/ScrollPage.tsx';
import { formatDateTime } from '../../keys/labels.ts';
import { ReviewTable } from './ReviewTable.tsx';
import '../pages.css';
import './reviews.css';

const FORMAT_LABELS: Readonly<Record<ReportFormat, string>> = { html: 'Save report (HTML)', pdf: 'Save as PDF', csv: 'Save as CSV' };

interface Props {
  readonly inert: boolean;
  /** Opens the key in the permission editor (a Reduce); focus comes back to `opener`. */
  readonly onEditKey: (apiKeyId: string, opener: HTMLElement) => void;
  /** The page's own dialog (the delete confirmation) is open. */
  readonly onDialog: (open: boolean) => void;
}

export function ReviewsPage({ inert, onEditKey, onDialog }: Props) {
  const { reviews: store, toasts } = useStores();
  const status = useReviews((state) => state.status);
  const review = useReviews((state) => state.review);
  const history = useReviews((state) => state.reviews);
  const loadErrors = useReviews((state) => state.errors);
  const [undecidedOnly, setUndecidedOnly] = useState(false);
  const [errors, setErrors] = useState<readonly { field: string | null; message: string }[]>([]);
  const [deleting, setDeleting] = useState<{ item: ReviewItem; note: string | null; row: HTMLElement } | null>(null);
  useEffect(() => store.getState().watch(), [store]);
  useEffect(() => onDialog(deleting !== null), [deleting, onDialog]);

  const open = review !== null && review.closed_at === null;
  const shown = review ? review.items.filter((item) => !undecidedOnly || item.decision === null) : [];
  const undecided = review ? review.total - review.decided : 0;
  const notify = (outcome: { ok: boolean; errors?: readonly { field: string | null; message: string }[] }) => setErrors(outcome.ok ? [] : (outcome.errors ?? []));

  async function decide(item: ReviewItem, decision: ReviewDecision, note: string | null, row: HTMLElement) {
    if (decision === 'reduce') {
      store.getState().awaitReduce(item.key.api_key_id, note);
      toasts.getState().show('info', `Cut “${item.key.name}”'s access in the editor and save: the review then records Reduce.`);
      return onEditKey(item.key.api_key_id, row);
    }
    if (decision === 'delete') return setDeleting({ item, note, row });
    const outcome = await store.getState().decide(item.key.api_key_id, decision, note);
    notify(outcome);
    if (outcome.ok) toasts.getState().show('success', `${DECISION_LABELS[decision]}: “${item.key.name}”.`);
  }

  async function close() {
    const outcome = await store.getState().close();
    notify(outcome);
    if (outcome.ok) toasts.getState().show('success', `Review ${outcome.data.id} closed. Save its report for the auditor.`);
  }

  async function save(format: ReportFormat) {
    if (!review) return;
    const outcome = await store.getState().saveReport(review.id, format);
    notify(outcome);
    if (outcome.ok && outcome.data) toasts.getState().show('success', `Saved the report to ${outcome.data.path}.`);
  }

  async function start() {
    const outcome = await store.getState().start();
    notify(outcome);
  }

  return (
    <ScrollPage
      id="reviews"
      title="Access reviews"
      inert={inert}
      busy={status === 'loading'}
      meta={
        review
          ? `Review ${review.id} · started ${formatDateTime(review.started_at)} by ${review.started_by} · ${open ? 'open' : `closed ${formatDateTime(review.closed_at!)}`}`
          : 'Decide, key by key, whether each is still needed with its access; the decisions and the report are the evidence.'
      }
    >
      <FieldMessages id="reviews-load-errors" errors={loadErrors} />
      {!open && (
        <div className="review-actions">
          <button type="button" className="button button--primary" onClick={() => void start()}>
            Start a review
          </button>
          <span className="muted">Snapshots the account's live keys; every decision is an audit entry.</span>
        </div>
      )}
      <FieldMessages id="reviews-errors" errors={errors} />
      {review && (
        <section className="review" aria-labelledby="review-title">
          <div className="review__bar">
            <h2 id="review-title" className="review__title">
              Review {review.id}
            </h2>
            <label className="review__progress">
              <span>
                {review.decided} of {plural(review.total, 'key')} decided
              </span>
              <progress max={Math.max(review.total, 1)} value={review.total ? review.decided : 1} />
            </label>
            {open && (
              <>
                <button type="button" className="button button--secondary" aria-pressed={undecidedOnly} onClick={() => setUndecidedOnly(!undecidedOnly)}>
                  Only undecided ({undecided})
                </button>
                <button
                  type="button"
                  className="button button--primary"
                  aria-disabled={undecided > 0}
                  aria-describedby={undecided > 0 ? 'review-close-why' : undefined}
                  onClick={() => (undecided > 0 ? setErrors([{ field: null, message: `${plural(undecided, 'key')} still need a decision.` }]) : void close())}
                >
                  Close review
                </button>
                {undecided > 0 && (
                  <span id="review-close-why" className="visually-hidden">
                    The review closes once every key has a decision.
                  </span>
                )}
              </>
            )}
            {!open &&
              REPORT_FORMATS.map((format) => (
                <button key={format} type="button" className="button button--secondary" onClick={() => void save(format)}>
                  {FORMAT_LABELS[format]}
                </button>
              ))}
          </div>
          <p id="review-keys-help" className="muted review__help">
            {open
              ? 'Tab to the keys, then ↑ ↓ to move, K to keep, R to reduce (the permission editor opens), D to disable, Delete to delete, N to write a note first (it goes with the decision).'
              : 'This review is closed: its decisions are final.'}
          </p>
          {shown.length > 0 ? (
            <ReviewTable
              // A new filter starts again at the first row.
              key={undecidedOnly ? 'undecided' : 'all'}
              items={shown}
              startedAt={review.started_at}
              open={open}
              advance={!undecidedOnly}
              onDecide={(item, decision, note, row) => void decide(item, decision, note, row)}
            />
          ) : (
            <p className="muted">{review.total === 0 ? 'The account had no live keys when the review started.' : 'Every key has a decision.'}</p>
          )}
        </section>
      )}
      {history.length > 1 && (
        <Panel id="past-reviews" title="Earlier reviews">
          <ul className="review-history">
            {history
              .filter((r) => r.id !== review?.id)
              .map((r) => (
                <li key={r.id}>
                  <button type="button" className="button button--ghost" onClick={() => void store.getState().show(r.id)}>
                    Review {r.id}
                  </button>{' '}
                  <span className="muted">
                    started {formatDateTime(r.started_at)} · {r.closed_at ? `closed ${formatDateTime(r.closed_at)}` : 'open'} · {r.decided} of {r.total} decided
                  </span>
                </li>
              ))}
          </ul>
        </Panel>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.item.key.name}”?`}
          warning="Deleting is for good: every later use of the key fails. The review records Delete."
          icon={<WarningIcon />}
          tone="danger"
          confirmLabel="Delete key"
          busyLabel="Deleting…"
          errorId="review-delete-errors"
          onConfirm={async () => {
            const outcome = await store.getState().decide(deleting.item.key.api_key_id, 'delete', deleting.note);
            return outcome.ok ? { ok: true, data: outcome.data } : { ok: false, code: 'CONFLICT', errors: outcome.errors };
          }}
          onDone={() => toasts.getState().show('success', `Deleted “${deleting.item.key.name}”.`)}
          onClose={() => setDeleting(null)}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            document.querySelector<HTMLElement>('.review-row[tabindex="0"]')?.focus();
          }}
        >
          <p>
            API Key ID <code>{deleting.item.key.api_key_id}</code>
          </p>
        </ConfirmDialog>
      )}
    </ScrollPage>
  );
}
