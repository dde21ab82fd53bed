/**
 * The owner and access-review channels: annotations, ownership findings with the thresholds from
 * the settings, reviews from start to close, and the evidence report saved where the user chooses
 * (HTML, CSV, or a PDF Chromium prints). The reviewer is the person at the desktop, named by the
 * operating system's user name.
 */
import { userInfo } from 'node:os';
import type { OwnershipPolicy, ReportFormat } from '../../common/reviews.ts';
import type { Caller } from '../services/caller.ts';
import { assertClosed, writeReviewReport, type PrintToPdf } from '../services/review-report.ts';
import type { Services } from '../services/services.ts';
import type { SettingsPort } from '../settings/settings-store.ts';
import type { Handlers } from './dispatcher.ts';
import type { FileDialogPort, FileFilter } from './file-dialogs.ts';

export interface ReviewHandlerDeps {
  readonly services: Services;
  readonly settings: SettingsPort;
  readonly dialogs: FileDialogPort;
  readonly callerOn: (account?: string) => Caller;
  /** Chromium's print-to-PDF; without it a PDF report is refused, saying so. */
  readonly printToPdf?: PrintToPdf;
  /** Who reviews through this app (default: the operating system's user name). */
  readonly reviewer?: string;
}

export type ReviewChannel =
  | 'keys:annotate'
  | 'keys:annotations'
  | 'reviews:findings'
  | 'reviews:list'
  | 'reviews:get'
  | 'reviews:start'
  | 'reviews:decide'
  | 'reviews:close'
  | 'reviews:save-report';

const REPORT_FILTERS: Readonly<Record<ReportFormat, readonly FileFilter[]>> = {
  html: [{ name: 'Web page (prints as the report)', extensions: ['html'] }],
  csv: [{ name: 'CSV (one row per key)', extensions: ['csv'] }],
  pdf: [{ name: 'PDF', extensions: ['pdf'] }],
};

function systemUser(): string {
  try {
    return userInfo().username || 'owner';
  } catch {
    return 'owner';
  }
}

export function createReviewHandlers({ services, settings, dialogs, callerOn, printToPdf, reviewer = systemUser() }: ReviewHandlerDeps): Pick<Handlers, ReviewChannel> {
  const { store, clock, annotations, reviews } = services;
  const policy = (): OwnershipPolicy => {
    const { rotationDays, departedOwners } = settings.get();
    return { rotationDays, departedOwners };
  };
  const onReview = (review_id: number | undefined) => (review_id === undefined ? {} : { review_id });

  return {
    'keys:annotate': ({ account, api_key_ids, ...change }) => annotations.annotate(callerOn(account), api_key_ids, change),
    'keys:annotations': (input) => Object.fromEntries(annotations.ofAccount(callerOn(input?.account))),

    'reviews:findings': (input) => annotations.findings(callerOn(input?.account), policy()),
    'reviews:list': (input) => reviews.list(callerOn(input?.account)),
    'reviews:get': ({ account, review_id }) => reviews.get(callerOn(account), review_id),
    'reviews:start': (input) => reviews.start(callerOn(input?.account), { reviewer, policy: policy() }),
    'reviews:decide': ({ account, review_id, api_key_id, decision, note }) =>
      reviews.decide(callerOn(account), { reviewer, api_key_id, decision, note: note ?? null, ...onReview(review_id) }),
    'reviews:close': ({ account, review_id }) => reviews.close(callerOn(account), { reviewer, ...onReview(review_id) }),
    'reviews:save-report': async ({ account, review_id, format }) => {
      const caller = callerOn(account);
      // Refused before the dialog when the review is not there or not closed.
      const review = reviews.get(caller, review_id);
      assertClosed(review);
      const path = await dialogs.chooseSaveFile({
        title: 'Save the access review report',
        defaultName: `keydesk-review-${review.id}-${(review.closed_at ?? '').slice(0, 10)}.${format}`,
        filters: REPORT_FILTERS[format],
      });
      if (path === null) return null;
      return writeReviewReport(store, reviews, clock, caller, { review_id, format, path, ...(printToPdf ? { printToPdf } : {}) });
    },
  };
}
