/**
 * The IPC contract: every channel between the renderer and main, in one place, with the request it
 * takes and the response it answers, and every event main pushes. Names and types only: this file
 * holds no validator and imports no package, so the sandboxed preload can bundle it (it needs the
 * names) and the renderer can type `window.keydesk` from it.
 *
 * Main validates every request against `main/ipc/validators.ts`, which the compiler holds to one
 * zod schema per channel here, each producing exactly the request type declared here. Which scope
 * an operation needs is said once, in `main/core/authorization.ts`, and checked by the services.
 */
import type { AccountSummary, PolicyChange } from '../accounts.ts';
import type { AppInfo, BackupInfo, LocalApiStatus, RestoreResult } from '../app-info.ts';
import type { AuditHead, AuditIntegrity, AuditReport, ChangeSummary } from '../audit.ts';
import type { Category, CategoryId, CategoryLevel, ScopeInfo } from '../catalog.ts';
import type { ErrorCode, FieldError } from '../errors.ts';
import type { DiffResult, ExportFormat, ExportResult, ImportResult, LeakReport, ProgressOperation } from '../inventory.ts';
import type { BulkOutcome, CreatedKey, GraceRow, RolledKey, SecretInfo } from '../key-results.ts';
import type { KeyColumns } from '../key-list.ts';
import type { BulkAction, GraceChoice } from '../lifecycle.ts';
import type { PullProgress, PullResult } from '../pull.ts';
import type { AuditEntry, KeyRecord } from '../records.ts';
import type { AnnotatedKey, AnnotationChange, KeyAnnotation, OwnershipFinding, ReportFormat, ReportResult, Review, ReviewDecision, ReviewSummary } from '../reviews.ts';
import type { Settings, SettingsPatch } from '../settings.ts';

// ---- Response types the channels compose.

export type Result<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly code: ErrorCode; readonly errors: readonly FieldError[] };

export interface Catalog {
  readonly categories: readonly Category[];
  readonly scopes: readonly ScopeInfo[];
  readonly full_access_scopes: readonly string[];
  readonly billing_scopes: readonly string[];
}

/** A key with what each category's slider shows for its scopes. */
export interface KeyDetails extends KeyRecord {
  readonly levels: Readonly<Record<CategoryId, CategoryLevel>>;
}

export interface AuditEntryView extends AuditEntry {
  /** One readable line: renamed, scopes added/removed, created, deleted. */
  readonly summary: string;
  /** The same change as data: the scopes added and removed, a rename, access, expiry, disabling. */
  readonly change: ChangeSummary;
  /** The key's name in the entry (after the change, or before it for a deletion); null when no key. */
  readonly key_name: string | null;
}

/** `inventory:import`: what the import did, and the file it read. */
export interface ImportedFile extends ImportResult {
  readonly path: string;
}

// ---- Request pieces.

/** The account acted on; "default" when left out. */
interface OnAccount {
  readonly account?: string;
}
interface OnKey extends OnAccount {
  readonly api_key_id: string;
}
/** An expiry as typed or chosen (ISO-8601 date or time), or null for none. */
type Expiry = string | null;

// ---- The channels.

/** A channel's request and response types: phantom fields, for the compiler only; at run time only its name exists. */
export interface ChannelSpec<I, O> {
  readonly input: I;
  readonly output: O;
}
const channel = <I, O>() => ({}) as ChannelSpec<I, O>;
/** A channel that takes no request. */
type None = undefined;

