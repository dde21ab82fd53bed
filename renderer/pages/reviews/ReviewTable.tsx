/**
 * A review's keys, one row each with what a reviewer weighs (access, last use, owner, purpose,
 * age, findings) and the decision. Keyboard first: the rows are one tab stop; ↑ ↓ Home End move
 * between them, K keeps, R reduces (the permission editor opens), D disables, Delete asks to
 * delete, N goes to the row's note (Shift+Tab back). The note typed in a row goes with its decision.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { DECISION_LABELS, OWNERSHIP_RULE_TITLES, type ReviewDecision, type ReviewItem } from '../../../common/reviews.ts';
import { ACCESS_SHORT, formatDate } from '../../keys/labels.ts';
// The Activity log's table styles: the same frame, header and cells.
import '../pages.css';

const DAY_MS = 86_400_000;

interface Props {
  readonly items: readonly ReviewItem[];
  readonly startedAt: string;
  /** False once the review closed: the table only shows. */
  readonly open: boolean;
  readonly onDecide: (item: ReviewItem, decision: ReviewDecision, note: string | null, row: HTMLElement) => void;
  /**
   * Whether focus moves on to the next row after a Keep or Disable. Not when only undecided keys
   * are shown: the decided row leaves, and the next one takes its place under focus.
   */
  readonly advance: boolean;
}

const SHORTCUTS: Readonly<Record<string, ReviewDecision>> = { k: 'keep', r: 'reduce', d: 'disable', Delete: 'delete' };

export function ReviewTable({ items, startedAt, open, onDecide, advance }: Props) {
  const [active, setActive] = useState(0);
  const [notes, setNotes] = useState<Readonly<Record<string, string>>>({});
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const current = Math.min(active, Math.max(items.length - 1, 0));
  // When the row list changes under focus (a decided row left the undecided filter), focus stays on the same place.
  const focused = useRef(false);
  useEffect(() => {
    if (focused.current) rows.current[current]?.focus();
  }, [items, current]);

  const noteOf = (item: ReviewItem) => (notes[item.key.api_key_id] ?? '').trim() || null;
  const move = (to: number) => {
    const next = Math.max(0, Math.min(items.length - 1, to));
    setActive(next);
    rows.current[next]?.focus();
  };

  function onKeyDown(event: KeyboardEvent<HTMLTableRowElement>, index: number, item: ReviewItem) {
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    const moves: Readonly<Record<string, number>> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      return move(moves[event.key]!);
    }
    if (!open || event.shiftKey) return;
    if (event.key === 'n' || event.key === 'N') {
      event.preventDefault();
      return event.currentTarget.querySelector('input')?.focus();
    }
    const decision = SHORTCUTS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!decision) return;
    event.preventDefault();
    onDecide(item, decision, noteOf(item), event.currentTarget);
    if (advance && (decision === 'keep' || decision === 'disable')) move(index + 1);
  }

  const start = Date.parse(startedAt);
  return (
    <div className="log-table__frame">
      <table className="log-table" aria-describedby="review-keys-help">
        <caption className="visually-hidden">The review's keys and their decisions</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Access</th>
            <th scope="col">Last used</th>
            <th scope="col">Owner</th>
            <th scope="col">Purpose</th>
            <th scope="col">Age</th>
            <th scope="col">Findings</th>
            <th scope="col">Decision</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, index) => {
            const { key, decision } = item;
            const age = Math.floor((start - Date.parse(key.created_at)) / DAY_MS);
            return (
              <tr
                key={key.api_key_id}
                ref={(row) => void (rows.current[index] = row)}
                tabIndex={index === current ? 0 : -1}
                className={decision ? `review-row review-row--${decision}` : 'review-row'}
                data-key-id={key.api_key_id}
                aria-label={`${key.name}: ${decision ? DECISION_LABELS[decision] : 'undecided'}`}
                onFocus={() => {
                  focused.current = true;
                  setActive(index);
                }}
                onBlur={() => (focused.current = false)}
                onKeyDown={(event) => onKeyDown(event, index, item)}
              >
                <td>
                  <span className="review-row__name">{key.name}</span>
                  <code className="review-row__id">{key.api_key_id}</code>
                </td>
                <td>{ACCESS_SHORT[key.access_type]}</td>
                <td>{key.last_used_at ? formatDate(key.last_used_at) : key.origin === 'issued' ? 'Never' : 'Not known'}</td>
                <td>{key.owner ?? <span className="muted">None</span>}</td>
                <td>
                  {key.purpose ?? <span className="muted">—</span>}
                  {key.tags.length > 0 && <span className="review-row__tags">{key.tags.join(' · ')}</span>}
                </td>
                <td>{age} d</td>
                <td>{key.findings.length ? key.findings.map((f) => OWNERSHIP_RULE_TITLES[f]).join(', ') : <span className="muted">—</span>}</td>
                <td>
                  <span className={`decision decision--${decision ?? 'none'}`}>{decision ? DECISION_LABELS[decision] : 'Undecided'}</span>
                </td>
                <td>
                  {open ? (
                    <input
                      className="review-row__note"
                      // One tab stop per row: the focused row's note follows it in the tab order.
                      tabIndex={index === current ? 0 : -1}
                      aria-label={`Note on ${key.name}`}
                      placeholder={item.note ?? 'Why (optional)'}
                      value={notes[key.api_key_id] ?? ''}
                      maxLength={1000}
                      onChange={(event) => setNotes({ ...notes, [key.api_key_id]: event.target.value })}
                    />
                  ) : (
                    (item.note ?? <span className="muted">—</span>)
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
