/**
 * The evidence report of a closed access review: one self-contained HTML file (inline CSS and SVG,
 * no script, nothing fetched) that prints cleanly, and the same rows as CSV for the auditor's
 * spreadsheet. It holds the account, the period, the reviewers, every key with its decision and
 * note, the counts per decision, the findings at start and at close, and the audit head at close,
 * which `keydesk log --verify` can later be checked against. Writing one is itself audit-logged,
 * with the SHA-256 of the bytes written.
 */
import { createHash } from 'node:crypto';
import type { AccessType } from '../../common/catalog.ts';
import { DAY_MS } from '../../common/durations.ts';
import { badRequest, conflict } from '../../common/errors.ts';
import {
  DECISION_LABELS,
  OWNERSHIP_RULE_TITLES,
  REVIEW_DECISIONS,
  REPORT_FORMATS,
  type OwnershipFinding,
  type ReportFormat,
  type ReportResult,
  type Review,
  type ReviewDecision,
} from '../../common/reviews.ts';
import type { Store } from '../store/store.ts';
import { APP_VERSION } from './app-version.ts';
import { stageFile } from './atomic-file.ts';
import { auditEntry } from './audit-entry.ts';
import { requireOperation, type Caller, type Clock } from './caller.ts';
import { csvField, refuseStoreFiles, spreadsheetSafe, unwritable } from './inventory-export.ts';
import { AGE_BOUNDS } from './key-statistics.ts';
import type { ReviewService } from './reviews.ts';

/** Chromium's print-to-PDF of a page: Electron's in the app, Playwright's Chromium in tests. */
export type PrintToPdf = (html: string) => Promise<Uint8Array>;

const ACCESS_LABELS: Readonly<Record<AccessType, string>> = { full: 'Full Access', restricted: 'Restricted Access', billing: 'Billing Access' };
const ACCESS_TYPES: readonly AccessType[] = ['full', 'restricted', 'billing'];

/** Colours hold 4.5:1 against white for text and 3:1 for shapes; every bar also carries its number. */
const DECISION_COLOURS: Readonly<Record<ReviewDecision, string>> = { keep: '#1a7f37', reduce: '#9a6700', disable: '#6639ba', delete: '#cf222e' };

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '—');
const minute = (iso: string | null): string => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function decisionCounts(review: Review): Record<ReviewDecision, number> {
  const counts = { keep: 0, reduce: 0, disable: 0, delete: 0 };
  for (const item of review.items) if (item.decision) counts[item.decision] += 1;
  return counts;
}

/** Key age at the review's start, in the audit page's buckets. */
export function ageBuckets(review: Review): { label: string; keys: number }[] {
  const start = Date.parse(review.started_at);
  const counts = new Array<number>(AGE_BOUNDS.length + 1).fill(0);
  for (const { key } of review.items) {
    const days = Math.floor((start - Date.parse(key.created_at)) / DAY_MS);
    const bucket = AGE_BOUNDS.findIndex((bound) => days < bound);
    counts[bucket === -1 ? AGE_BOUNDS.length : bucket]! += 1;
  }
  return counts.map((keys, i) => ({
    label: i === 0 ? `under ${AGE_BOUNDS[0]} days` : i === AGE_BOUNDS.length ? `${AGE_BOUNDS.at(-1)} days or more` : `${AGE_BOUNDS[i - 1]}–${AGE_BOUNDS[i]! - 1} days`,
    keys,
  }));
}

