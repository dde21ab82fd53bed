/**
 * The IPC contract: every channel between the renderer and main, in one place. For each channel,
 * the zod validator main applies to the request, the response type, and the scope the caller must
 * hold. Main's dispatcher, the preload API and the renderer's `window.keydesk` type are all derived
 * from this object, so no channel name is written anywhere else.
 *
 * This module is imported at runtime by main (validators) and the preload (channel names), and only
 * for types by the renderer.
 */
import { z } from 'zod';
import type { Category, CategoryLevel, CategoryId, ScopeInfo } from '../main/core/catalog.ts';
import type { ErrorCode, FieldError } from '../main/core/errors.ts';
import { BULK_ACTIONS, GRACE_PRESETS, MAX_POLICY_DAYS } from '../main/core/lifecycle.ts';
import type { AuditEntry, KeyRecord } from '../main/core/records.ts';
import type { AccountSummary, PolicyChange } from '../main/services/accounts.ts';
import type { BulkOutcome } from '../main/services/key-lifecycle.ts';
import type { AuditIntegrity } from '../main/services/audit-integrity.ts';
import type { BackupInfo, RestoreResult } from '../main/store/backups.ts';
import type { LocalApiStatus } from '../main/server/local-api-switch.ts';
import { settingsPatchSchema, type Settings } from '../main/settings/schema.ts';
import { PROGRESS_OPERATIONS, type AuditChange, type AuditReport, type DiffResult, type ExportResult, type ImportResult, type LeakReport } from './audit-results.ts';

// ---- Shared request pieces. Bounds keep hostile payloads small; the services give the precise rules.

const account = z.string().min(1).max(100).optional().describe('account name; default "default"');
const apiKeyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an API Key ID');
// A name past this bound is refused here, before the service sees it: say the service's rule, naming the field.
const name = z.string().max(1000, 'name must be at most 100 characters');
const scopes = z.array(z.string().max(200)).max(1000);
const isoTime = z.iso.datetime({ offset: true });
/** An expiry as typed or chosen (ISO-8601 date or time); the key service checks it against the clock and the account's policy. */
const expiresAt = z.string().min(1).max(64).nullable();
const accountName = z.string().min(1).max(1000);

/** The grace choices the roll dialog offers (core/lifecycle.ts has their lengths). */
export const GRACE_CHOICES = Object.keys(GRACE_PRESETS) as (keyof typeof GRACE_PRESETS)[];
export type GraceChoice = (typeof GRACE_CHOICES)[number];
/** A bulk action may name every key a list is built for (100,000), and no more. */
export const MAX_BULK_KEYS = 100_000;

// ---- Response types.

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

/** The create response: one of the two values that ever carry a secret (with the roll response). */
export interface CreatedKey {
  readonly api_key: string;
  readonly api_key_id: string;
  readonly name: string;
  readonly scopes: readonly string[];
  /** Only present when the key expires. */
  readonly expires_at?: string;
}

/** The roll response: the new secret, shown once, and when the replaced one stops working. */
export interface RolledKey extends CreatedKey {
  readonly secret_id: string;
  readonly previous_secret_id: string | null;
  readonly previous_secret_retires_at: string;
}

export interface AuditEntryView extends AuditEntry {
  /** One readable line: renamed, scopes added/removed, created, deleted. */
  readonly summary: string;
  /** The same change as data: the scopes added and removed, a rename, access, expiry, disabling. */
  readonly change: AuditChange;
  /** The key's name in the entry (after the change, or before it for a deletion); null when no key. */
  readonly key_name: string | null;
}

/**
 * `audit:verify`: the hash chain (`chain`: intact, or broken at row N and why) and the replay of the
 * log against the tables (`replay`: consistent, or the keys and accounts that differ and how).
 */
export type { AuditIntegrity, StateDifference } from '../main/services/audit-integrity.ts';
export type { ChainCheck } from '../main/store/audit-log.ts';
export type { BackupInfo, RestoreResult } from '../main/store/backups.ts';
export type { AccountSummary, PolicyChange };
export type { BulkKeyResult, BulkOutcome } from '../main/services/key-lifecycle.ts';
export { BULK_ACTIONS, type BulkAction } from '../main/core/lifecycle.ts';
export type { LocalApiStatus } from '../main/server/local-api-switch.ts';

export interface AppInfo {
  readonly version: string;
  readonly database: string;
  readonly platform: string;
}

// ---- The channels.

interface ChannelSpec<I extends z.ZodType, O> {
  readonly input: I;
  /**
   * The scope an actor needs; null where no key permission applies (app settings, clipboard); a
   * function of the validated request where the scope depends on it (a bulk delete or disable).
   */
  readonly permission: string | null | ((input: z.output<I>) => string);
  /** Phantom field carrying the response type. */
  readonly output?: O;
}

