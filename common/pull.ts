/**
 * A pull: a live SendGrid account's keys, with their scopes and its subusers' keys, read into the
 * store for offline audit (`keydesk pull`, the app's "Pull from SendGrid"). What it reports and how
 * far it has got, shared by main (which pulls), the CLI and the renderer (which show it). Nothing
 * here ever holds the key used for pulling; `key_id` is its API Key ID, the part SendGrid's own
 * UI lists.
 */
import type { KeyRef } from './inventory.ts';

/** Where SendGrid's v3 API lives (EU regional subusers: https://api.eu.sendgrid.com). */
export const SENDGRID_API_URL = 'https://api.sendgrid.com';

/** A key whose name or scopes changed in SendGrid since the last pull. */
export interface PulledChange extends KeyRef {
  readonly renamed: { readonly from: string; readonly to: string } | null;
  readonly gained: readonly string[];
  readonly lost: readonly string[];
}

/** What a pull did to one account of the store. */
export interface PulledAccount {
  /** The account in this store. */
  readonly account: string;
  /** The SendGrid subuser it mirrors (its username), or null for the account the key belongs to. */
  readonly subuser: string | null;
  /** The account was created by this pull. */
  readonly created: boolean;
  /** A subuser account whose subuser SendGrid no longer lists: its pulled keys are marked removed. */
  readonly gone_from_sendgrid: boolean;
  readonly added: readonly KeyRef[];
  readonly changed: readonly PulledChange[];
  /** Keys gone from SendGrid since the last pull: kept here as removed (deleted), not dropped. */
  readonly removed: readonly KeyRef[];
  readonly unchanged: number;
}

export interface PullResult {
  readonly base_url: string;
  readonly pulled_at: string;
  /** The pulling key's API Key ID (never its secret), when the key has SendGrid's shape. */
  readonly key_id: string | null;
  /** The pulling key's own scopes, as SendGrid reported them. */
  readonly key_scopes: readonly string[];
  /** What it holds beyond what this pull needs: least privilege says take them away. */
  readonly excess_scopes: readonly string[];
  readonly accounts: readonly PulledAccount[];
  /** HTTP requests made, retries included, and how many of them were retries. */
  readonly requests: number;
  readonly retries: number;
}

export const PULL_PHASES = ['checking', 'reading', 'writing'] as const;
export type PullPhase = (typeof PULL_PHASES)[number];

export const PULL_ACCOUNT_STATES = ['waiting', 'listing', 'reading', 'read'] as const;
export type PullAccountState = (typeof PULL_ACCOUNT_STATES)[number];

export interface PullAccountProgress {
  /** The account in this store (a subuser's username). */
  readonly account: string;
  readonly state: PullAccountState;
  /** Keys read so far, of `total` (null until the key list is in). */
  readonly done: number;
  readonly total: number | null;
}

/** How far a pull has got, account by account. */
export interface PullProgress {
  readonly phase: PullPhase;
  readonly accounts: readonly PullAccountProgress[];
  /** Known once the key's scopes are read (the first request): the least-privilege warning. */
  readonly excess_scopes: readonly string[] | null;
}
