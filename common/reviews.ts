/**
 * Ownership and access reviews as data: a key's owner, purpose and tags (Keydesk's own fields,
 * never sent to SendGrid), the ownership findings, and a review with its decisions. Declared here,
 * shared by main (which keeps and computes them), the CLI and the renderer (which show them).
 */
import type { AccessType } from './catalog.ts';

/** Keydesk's own notes on a key, kept beside it by account and API Key ID: a pull or import never touches them. */
export interface KeyAnnotation {
  /** Who answers for the key: an email address. */
  readonly owner: string | null;
  /** What the key is for, in a line. */
  readonly purpose: string | null;
  readonly tags: readonly string[];
}

export const NO_ANNOTATION: KeyAnnotation = Object.freeze({ owner: null, purpose: null, tags: Object.freeze([]) as readonly string[] });

/** A change to some annotations: an absent field is kept, `null` clears it; tags are added or removed. */
export interface AnnotationChange {
  readonly owner?: string | null;
  readonly purpose?: string | null;
  /** Replaces the tags outright. */
  readonly tags?: readonly string[];
  readonly add_tags?: readonly string[];
  readonly remove_tags?: readonly string[];
}

export const OWNER_MAX = 254;
export const PURPOSE_MAX = 500;
export const TAG_MAX = 40;
export const TAGS_MAX = 20;
/** A tag: a word people can type and filter on (letters, digits, `-`, `_`, `.`, `:`, `/`). */
export const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._:/-]*$/u;
/** Good enough to catch a name typed where an email address belongs; not RFC 5322. */
export const OWNER_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The ownership rules: who answers for a key, and whether its secret is changed often enough. */
export const OWNERSHIP_RULES = ['no_owner', 'departed_owner', 'not_rotated'] as const;
export type OwnershipRule = (typeof OWNERSHIP_RULES)[number];

export const OWNERSHIP_RULE_TITLES: Readonly<Record<OwnershipRule, string>> = {
  no_owner: 'No owner',
  departed_owner: 'Owner has left',
  not_rotated: 'Not rotated',
};

/** One rule one key breaks. */
export interface OwnershipFinding {
  readonly rule: OwnershipRule;
  readonly account: string;
  readonly api_key_id: string;
  readonly name: string;
  readonly reason: string;
}

/** The thresholds ownership findings are judged by: the app's settings, the CLI's flags. */
export interface OwnershipPolicy {
  /** A key whose secret is older than this many days (since creation or its last roll) is `not_rotated`. */
  readonly rotationDays: number;
  /** Owners marked as having left (compared without regard to letter case). */
  readonly departedOwners: readonly string[];
}

export const DEFAULT_ROTATION_DAYS = 90;

export const REVIEW_DECISIONS = ['keep', 'reduce', 'disable', 'delete'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const DECISION_LABELS: Readonly<Record<ReviewDecision, string>> = {
  keep: 'Keep',
  reduce: 'Reduce',
  disable: 'Disable',
  delete: 'Delete',
};

/** A key as the review found it at start: what the reviewer judges. */
export interface ReviewedKey extends KeyAnnotation {
  readonly account: string;
  readonly api_key_id: string;
  readonly name: string;
  readonly access_type: AccessType;
  readonly scopes: readonly string[];
  readonly origin: string;
  readonly created_at: string;
  readonly last_used_at: string | null;
  /** Creation, or the key's last roll. */
  readonly last_rotated_at: string;
  readonly status: string;
  readonly findings: readonly OwnershipRule[];
}

export interface ReviewItem {
  readonly key: ReviewedKey;
  readonly decision: ReviewDecision | null;
  readonly note: string | null;
  readonly decided_at: string | null;
  readonly decided_by: string | null;
}

export interface ReviewSummary {
  readonly id: number;
  /** The account reviewed; null when the review spans every account. */
  readonly account: string | null;
  readonly started_at: string;
  readonly started_by: string;
  readonly closed_at: string | null;
  readonly closed_by: string | null;
  readonly total: number;
  readonly decided: number;
}

export interface Review extends ReviewSummary {
  readonly policy: OwnershipPolicy;
  readonly items: readonly ReviewItem[];
  readonly findings_at_start: readonly OwnershipFinding[];
  /** Null until the review closes. */
  readonly findings_at_close: readonly OwnershipFinding[] | null;
  /** `SEQ:HASH` of the audit log's last entry once the review closed (its own close entry). */
  readonly audit_head_at_close: string | null;
  /** Every person who decided or closed, in the order they first did. */
  readonly reviewers: readonly string[];
}

/** A key after `keys annotate`: its annotation, and whether this call changed it. */
export interface AnnotatedKey extends KeyAnnotation {
  readonly api_key_id: string;
  readonly name: string;
  readonly changed: boolean;
}

export const REPORT_FORMATS = ['html', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A written evidence report: the file, and the SHA-256 of its bytes, as the audit log records it. */
export interface ReportResult {
  readonly review_id: number;
  readonly format: ReportFormat;
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}