const channel = <O>() => <I extends z.ZodType>(spec: Omit<ChannelSpec<I, O>, 'output'>): ChannelSpec<I, O> => spec;
const none = z.object({}).strict().optional();

export const contract = {
  'app:info': channel<AppInfo>()({ input: none, permission: null }),

  'scopes:catalog': channel<Catalog>()({ input: none, permission: null }),
  'scopes:levels': channel<Readonly<Record<CategoryId, CategoryLevel>>>()({
    input: z.object({ scopes }).strict(),
    permission: null,
  }),

  'accounts:list': channel<readonly AccountSummary[]>()({ input: none, permission: 'api_keys.read' }),
  // Accounts are SendGrid's subusers (or separate accounts): managing them takes its subuser scopes.
  'accounts:create': channel<AccountSummary>()({
    input: z.object({ name: accountName, parent: z.string().min(1).max(100).nullable().optional() }).strict(),
    permission: 'subusers.create',
  }),
  'accounts:rename': channel<AccountSummary>()({
    input: z.object({ account: z.string().min(1).max(100), name: accountName }).strict(),
    permission: 'subusers.update',
  }),
  /** Refused while the account has keys, unless `force`, which deletes them with it. */
  'accounts:delete': channel<{ readonly deleted_keys: readonly string[] }>()({
    input: z.object({ account: z.string().min(1).max(100), force: z.boolean().optional() }).strict(),
    permission: 'subusers.delete',
  }),
  /** The account's maximum key lifetime in days, or null for none. */
  'accounts:policy': channel<PolicyChange>()({
    input: z
      .object({ account: z.string().min(1).max(100), max_key_lifetime_days: z.number().int().min(1).max(MAX_POLICY_DAYS).nullable() })
      .strict(),
    permission: 'subusers.update',
  }),

  /**
   * The account's live keys, oldest first. With `newest`, only that many of the newest, newest
   * first: the list paints its first screen from them while the whole list is on its way.
   */
  'keys:list': channel<readonly KeyRecord[]>()({
    input: z.object({ account, newest: z.number().int().min(1).max(1000).optional() }).strict().optional(),
    permission: 'api_keys.read',
  }),
  'keys:get': channel<KeyDetails>()({
    input: z.object({ account, api_key_id: apiKeyId }).strict(),
    permission: 'api_keys.read',
  }),
  'keys:create': channel<CreatedKey>()({
    input: z.object({ account, name, scopes: scopes.optional(), expires_at: expiresAt.optional() }).strict(),
    permission: 'api_keys.create',
  }),
  'keys:rename': channel<KeyRecord>()({
    input: z.object({ account, api_key_id: apiKeyId, name }).strict(),
    permission: 'api_keys.update',
  }),
  'keys:replace': channel<KeyRecord>()({
    input: z.object({ account, api_key_id: apiKeyId, name, scopes }).strict(),
    permission: 'api_keys.update',
  }),
  'keys:delete': channel<{ readonly deleted: string }>()({
    input: z.object({ account, api_key_id: apiKeyId }).strict(),
    permission: 'api_keys.delete',
  }),
  /** Reversible: `verify` rejects a disabled key until it is enabled again. */
  'keys:disable': channel<KeyRecord>()({
    input: z.object({ account, api_key_id: apiKeyId }).strict(),
    permission: 'api_keys.update',
  }),
  'keys:enable': channel<KeyRecord>()({
    input: z.object({ account, api_key_id: apiKeyId }).strict(),
    permission: 'api_keys.update',
  }),
  /** Sets the key's expiry, or with null removes it, within the account's policy. */
  'keys:expire': channel<KeyRecord>()({
    input: z.object({ account, api_key_id: apiKeyId, expires_at: expiresAt }).strict(),
    permission: 'api_keys.update',
  }),
  /** A new secret, returned this once; the old one keeps working for the grace chosen. */
  'keys:roll': channel<RolledKey>()({
    input: z.object({ account, api_key_id: apiKeyId, grace: z.enum(GRACE_CHOICES) }).strict(),
    permission: 'api_keys.update',
  }),
  /** One action on many keys, in one transaction: all change, or none does and the results say which keys stopped it. */
  'keys:bulk': channel<BulkOutcome>()({
    input: z
      .object({
        account,
        action: z.enum(BULK_ACTIONS),
        api_key_ids: z.array(apiKeyId).min(1).max(MAX_BULK_KEYS),
        expires_at: expiresAt.optional(),
      })
      .strict(),
    // Deleting needs what a single delete needs; the reversible changes need update.
    permission: ({ action }) => (action === 'delete' ? 'api_keys.delete' : 'api_keys.update'),
  }),

  'audit:list': channel<readonly AuditEntryView[]>()({
    input: z
      .object({ account, key_id: apiKeyId.optional(), action: z.string().max(100).optional(), since: isoTime.optional(), until: isoTime.optional() })
      .strict()
      .optional(),
    permission: 'api_keys.read',
  }),
  'audit:verify': channel<AuditIntegrity>()({ input: none, permission: 'api_keys.read' }),

  /** Backups kept next to the store (one before every schema upgrade), newest first. */
  'store:backups': channel<readonly BackupInfo[]>()({ input: none, permission: 'api_keys.read' }),
  /**
   * Replaces the store with one of those backups, by name; the replaced file is kept aside. Main
   * closes its store first and then reopens it (Electron: relaunches), so every view reloads.
   */
  'store:restore-backup': channel<RestoreResult>()({
    input: z.object({ name: z.string().min(1).max(255) }).strict(),
    permission: 'api_keys.delete',
  }),
  /** Findings and chart figures for the account, with the thresholds from the settings. */
  'audit:findings': channel<AuditReport>()({ input: z.object({ account }).strict().optional(), permission: 'api_keys.read' }),

  // Inventory: each asks main for a path through a native dialog (null data: the user cancelled)
  // and reports progress of long runs as `progress` events.
  'inventory:export': channel<ExportResult | null>()({
    input: z.object({ account, format: z.enum(['csv', 'json']) }).strict(),
    permission: 'api_keys.read',
  }),
  'inventory:import': channel<ImportResult | null>()({ input: z.object({ account }).strict().optional(), permission: 'api_keys.create' }),
  'inventory:diff': channel<DiffResult | null>()({ input: z.object({ account }).strict().optional(), permission: 'api_keys.read' }),
  'leaks:scan': channel<LeakReport | null>()({
    input: z.object({ account, scan_ignored: z.boolean().optional() }).strict().optional(),
    permission: 'api_keys.read',
  }),

  'settings:get': channel<Settings>()({ input: none, permission: null }),
  /** Saves a change; a change to `localApi` starts, stops or moves the local API before it answers. */
  'settings:set': channel<Settings>()({ input: settingsPatchSchema, permission: null }),
  /** Asks main for a folder in the native dialog and makes it the default export folder (null data: cancelled). */
  'settings:choose-export-folder': channel<Settings | null>()({ input: none, permission: null }),

  /**
   * Whether the local API the settings switch controls is listening, on which URL, or why it could
   * not start. Keys authenticate themselves there, so the switch itself needs no scope.
   */
  'settings:local-api-status': channel<LocalApiStatus>()({ input: none, permission: null }),

  /** Copies a secret through main, which clears the clipboard after the configured delay. */
  'clipboard:copy-secret': channel<{ readonly clearsAfterSeconds: number }>()({
    input: z.object({ text: z.string().min(1).max(200) }).strict(),
    permission: null,
  }),
} as const;

