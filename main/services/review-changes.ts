/** What an annotation or access-review entry of the audit log says, in a line. */
import { DECISION_LABELS, type KeyAnnotation, type ReviewDecision } from '../../common/reviews.ts';
import type { NameQuoting } from './audit-changes.ts';

type Snapshot = Readonly<Record<string, unknown>> | null;

const asSnapshot = (value: unknown): Snapshot => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null);
const annotationOf = (value: Snapshot): KeyAnnotation | null => (value && typeof value.annotation === 'object' ? (value.annotation as KeyAnnotation) : null);
const decisionLabel = (value: unknown) => (typeof value === 'string' && value in DECISION_LABELS ? DECISION_LABELS[value as ReviewDecision] : String(value));

function describeAnnotation(before: KeyAnnotation | null, after: KeyAnnotation | null, q: NameQuoting): string {
  if (!after) return '';
  const parts: string[] = [];
  if (before?.owner !== after.owner) parts.push(`owner ${before?.owner ?? 'none'} → ${after.owner ?? 'none'}`);
  if (before?.purpose !== after.purpose) parts.push(`purpose ${after.purpose === null ? 'cleared' : q(after.purpose)}`);
  const had = new Set(before?.tags ?? []);
  const has = new Set(after.tags);
  const added = after.tags.filter((t) => !had.has(t));
  const removed = [...had].filter((t) => !has.has(t));
  if (added.length) parts.push(`tags +${added.join(' +')}`);
  if (removed.length) parts.push(`tags −${removed.join(' −')}`);
  return parts.join('; ');
}

/** The line for an entry of these actions; null for any other. */
export function describeReviewChange(action: string | undefined, beforeValue: unknown, afterValue: unknown, q: NameQuoting): string | null {
  const before = asSnapshot(beforeValue);
  const after = asSnapshot(afterValue);
  if (action === 'key.annotate') return describeAnnotation(annotationOf(before), annotationOf(after), q);
  if (!after || !action?.startsWith('review.')) return null;
  const review = `review ${String(after.review_id)}`;
  const by = typeof after.reviewer === 'string' ? ` by ${q(after.reviewer)}` : '';
  switch (action) {
    case 'review.start':
      return `${review} started${by}: ${String(after.key_count)} keys, ${String(after.findings)} findings`;
    case 'review.decide': {
      const was = before ? ` (was ${decisionLabel(before.decision)})` : '';
      const note = typeof after.note === 'string' ? `: ${q(after.note)}` : '';
      return `${review}: ${decisionLabel(after.decision)}${was}${by}${note}`;
    }
    case 'review.close':
      return `${review} closed${by}: ${String(after.key_count)} keys decided`;
    case 'review.report':
      return `${review} report written (${String(after.format)}, sha256 ${String(after.sha256).slice(0, 12)}…)`;
    default:
      return null;
  }
}
