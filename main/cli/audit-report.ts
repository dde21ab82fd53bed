/**
 * What `keydesk log --verify` says: on success, what was checked (chain, seal, tables, a witnessed
 * head); on failure, one error per thing that failed, in SendGrid's error shape on stderr.
 */
import { headText, type AuditIntegrity } from '../../common/audit.ts';
import type { FieldError } from '../../common/errors.ts';

const rows = (from: number, to: number) => (from === to ? `row ${from}` : `rows ${from}-${to}`);

/** The lines printed when the report is intact. */
export function integrityText(report: AuditIntegrity): string {
  const { keys, accounts } = report.replay;
  const head = `head ${headText(report.head)}`;
  const lines =
    report.seal.status === 'sealed'
      ? [`Audit log intact: ${report.rows} rows, sealed; ${head}.`]
      : [`Audit log chain holds: ${report.rows} rows; ${head}.`, `Its seal cannot be checked on this machine: ${report.seal.status === 'unchecked' ? report.seal.reason : ''}.`];
  lines.push(`The keys and accounts tables match it (${keys} keys, ${accounts} accounts).`);
  const witness = report.witness;
  if (witness?.holds) {
    const seq = witness.head.seq;
    const later = report.head.seq - seq;
    const after = later > 0 ? `, and ${rows(seq + 1, report.head.seq)} ${later === 1 ? 'follows' : 'follow'}, sealed` : '';
    const recorded = witness.recorded_at === undefined ? '' : `; row ${witness.recorded_at} records the export itself`;
    lines.push(`The witnessed head ${headText(witness.head)} holds: ${seq === 0 ? 'the log was empty then' : `${rows(1, seq)} ${seq === 1 ? 'is' : 'are'} as witnessed`}${after}${recorded}.`);
  }
  return lines.join('\n');
}

/**
 * A broken chain is reported alone among the chain and the tables: the log itself is then in
 * doubt, so differences from it say little. The seal and a witness are reported beside it, and a
 * seal that cannot be checked is said whenever the report fails.
 */
export function integrityErrors(report: AuditIntegrity): FieldError[] {
  const errors: FieldError[] = [];
  if (!report.chain.intact) {
    errors.push({ field: 'audit_log', message: `audit log broken at row ${report.chain.brokenAt}: ${report.chain.reason}` });
  } else if (!report.replay.consistent) {
    errors.push(...report.replay.differences.map((d) => ({ field: d.kind === 'key' ? 'keys' : 'accounts', message: d.message })));
    const more = report.replay.total - report.replay.differences.length;
    if (more > 0) errors.push({ field: null, message: `and ${more} more differences from the audit log` });
  }
  const { seal, witness } = report;
  if (seal.status === 'broken') {
    errors.push({ field: 'seal', message: `audit log seal broken${seal.brokenAt === null ? '' : ` at row ${seal.brokenAt}`}: ${seal.reason}` });
  }
  if (witness && !witness.holds) errors.push({ field: 'witness', message: `the witnessed head ${headText(witness.head)} does not hold: ${witness.reason}` });
  if (seal.status === 'unchecked' && errors.length > 0) errors.push({ field: 'seal', message: `the seal cannot be checked on this machine: ${seal.reason}` });
  return errors;
}