export const contract = {
  'app:info': channel<None, AppInfo>(),

  'scopes:catalog': channel<None, Catalog>(),
  'scopes:levels': channel<{ readonly scopes: readonly string[] }, Readonly<Record<CategoryId, CategoryLevel>>>(),

  'accounts:list': channel<None, readonly AccountSummary[]>(),
  'accounts:create': channel<{ readonly name: string; readonly parent?: string | null }, AccountSummary>(),
  'accounts:rename': channel<{ readonly account: string; readonly name: string }, AccountSummary>(),
  /** Refused while the account has keys, unless `force`, which deletes them with it. */
  'accounts:delete': channel<{ readonly account: string; readonly force?: boolean }, { readonly deleted_keys: readonly string[] }>(),
  /** The account's maximum key lifetime in days, or null for none. */
  'accounts:policy': channel<{ readonly account: string; readonly max_key_lifetime_days: number | null }, PolicyChange>(),

  /**
   * The account's live keys, oldest first, one array per field (common/key-list.ts: 100,000 keys
   * cross as a dozen arrays, not 100,000 objects). With `newest`, only that many of the newest,
   * newest first: the list paints its first screen from them while the whole list is on its way.
   */
  'keys:list': channel<(OnAccount & { readonly newest?: number }) | None, KeyColumns>(),
  'keys:get': channel<OnKey, KeyDetails>(),
  'keys:create': channel<OnAccount & { readonly name: string; readonly scopes?: readonly string[]; readonly expires_at?: Expiry }, CreatedKey>(),
  'keys:rename': channel<OnKey & { readonly name: string }, KeyRecord>(),
  'keys:replace': channel<OnKey & { readonly name: string; readonly scopes: readonly string[] }, KeyRecord>(),
  'keys:delete': channel<OnKey, { readonly deleted: string }>(),
  /** Reversible: `verify` rejects a disabled key until it is enabled again. */
  'keys:disable': channel<OnKey, KeyRecord>(),
  'keys:enable': channel<OnKey, KeyRecord>(),
  /** Sets the key's expiry, or with null removes it, within the account's policy. */
  'keys:expire': channel<OnKey & { readonly expires_at: Expiry }, KeyRecord>(),
  /** A new secret, returned this once; the old one keeps working for the grace chosen. */
  'keys:roll': channel<OnKey & { readonly grace: GraceChoice }, RolledKey>(),
  /** The secrets a key accepts, by short ID, current first, with when each one in grace stops working. */
  'keys:secrets': channel<OnKey, readonly SecretInfo[]>(),
  /** The account's rolled keys whose previous secret still works, and until when: the list's grace tags. */
  'keys:grace': channel<OnAccount | None, readonly GraceRow[]>(),
  /** One action on many keys, in one transaction: all change, or none does and the results say which keys stopped it. */
  'keys:bulk': channel<
    OnAccount & { readonly action: BulkAction; readonly api_key_ids: readonly string[]; readonly expires_at?: Expiry },
    BulkOutcome
  >(),

  'audit:list': channel<
    | (OnAccount & {
        readonly key_id?: string;
        readonly action?: string;
        /** Inclusive ISO-8601 bounds. */
        readonly since?: string;
        readonly until?: string;
      })
    | None,
    readonly AuditEntryView[]
  >(),
  /**
   * The hash chain (`chain`: intact, or broken at row N and why) and the replay of the log against
   * the tables (`replay`: consistent, or the keys and accounts that differ and how).
   */
  'audit:verify': channel<None, AuditIntegrity>(),
  /** Copies where the log ends now, as `SEQ:HASH`, to paste into a ticket: a witness (see `log --expect-head`). */
  'audit:copy-head': channel<None, AuditHead>(),

  /** Backups kept next to the store (one before every schema upgrade), newest first. */
  'store:backups': channel<None, readonly BackupInfo[]>(),
  /**
   * Replaces the store with one of those backups, by name; the replaced file is kept aside. Main
   * closes its store first and then reopens it (Electron: relaunches), so every view reloads.
   */
  'store:restore-backup': channel<{ readonly name: string }, RestoreResult>(),
  /** Findings and chart figures for the account, with the thresholds from the settings. */
  'audit:findings': channel<OnAccount | None, AuditReport>(),

  // Inventory: each asks main for a path through a native dialog (null data: the user cancelled)
  // and reports progress of long runs as `operation:progress` events.
  'inventory:export': channel<OnAccount & { readonly format: ExportFormat }, ExportResult | null>(),
  'inventory:import': channel<OnAccount | None, ImportedFile | null>(),
  'inventory:diff': channel<OnAccount | None, DiffResult | null>(),
  'leaks:scan': channel<(OnAccount & { readonly scan_ignored?: boolean }) | None, LeakReport | null>(),

  /**
   * Reads a live SendGrid account's keys, with their scopes (and its subusers' with `subusers`),
   * into the account, as `keydesk pull` does. The key is used for this pull only: main holds it
   * while the pull runs and stores it nowhere. One pull at a time; `pull:progress` events report
   * it; null data: it was cancelled (`pull:cancel`) and nothing was written.
   */
  'pull:start': channel<
    OnAccount & { readonly api_key: string; readonly subusers?: boolean; readonly base_url?: string },
    PullResult | null
  >(),
  /** Cancels the running pull; `cancelled` is false when none was running. */
  'pull:cancel': channel<None, { readonly cancelled: boolean }>(),
  /** Owner, purpose and tags on keys, all of them or none (Keydesk's own notes, never sent to SendGrid). */
  'keys:annotate': channel<OnAccount & AnnotationChange & { readonly api_key_ids: readonly string[] }, readonly AnnotatedKey[]>(),
  /** The account's annotated keys, by API Key ID (a key missing has none). */
  'keys:annotations': channel<OnAccount | None, Readonly<Record<string, KeyAnnotation>>>(),

  /** Ownership findings now (no owner, an owner who left, not rotated), with the thresholds from the settings. */
  'reviews:findings': channel<OnAccount | None, readonly OwnershipFinding[]>(),
  'reviews:list': channel<OnAccount | None, readonly ReviewSummary[]>(),
  /** One review with every key and decision; the account's open one (else its latest) without an id. */
  'reviews:get': channel<OnAccount & { readonly review_id?: number }, Review>(),
  /** Snapshots the account's live keys into a new review (one open per account). */
  'reviews:start': channel<OnAccount | None, Review>(),
  /** Disable and Delete also make that change to the key; Reduce is taken once its scopes were cut. */
  'reviews:decide': channel<
    OnAccount & { readonly review_id?: number; readonly api_key_id: string; readonly decision: ReviewDecision; readonly note?: string | null },
    Review
  >(),
  /** Refused while any key is undecided. */
  'reviews:close': channel<OnAccount & { readonly review_id?: number }, Review>(),
  /** Saves a closed review's evidence (HTML, CSV, or PDF printed by Chromium) where the user chooses (null data: cancelled). */
  'reviews:save-report': channel<OnAccount & { readonly review_id: number; readonly format: ReportFormat }, ReportResult | null>(),

  'settings:get': channel<None, Settings>(),
  /** Saves a change; a change to `localApi` starts, stops or moves the local API before it answers. */
  'settings:set': channel<SettingsPatch, Settings>(),
  /** Asks main for a folder in the native dialog and makes it the default export folder (null data: cancelled). */
  'settings:choose-export-folder': channel<None, Settings | null>(),
  /** Whether the local API the settings switch controls is listening, on which URL, or why it could not start. */
  'settings:local-api-status': channel<None, LocalApiStatus>(),

  /** Copies a secret through main, which clears the clipboard after the configured delay. */
  'clipboard:copy-secret': channel<{ readonly text: string }, { readonly clearsAfterSeconds: number }>(),
} as const;

