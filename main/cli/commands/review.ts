/**
 * `keydesk review ...`: periodic access reviews. `start` snapshots the account's live keys; each
 * needs a decision (`decide`: keep, reduce, disable or delete, with a note); `close` is refused
 * while any is undecided and records the audit log's head; `report` writes the evidence.
 */
import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import { DECISION_LABELS, DEFAULT_ROTATION_DAYS, OWNERSHIP_RULE_TITLES, REVIEW_DECISIONS, type OwnershipFinding, type OwnershipPolicy, type Review, type ReviewDecision } from '../../../common/reviews.ts';
import { fileFailure } from '../failures.ts';
import { namingFlags, withFlagNames } from '../flag-fields.ts';
import { json, table } from '../output.ts';
import type { CliContext } from '../session.ts';
import type { TimeText } from '../time-text.ts';
import { usageError } from '../usage-error.ts';

interface PolicyFlags {
  readonly rotationDays: string;
  readonly departed?: string;
}

interface ReviewerFlag {
  readonly reviewer?: string;
  readonly review?: string;
}

const FLAGS = { reviewer: '--reviewer', note: '--note', rotationDays: '--rotation-days', decision: '--reduce' };

/** The flags an error may name: --review only where the user gave it (else the review is the open one). */
const flagsWith = (flags: ReviewerFlag) => (flags.review === undefined ? FLAGS : { ...FLAGS, review_id: '--review' });

/** The person at the shell, unless --reviewer names someone. */
function reviewerOf(flags: ReviewerFlag): string {
  if (flags.reviewer !== undefined) return flags.reviewer;
  try {
    return userInfo().username || 'owner';
  } catch {
    return 'owner';
  }
}

function wholeNumber(text: string, flag: string, what: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw usageError(flag, `${flag} takes ${what}, at least 1`);
  return n;
}

const reviewIdOf = (text: string | undefined, flag: string): number | undefined => (text === undefined ? undefined : wholeNumber(text, flag, 'a review number'));

function policyOf(flags: PolicyFlags): OwnershipPolicy {
  return {
    rotationDays: wholeNumber(flags.rotationDays, '--rotation-days', 'a whole number of days'),
    departedOwners: (flags.departed ?? '').split(',').map((o) => o.trim()).filter(Boolean),
  };
}

const withPolicyOptions = (command: Command): Command =>
  command
    .option('--rotation-days <n>', "a key whose secret is older than this (since creation or its last roll) is not rotated", String(DEFAULT_ROTATION_DAYS))
    .option('--departed <emails>', 'comma-separated owners who have left (the app keeps this list in its settings)');

const withReviewer = (command: Command): Command => command.option('--reviewer <name>', "who is reviewing (default: this computer's user name)");

function progress(review: Review): string {
  return `Review ${review.id} of ${review.account === null ? 'every account' : `"${review.account}"`}: ${review.decided} of ${review.total} keys decided`;
}

function describeFindings(findings: readonly OwnershipFinding[]): string {
  if (findings.length === 0) return 'No ownership findings.';
  return table(['rule', 'api key id', 'name', 'why'], findings.map((f) => [OWNERSHIP_RULE_TITLES[f.rule], f.api_key_id, f.name, f.reason]));
}

function describeReview(review: Review, time: TimeText, undecidedOnly: boolean): string {
  const state = review.closed_at ? `closed ${time(review.closed_at)} by ${review.closed_by ?? ''}` : 'open';
  const items = review.items.filter((i) => !undecidedOnly || i.decision === null);
  const rows = items.map(({ key, decision, note }) => [
    key.api_key_id,
    key.name,
    key.access_type,
    key.owner ?? '-',
    key.findings.map((f) => OWNERSHIP_RULE_TITLES[f]).join(', ') || '-',
    decision ? DECISION_LABELS[decision] : 'undecided',
    note ?? '',
  ]);
  const lines = [
    `${progress(review)}; started ${time(review.started_at)} by ${review.started_by}; ${state}.`,
    ...(review.audit_head_at_close ? [`Audit head at close: ${review.audit_head_at_close}`] : []),
    '',
    rows.length ? table(['api key id', 'name', 'access', 'owner', 'findings', 'decision', 'note'], rows) : undecidedOnly ? 'Every key is decided.' : 'No keys.',
  ];
  return lines.join('\n');
}

