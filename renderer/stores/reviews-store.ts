/**
 * The Reviews page's data: the account's reviews and the one shown (the open one, else the
 * latest), from main. Decisions go to main one at a time and come back as the whole review, so the
 * page always shows what the store holds. A Reduce waits for the permission editor: the key is
 * noted, and once the keys change the decision is asked for (main takes it only if the key now
 * holds fewer of its scopes).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FieldError } from '../../common/errors.ts';
import type { KeydeskApi } from '../../common/ipc/contract.ts';
import type { ReportFormat, ReportResult, Review, ReviewDecision, ReviewSummary } from '../../common/reviews.ts';
import type { PageLoadStatus } from './audit-store.ts';
import { createWatchedLoad, type WatchedLoad } from './watched-load.ts';

export type Outcome<T = Review> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

export interface ReviewsState extends Pick<WatchedLoad, 'watch' | 'changed'> {
  readonly status: PageLoadStatus;
  readonly reviews: readonly ReviewSummary[];
  readonly review: Review | null;
  readonly errors: readonly FieldError[];
  /** A key whose Reduce waits for its access to be cut in the permission editor. */
  readonly pendingReduce: { readonly api_key_id: string; readonly note: string | null } | null;
  start(): Promise<Outcome>;
  decide(apiKeyId: string, decision: Exclude<ReviewDecision, 'reduce'>, note: string | null): Promise<Outcome>;
  /** Notes the key; the decision is asked for when the keys next change. */
  awaitReduce(apiKeyId: string, note: string | null): void;
  /** The keys changed: a waiting Reduce is asked for now. Resolves to its outcome, or null when none waited. */
  keysChanged(): Promise<Outcome | null>;
  close(): Promise<Outcome>;
  saveReport(reviewId: number, format: ReportFormat): Promise<Outcome<ReportResult | null>>;
  /** Shows another review (a closed one, for its report). */
  show(reviewId: number): Promise<void>;
}

export type ReviewsStore = StoreApi<ReviewsState>;

export function createReviewsStore(api: KeydeskApi, currentAccount: () => string, onChange: () => void): ReviewsStore {
  return createStore<ReviewsState>()((set, get) => {
    const { watch, changed } = createWatchedLoad(async () => {
      if (get().status === 'idle') set({ status: 'loading' });
      const account = currentAccount();
      const [list, shown] = await Promise.all([api.reviews.list({ account }), api.reviews.get({ account, ...showing() })]);
      if (!list.ok) return set({ status: get().review ? 'ready' : 'failed', errors: list.errors });
      // No review yet is not a failure: the page offers to start one.
      set({ status: 'ready', reviews: list.data, review: shown.ok ? shown.data : null, errors: [] });
    });
    // The review shown stays shown across reloads, unless the account has none.
    const showing = () => {
      const review = get().review;
      return review && get().reviews.some((r) => r.id === review.id) ? { review_id: review.id } : {};
    };
    const took = (result: Awaited<ReturnType<KeydeskApi['reviews']['decide']>>): Outcome => {
      if (!result.ok) return { ok: false, errors: result.errors };
      set({ review: result.data, reviews: get().reviews.map((r) => (r.id === result.data.id ? { ...r, decided: result.data.decided, closed_at: result.data.closed_at } : r)) });
      onChange();
      return { ok: true, data: result.data };
    };
    const onReview = () => ({ account: currentAccount(), ...(get().review ? { review_id: get().review!.id } : {}) });

    return {
      status: 'idle',
      reviews: [],
      review: null,
      errors: [],
      pendingReduce: null,
      watch,
      changed,
      async start() {
        const result = await api.reviews.start({ account: currentAccount() });
        if (!result.ok) return { ok: false, errors: result.errors };
        set({ review: result.data, reviews: [result.data, ...get().reviews], pendingReduce: null });
        onChange();
        return { ok: true, data: result.data };
      },
      async decide(apiKeyId, decision, note) {
        set({ pendingReduce: null });
        return took(await api.reviews.decide({ ...onReview(), api_key_id: apiKeyId, decision, note }));
      },
      awaitReduce(apiKeyId, note) {
        set({ pendingReduce: { api_key_id: apiKeyId, note } });
      },
      async keysChanged() {
        const pending = get().pendingReduce;
        if (!pending || !get().review) return null;
        set({ pendingReduce: null });
        return took(await api.reviews.decide({ ...onReview(), api_key_id: pending.api_key_id, decision: 'reduce', note: pending.note }));
      },
      async close() {
        const result = await api.reviews.close(onReview());
        const outcome = took(result);
        if (outcome.ok) changed();
        return outcome;
      },
      async saveReport(reviewId, format) {
        const result = await api.reviews.saveReport({ account: currentAccount(), review_id: reviewId, format });
        if (!result.ok) return { ok: false, errors: result.errors };
        if (result.data) onChange();
        return { ok: true, data: result.data };
      },
      async show(reviewId) {
        const result = await api.reviews.get({ account: currentAccount(), review_id: reviewId });
        if (result.ok) set({ review: result.data, pendingReduce: null });
        else set({ errors: result.errors });
      },
    };
  });
}