/** What the application menu asks the renderer to do. */
export const MENU_COMMANDS = ['new-key', 'export-inventory', 'open-settings'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** A notification main pushes to the renderer; at run time only its name exists. */
const event = <P>() => ({}) as ChannelSpec<never, P>;

/** Notifications main pushes to the renderer (main validates each payload before it leaves). */
export const events = {
  /** The store changed: through this app, or underneath it (the CLI, the local API). */
  'store:changed': event<{ readonly external: boolean }>(),
  /** An application-menu item the renderer carries out (New key with Ctrl/Cmd+N, Export..., Settings... with Ctrl/Cmd+,). */
  'menu:command': event<{ readonly command: MenuCommand }>(),
  /** How far a long run (export, import, leak check) has got, for a progress bar. */
  'operation:progress': event<{ readonly operation: ProgressOperation; readonly done: number; readonly total: number }>(),
  /** How far the running pull has got, account by account. */
  'pull:progress': event<PullProgress>(),
} as const;

// ---- Types derived from the contract.

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type EventName = keyof typeof events;
export type Input<C extends Channel> = Contract[C]['input'];
/** The response type (`null` is a real answer: a cancelled dialog). */
export type Output<C extends Channel> = Contract[C]['output'];
export type EventPayload<E extends EventName> = (typeof events)[E]['output'];

export const CHANNELS = Object.keys(contract) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

type Domain = Channel extends `${infer D}:${string}` ? D : never;
type MethodName<C extends string> = C extends `${string}:${infer A}`
  ? A extends `${infer Head}-${infer Tail}`
    ? `${Head}${Capitalize<MethodName<`:${Tail}`>>}`
    : A
  : never;

type Args<C extends Channel> = undefined extends Input<C> ? [input?: Input<C>] : [input: Input<C>];
type Method<C extends Channel> = (...args: Args<C>) => Promise<Result<Output<C>>>;
/** The same call, answered as wire text (common/ipc/wire.ts). */
type WireMethod<C extends Channel> = (...args: Args<C>) => Promise<string>;

interface Subscribe {
  /** Subscribes to an event; returns the function that unsubscribes. */
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
}

/** What the renderer's stores call: `keydesk.keys.create({...})`, `keydesk.on('store:changed', fn)`. */
export type KeydeskApi = {
  readonly [D in Domain]: { readonly [C in Channel as C extends `${D}:${string}` ? MethodName<C> : never]: Method<C> };
} & Subscribe;

/**
 * What the preload exposes as `window.keydesk`: the same named functions, each answering wire text,
 * which the renderer decodes into `KeydeskApi` (common/ipc/api.ts). Text crosses Electron's
 * context bridge as it is; a decoded answer would be copied there object by object.
 */
export type KeydeskBridge = {
  readonly [D in Domain]: { readonly [C in Channel as C extends `${D}:${string}` ? MethodName<C> : never]: WireMethod<C> };
} & Subscribe;

/** `keys:create` → ['keys', 'create']; `clipboard:copy-secret` → ['clipboard', 'copySecret']. */
export function methodPath(channel: Channel): [string, string] {
  const [domain = '', action = ''] = channel.split(':');
  return [domain, action.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())];
}