export function registerReviewCommands(program: Command, { output, session, sessionAsync, time }: CliContext): void {
  const review = program.command('review').description('periodic access reviews: start, decide on every key, close, and write the evidence report');

  withReviewer(withPolicyOptions(review.command('start').description("start a review of the account's live keys (one open review per account)")))
    .option('--all-accounts', "one review of every account's keys (the owner only)")
    .option('--json', 'JSON output: the review')
    .action((flags: PolicyFlags & ReviewerFlag & { allAccounts?: boolean; json?: boolean }) => {
      const policy = policyOf(flags);
      const started = withFlagNames(FLAGS, () =>
        session((s) => s.reviews.start(s.caller, { reviewer: reviewerOf(flags), policy, all_accounts: flags.allAccounts === true })),
      );
      if (flags.json) return output.out(json(started));
      output.out(
        `Started review ${started.id} of ${started.account === null ? 'every account' : `"${started.account}"`}: ${started.total} keys to decide, ${started.findings_at_start.length} ownership findings.\n` +
          'Decide on each with: keydesk review decide ID --keep|--reduce|--disable|--delete [--note TEXT]',
      );
    });

  review
    .command('list')
    .description("the account's reviews, newest first")
    .option('--json', 'JSON output: {result: [{id, account, started_at, closed_at, total, decided, ...}]}')
    .action((flags: { json?: boolean }) => {
      const list = session((s) => s.reviews.list(s.caller));
      if (flags.json) return output.out(json({ result: list }));
      if (list.length === 0) return output.out('No reviews yet. Start one with: keydesk review start');
      output.out(
        table(
          ['id', 'account', 'started', 'closed', 'decided'],
          list.map((r) => [String(r.id), r.account ?? '(every account)', time(r.started_at), r.closed_at ? time(r.closed_at) : 'open', `${r.decided} of ${r.total}`]),
        ),
      );
    });

  review
    .command('status [review]')
    .description("a review's progress and its keys (default: the account's open review, else its latest)")
    .option('--undecided', 'only the keys still without a decision')
    .option('--json', 'JSON output: the review, every key with its decision')
    .action((id: string | undefined, flags: { undecided?: boolean; json?: boolean }) => {
      const reviewId = reviewIdOf(id, 'review');
      const found = session((s) => s.reviews.get(s.caller, reviewId));
      if (flags.json) return output.out(json(found));
      output.out(describeReview(found, time, flags.undecided === true));
    });

  const decide = withReviewer(review.command('decide <ids...>').description('record a decision on keys of the open review; --disable and --delete also make that change'));
  for (const decision of REVIEW_DECISIONS) {
    const what: Readonly<Record<ReviewDecision, string>> = {
      keep: 'keep: still needed with its access',
      reduce: "reduce: its access was cut down (first, with keys update)",
      disable: 'disable the key now',
      delete: 'delete the key now, for good',
    };
    decide.option(`--${decision}`, what[decision]);
  }
  decide
    .option('--note <text>', 'why (recorded with the decision)')
    .option('--review <n>', "the review (default: the account's open one)")
    .option('--json', 'JSON output: the review')
    .action((ids: string[], flags: ReviewerFlag & Partial<Record<ReviewDecision, boolean>> & { note?: string; json?: boolean }) => {
      const chosen = REVIEW_DECISIONS.filter((d) => flags[d] === true);
      if (chosen.length !== 1) throw usageError(null, 'give exactly one decision: --keep, --reduce, --disable or --delete');
      const decision = chosen[0]!;
      const reviewId = reviewIdOf(flags.review, '--review');
      const reviewer = reviewerOf(flags);
      const decided = withFlagNames(flagsWith(flags), () =>
        session((s) =>
          // All of the keys, or none: one transaction around the decisions.
          s.store.write(() =>
            ids.map((id) => s.reviews.decide(s.caller, { reviewer, api_key_id: id, decision, note: flags.note ?? null, ...(reviewId === undefined ? {} : { review_id: reviewId }) })).at(-1)!,
          ),
        ),
      );
      if (flags.json) return output.out(json(decided));
      output.out(`${DECISION_LABELS[decision]}: ${ids.join(', ')}.\n${progress(decided)}.`);
    });

  withReviewer(review.command('close').description("close the open review: refused while any key is undecided; records the audit log's head"))
    .option('--review <n>', "the review (default: the account's open one)")
    .option('--json', 'JSON output: the closed review')
    .action((flags: ReviewerFlag & { json?: boolean }) => {
      const reviewId = reviewIdOf(flags.review, '--review');
      const closed = withFlagNames(flagsWith(flags), () =>
        session((s) => s.reviews.close(s.caller, { reviewer: reviewerOf(flags), ...(reviewId === undefined ? {} : { review_id: reviewId }) })),
      );
      if (flags.json) return output.out(json(closed));
      const counts = REVIEW_DECISIONS.map((d) => `${closed.items.filter((i) => i.decision === d).length} ${DECISION_LABELS[d]}`).join(', ');
      output.out(
        `Closed review ${closed.id}: ${counts}.\nAudit head at close: ${closed.audit_head_at_close ?? ''}\n` +
          `Write the evidence with: keydesk review report ${closed.id} --out review-${closed.id}.html`,
      );
    });

  review
    .command('report [review]')
    .description('write the evidence report of a closed review: self-contained printable HTML, or CSV')
    .requiredOption('--out <file>', 'write to FILE, atomically')
    .addOption(new Option('--format <format>', 'html or csv (default: from the file name, else html)').choices(['html', 'csv']))
    .option('--json', 'JSON output: {review_id, format, path, sha256, bytes}')
    .action(async (id: string | undefined, flags: { out: string; format?: 'html' | 'csv'; json?: boolean }) => {
      const reviewId = reviewIdOf(id, 'review');
      const format = flags.format ?? (flags.out.toLowerCase().endsWith('.csv') ? 'csv' : 'html');
      const { writeReviewReport } = await import('../../services/review-report.ts');
      const result = await sessionAsync((s) =>
        writeReviewReport(s.store, s.reviews, s.clock, s.caller, { format, path: flags.out, ...(reviewId === undefined ? {} : { review_id: reviewId }) }),
      ).catch((error: unknown) => {
        throw fileFailure(namingFlags({ ...FLAGS, path: '--out' }, error), flags.out);
      });
      if (flags.json) return output.out(json(result));
      output.out(`Wrote the report of review ${result.review_id} to ${result.path} (${result.format}, sha256 ${result.sha256}).`);
    });

  withPolicyOptions(review.command('findings').description('ownership findings now: keys with no owner, an owner who has left, or a secret not rotated in time'))
    .option('--all-accounts', "every account's keys (the owner only)")
    .option('--json', 'JSON output: {findings: [{rule, account, api_key_id, name, reason}]}')
    .action((flags: PolicyFlags & { allAccounts?: boolean; json?: boolean }) => {
      const policy = policyOf(flags);
      const findings = session((s) => s.annotations.findings(s.caller, policy, { allAccounts: flags.allAccounts === true }));
      output.out(flags.json ? json({ findings }) : describeFindings(findings));
    });
}