/** Stacked bars: one per access type present, a segment per decision, each labelled with its count. */
function decisionsChart(review: Review): string {
  const rows = ACCESS_TYPES.map((type) => {
    const items = review.items.filter((i) => i.key.access_type === type);
    return { type, total: items.length, counts: REVIEW_DECISIONS.map((d) => ({ d, n: items.filter((i) => i.decision === d).length })) };
  }).filter((r) => r.total > 0);
  const width = 640;
  const labelWidth = 150;
  const barWidth = width - labelWidth - 60;
  const max = Math.max(1, ...rows.map((r) => r.total));
  const rowHeight = 34;
  const height = rows.length * rowHeight + 40;
  const bars = rows
    .map((row, i) => {
      const y = i * rowHeight + 6;
      let x = labelWidth;
      const segments = row.counts
        .filter((c) => c.n > 0)
        .map((c) => {
          const w = (c.n / max) * barWidth;
          const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="22" fill="${DECISION_COLOURS[c.d]}"><title>${escape(`${ACCESS_LABELS[row.type]}: ${plural(c.n, 'key')} ${DECISION_LABELS[c.d]}`)}</title></rect>` +
            (w >= 18 ? `<text x="${(x + w / 2).toFixed(1)}" y="${y + 15}" text-anchor="middle" class="on-bar">${c.n}</text>` : '');
          x += w;
          return rect;
        })
        .join('');
      return `<text x="0" y="${y + 15}" class="label">${ACCESS_LABELS[row.type]}</text>${segments}<text x="${(x + 6).toFixed(1)}" y="${y + 15}" class="label">${row.total}</text>`;
    })
    .join('');
  let lx = labelWidth;
  const legend = REVIEW_DECISIONS.map((d) => {
    const item = `<rect x="${lx}" y="${height - 22}" width="12" height="12" fill="${DECISION_COLOURS[d]}"/><text x="${lx + 16}" y="${height - 12}" class="label">${DECISION_LABELS[d]}</text>`;
    lx += 90;
    return item;
  }).join('');
  const summary = rows.map((r) => `${ACCESS_LABELS[r.type]}: ${r.counts.map((c) => `${c.n} ${DECISION_LABELS[c.d]}`).join(', ')}`).join('; ');
  return `<svg role="img" aria-labelledby="chart-decisions-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title id="chart-decisions-title">Decisions per access type. ${escape(summary)}</title>${bars}${legend}</svg>`;
}

/** Vertical bars of key age at the start of the review. */
function ageChart(review: Review): string {
  const buckets = ageBuckets(review);
  const width = 640;
  const height = 200;
  const max = Math.max(1, ...buckets.map((b) => b.keys));
  const slot = width / buckets.length;
  const bars = buckets
    .map((b, i) => {
      const h = (b.keys / max) * 130;
      const x = i * slot + slot * 0.2;
      const y = 150 - h;
      return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${h.toFixed(1)}" fill="#0969da"><title>${escape(`${b.label}: ${plural(b.keys, 'key')}`)}</title></rect>` +
        `<text x="${(x + slot * 0.3).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" class="label">${b.keys}</text>` +
        `<text x="${(x + slot * 0.3).toFixed(1)}" y="170" text-anchor="middle" class="label">${escape(b.label)}</text>`;
    })
    .join('');
  const summary = buckets.map((b) => `${b.label}: ${b.keys}`).join('; ');
  return `<svg role="img" aria-labelledby="chart-age-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title id="chart-age-title">Key age when the review started. ${escape(summary)}</title><line x1="0" y1="150.5" x2="${width}" y2="150.5" stroke="#57606a"/>${bars}</svg>`;
}

function findingsList(findings: readonly OwnershipFinding[] | null, id: string, title: string, showAccount: boolean): string {
  const list = findings ?? [];
  const body = list.length
    ? `<ul>${list.map((f) => `<li><strong>${escape(OWNERSHIP_RULE_TITLES[f.rule])}</strong>: ${escape(f.name)} <code>${escape(f.api_key_id)}</code>${showAccount ? ` (${escape(f.account)})` : ''}. ${escape(f.reason)}.</li>`).join('')}</ul>`
    : '<p>None.</p>';
  return `<section aria-labelledby="${id}"><h3 id="${id}">${title} (${list.length})</h3>${body}</section>`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 32px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.sub { color: var(--muted); margin: 0 0 16px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
.counts { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0; padding: 0; list-style: none; }
.counts li { border: 1px solid var(--line); border-left: 6px solid var(--c); border-radius: 6px; padding: 8px 14px; min-width: 120px; background: var(--panel); }
.counts .n { font-size: 22px; font-weight: 600; display: block; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.charts figure { margin: 0; }
.charts figcaption { font-weight: 600; margin-bottom: 6px; }
svg { max-width: 100%; height: auto; }
svg .label { font-size: 12px; fill: var(--ink); }
svg .on-bar { font-size: 12px; fill: #fff; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
.decision { font-weight: 600; white-space: nowrap; }
.decision-keep { color: #1a7f37; } .decision-reduce { color: #7d4e00; } .decision-disable { color: #6639ba; } .decision-delete { color: #a40e26; }
.verify { border: 1px solid var(--line); background: var(--panel); border-radius: 6px; padding: 12px 16px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@page { size: A4 landscape; margin: 14mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 11px; }
  h2 { break-after: avoid; }
  tr, figure, .counts li, .verify { break-inside: avoid; }
  thead { display: table-header-group; }
  .counts li { background: none; }
  a { color: inherit; text-decoration: none; }
}
`;

/** The report as one HTML document. `generatedAt` is when the file was made (the review's times are its own). */
export function reviewReportHtml(review: Review, generatedAt: string): string {
  const counts = decisionCounts(review);
  const scope = review.account === null ? 'every account' : `account ${review.account}`;
  const rows = review.items
    .map(({ key, decision, note, decided_at, decided_by }) => {
      const age = Math.floor((Date.parse(review.started_at) - Date.parse(key.created_at)) / DAY_MS);
      return `<tr>
<td>${escape(key.name)}<br><code>${escape(key.api_key_id)}</code>${review.account === null ? `<br>${escape(key.account)}` : ''}</td>
<td>${ACCESS_LABELS[key.access_type]}<br>${plural(key.scopes.length, 'scope')}</td>
<td>${key.owner ? escape(key.owner) : '<em>none</em>'}</td>
<td>${key.purpose ? escape(key.purpose) : '—'}${key.tags.length ? `<br>${key.tags.map((t) => `<code>${escape(t)}</code>`).join(' ')}` : ''}</td>
<td>${plural(age, 'day')}<br>rotated ${day(key.last_rotated_at)}</td>
<td>${key.last_used_at ? day(key.last_used_at) : key.origin === 'issued' ? 'never' : 'not known'}</td>
<td>${key.findings.length ? key.findings.map((f) => escape(OWNERSHIP_RULE_TITLES[f])).join('<br>') : '—'}</td>
<td class="decision decision-${decision ?? 'none'}">${decision ? DECISION_LABELS[decision] : 'undecided'}</td>
<td>${note ? escape(note) : '—'}</td>
<td>${decided_by ? escape(decided_by) : '—'}<br>${minute(decided_at)}</td>
</tr>`;
    })
    .join('\n');
  const head = review.audit_head_at_close ?? '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Access review ${review.id}: ${escape(scope)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Access review ${review.id}: ${escape(scope)}</h1>
<p class="sub">Evidence of a periodic review of API keys, made by Keydesk ${escape(APP_VERSION)} from its local key store.</p>
<dl class="facts">
<dt>Account</dt><dd>${review.account === null ? 'Every account in the store' : escape(review.account)}</dd>
<dt>Period</dt><dd>${minute(review.started_at)} to ${minute(review.closed_at)}</dd>
<dt>Reviewers</dt><dd>${review.reviewers.map(escape).join(', ')}</dd>
<dt>Started by</dt><dd>${escape(review.started_by)}</dd>
<dt>Closed by</dt><dd>${review.closed_by ? escape(review.closed_by) : 'not closed'}</dd>
<dt>Keys reviewed</dt><dd>${review.total}</dd>
<dt>Policy</dt><dd>rotation within ${plural(review.policy.rotationDays, 'day')}; ${plural(review.policy.departedOwners.length, 'owner')} marked as having left</dd>
<dt>Audit head at close</dt><dd><code>${escape(head)}</code></dd>
<dt>Report made</dt><dd>${minute(generatedAt)}</dd>
</dl>
</header>
<main>
<h2>Decisions</h2>
<ul class="counts">${REVIEW_DECISIONS.map((d) => `<li style="--c: ${DECISION_COLOURS[d]}"><span class="n">${counts[d]}</span>${DECISION_LABELS[d]}</li>`).join('')}</ul>
<div class="charts">
<figure><figcaption>Decisions per access type</figcaption>${decisionsChart(review)}</figure>
<figure><figcaption>Key age when the review started</figcaption>${ageChart(review)}</figure>
</div>
<h2>Keys</h2>
<table>
<caption class="sub">Each key as it was when the review started, with the decision taken on it.</caption>
<thead><tr><th scope="col">Key</th><th scope="col">Access</th><th scope="col">Owner</th><th scope="col">Purpose and tags</th><th scope="col">Age</th><th scope="col">Last used</th><th scope="col">Findings at start</th><th scope="col">Decision</th><th scope="col">Note</th><th scope="col">Decided by</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>Findings</h2>
${findingsList(review.findings_at_start, 'findings-start', 'At start', review.account === null)}
${findingsList(review.findings_at_close, 'findings-close', 'At close', review.account === null)}
<h2>Checking this report against the audit log</h2>
<div class="verify">
<p>Every decision above is an entry in Keydesk's hash-chained audit log. The review's closing entry is entry <code>${escape(head.split(':')[0] ?? '')}</code>, with hash <code>${escape(head.split(':')[1] ?? '')}</code>. On the machine that holds the key store, this shows that the log still holds that entry, unchanged:</p>
<p><code>keydesk log --verify --expect-head ${escape(head)}</code></p>
<p>It exits 0 and prints <code>Audit log intact</code> only if entry ${escape(head.split(':')[0] ?? '')} still has that hash and the chain from it to the log's current end holds, sealed. A log edited since, at that entry or any before it, fails with the first broken row named.</p>
</div>
</main>
<footer>Keydesk keeps owners, purposes and tags locally; none of it is sent to SendGrid. No secret appears in this report.</footer>
</body>
</html>
`;
}

export const REPORT_CSV_COLUMNS: readonly string[] = [
  'review_id', 'account', 'api_key_id', 'name', 'access_type', 'scope_count', 'owner', 'purpose', 'tags', 'created_at', 'last_used_at',
  'last_rotated_at', 'findings_at_start', 'decision', 'note', 'decided_by', 'decided_at', 'review_closed_at', 'audit_head_at_close',
];

export function reviewReportCsv(review: Review): string {
  const text = (value: string | null) => csvField(spreadsheetSafe(value ?? ''));
  const lines = review.items.map(({ key, decision, note, decided_by, decided_at }) =>
    [
      String(review.id), text(key.account), csvField(key.api_key_id), text(key.name), key.access_type, String(key.scopes.length),
      text(key.owner), text(key.purpose), text(key.tags.join(' ')), key.created_at, key.last_used_at ?? '', key.last_rotated_at,
      key.findings.join(' '), decision ?? '', text(note), text(decided_by), decided_at ?? '', review.closed_at ?? '', review.audit_head_at_close ?? '',
    ].join(','),
  );
  return `${[REPORT_CSV_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`;
}

/** A report is made of a closed review only: its decisions are then final. */
export function assertClosed(review: Review): void {
  if (review.closed_at === null) {
    throw conflict('review_id', `review ${review.id} is still open (${review.decided} of ${review.total} decided): close it first, so the report is final`);
  }
}

async function reportBytes(review: Review, at: string, format: ReportFormat, printToPdf?: PrintToPdf): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(reviewReportCsv(review), 'utf8');
  const html = reviewReportHtml(review, at);
  if (format === 'html') return Buffer.from(html, 'utf8');
  if (!printToPdf) throw badRequest('format', 'a PDF is made by the desktop app (Chromium prints it); here, write the HTML report and print it');
  return Buffer.from(await printToPdf(html));
}

/** Writes a closed review's report atomically; the file appears exactly when its audit entry commits. */
export async function writeReviewReport(
  store: Store,
  reviews: ReviewService,
  clock: Clock,
  caller: Caller,
  input: { readonly review_id?: number; readonly format: ReportFormat; readonly path: string; readonly printToPdf?: PrintToPdf },
): Promise<ReportResult> {
  requireOperation(caller.actor, 'reviews.read');
  if (!REPORT_FORMATS.includes(input.format)) throw badRequest('format', `format is one of ${REPORT_FORMATS.join(', ')}`);
  const review = reviews.get(caller, input.review_id);
  assertClosed(review);
  refuseStoreFiles(store, input.path);
  const at = clock.now().toISOString();
  const bytes = await reportBytes(review, at, input.format, input.printToPdf);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const staged = await stageFile(input.path, (async function* () {
    yield bytes;
  })()).catch((error: unknown) => {
    throw unwritable(input.path, error, 'out');
  });
  try {
    store.write(() => {
      store.audit.append(auditEntry(caller, at, { action: 'review.report', after: { review_id: review.id, format: input.format, sha256, bytes: bytes.length } }));
      staged.commit();
    });
  } catch (error) {
    staged.discard();
    throw unwritable(input.path, error, 'out');
  }
  return { review_id: review.id, format: input.format, path: input.path, sha256, bytes: bytes.length };
}