/** What the application menu asks the renderer to do. */
export const MENU_COMMANDS = ['new-key', 'export-inventory', 'open-settings'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Notifications main pushes to the renderer. */
export const events = {
  /** The store changed: through this app, or underneath it (the CLI, the local API). */
  'store:changed': z.object({ external: z.boolean() }),
  /** An application-menu item the renderer carries out (New key with Ctrl/Cmd+N, Export..., Settings... with Ctrl/Cmd+,). */
  'menu:command': z.object({ command: z.enum(MENU_COMMANDS) }),
  /** How far a long run (export, import, leak check) has got, for a progress bar. */
  'operation:progress': z.object({ operation: z.enum(PROGRESS_OPERATIONS), done: z.int().nonnegative(), total: z.int().nonnegative() }),
} as const;

// ---- Types derived from the contract.

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type EventName = keyof typeof events;
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
/** The response type (the phantom field is optional, hence the `undefined` taken off; `null` is a real answer). */
export type Output<C extends Channel> = Exclude<Contract[C]['output'], undefined>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const CHANNELS = Object.keys(contract) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

type Domain = Channel extends `${infer D}:${string}` ? D : never;
type MethodName<C extends string> = C extends `${string}:${infer A}`
  ? A extends `${infer Head}-${infer Tail}`
    ? `${Head}${Capitalize<MethodName<`:${Tail}`>>}`
    : A
  : never;

type Method<C extends Channel> = (
  ...args: undefined extends Input<C> ? [input?: Input<C>] : [input: Input<C>]
) => Promise<Result<Output<C>>>;

/** What the renderer sees as `window.keydesk`: `keydesk.keys.create({...})`, `keydesk.onStoreChanged(fn)`. */
export type KeydeskApi = {
  readonly [D in Domain]: { readonly [C in Channel as C extends `${D}:${string}` ? MethodName<C> : never]: Method<C> };
} & {
  /** Subscribes to an event; returns the function that unsubscribes. */
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
};

/** `keys:create` → ['keys', 'create']; `clipboard:copy-secret` → ['clipboard', 'copySecret']. */
export function methodPath(channel: Channel): [string, string] {
  const [domain = '', action = ''] = channel.split(':');
  return [domain, action.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())];
}
