/**
 * What main accepts on each IPC channel: one zod schema per channel of the contract
 * (common/ipc/contract.ts), applied by the dispatcher before any handler runs. The `satisfies`
 * below makes the compiler hold the two together: a channel without a schema, or a schema whose
 * output is not the request type the contract declares, does not build. Bounds keep hostile
 * payloads small; the services give the precise rules and messages.
 */
import { z } from 'zod';
import { BULK_ACTIONS, GRACE_CHOICES, MAX_POLICY_DAYS } from '../../common/lifecycle.ts';
import { PROGRESS_OPERATIONS } from '../../common/inventory.ts';
import { PULL_ACCOUNT_STATES, PULL_PHASES } from '../../common/pull.ts';
import { MENU_COMMANDS, type Channel, type EventName, type EventPayload, type Input } from '../../common/ipc/contract.ts';
import { settingsPatchSchema } from '../../common/settings.ts';
import { PURPOSE_MAX, REPORT_FORMATS, REVIEW_DECISIONS, TAG_MAX, TAGS_MAX } from '../../common/reviews.ts';

const account = z.string().min(1).max(100).optional().describe('account name; default "default"');
const apiKeyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an API Key ID');
// A name past this bound is refused here, before the service sees it: say the service's rule, naming the field.
const name = z.string().max(1000, 'name must be at most 100 characters');
const scopes = z.array(z.string().max(200)).max(1000);
const isoTime = z.iso.datetime({ offset: true });
/** An expiry as typed or chosen (ISO-8601 date or time); the key service checks it against the clock and the account's policy. */
const expiresAt = z.string().min(1).max(64).nullable();
const accountName = z.string().min(1).max(1000);
const existingAccount = z.string().min(1).max(100);
const none = z.object({}).strict().optional().transform(() => undefined);
const onAccount = z.object({ account }).strict();
const onKey = z.object({ account, api_key_id: apiKeyId }).strict();

const tagList = z.array(z.string().max(TAG_MAX * 2)).max(TAGS_MAX * 2);
const reviewId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** A bulk action may name every key a list is built for (100,000), and no more. */
export const MAX_BULK_KEYS = 100_000;

/** A channel's schema: its output is the contract's request type for that channel. */
type Validators = { readonly [C in Channel]: z.ZodType<Input<C>, unknown> };

export const validators = {
  'app:info': none,

  'scopes:catalog': none,
  'scopes:levels': z.object({ scopes }).strict(),

  'accounts:list': none,
  'accounts:create': z.object({ name: accountName, parent: existingAccount.nullable().optional() }).strict(),
  'accounts:rename': z.object({ account: existingAccount, name: accountName }).strict(),
  'accounts:delete': z.object({ account: existingAccount, force: z.boolean().optional() }).strict(),
  'accounts:policy': z.object({ account: existingAccount, max_key_lifetime_days: z.number().int().min(1).max(MAX_POLICY_DAYS).nullable() }).strict(),

  'keys:list': z.object({ account, newest: z.number().int().min(1).max(1000).optional() }).strict().optional(),
  'keys:get': onKey,
  'keys:create': z.object({ account, name, scopes: scopes.optional(), expires_at: expiresAt.optional() }).strict(),
  'keys:rename': onKey.extend({ name }).strict(),
  'keys:replace': onKey.extend({ name, scopes }).strict(),
  'keys:delete': onKey,
  'keys:disable': onKey,
  'keys:enable': onKey,
  'keys:expire': onKey.extend({ expires_at: expiresAt }).strict(),
  'keys:roll': onKey.extend({ grace: z.enum(GRACE_CHOICES) }).strict(),
  'keys:secrets': onKey,
  'keys:grace': onAccount.optional(),
  'keys:bulk': z
    .object({ account, action: z.enum(BULK_ACTIONS), api_key_ids: z.array(apiKeyId).min(1).max(MAX_BULK_KEYS), expires_at: expiresAt.optional() })
    .strict(),

  'audit:list': z
    .object({ account, key_id: apiKeyId.optional(), action: z.string().max(100).optional(), since: isoTime.optional(), until: isoTime.optional() })
    .strict()
    .optional(),
  'audit:verify': none,
  'audit:copy-head': none,

  'store:backups': none,
  'store:restore-backup': z.object({ name: z.string().min(1).max(255) }).strict(),
  'audit:findings': onAccount.optional(),

  'inventory:export': z.object({ account, format: z.enum(['csv', 'json']) }).strict(),
  'inventory:import': onAccount.optional(),
  'inventory:diff': onAccount.optional(),
  'leaks:scan': z.object({ account, scan_ignored: z.boolean().optional() }).strict().optional(),

  // The key is checked in full by the pull (printable, one line); messages here never quote it.
  'pull:start': z
    .object({
      account,
      api_key: z.string().min(1, 'the SendGrid API key is missing').max(512, 'the SendGrid API key is at most 512 characters'),
      subusers: z.boolean().optional(),
      base_url: z.string().min(1).max(2048).optional(),
    })
    .strict(),
  'pull:cancel': none,
  'keys:annotate': z
    .object({
      account,
      api_key_ids: z.array(apiKeyId).min(1).max(MAX_BULK_KEYS),
      // Bounds only: the service checks an owner is an email address and a tag a word, naming the field.
      owner: z.string().max(1000).nullable().optional(),
      purpose: z.string().max(PURPOSE_MAX * 2).nullable().optional(),
      tags: tagList.optional(),
      add_tags: tagList.optional(),
      remove_tags: tagList.optional(),
    })
    .strict(),
  'keys:annotations': onAccount.optional(),

  'reviews:findings': onAccount.optional(),
  'reviews:list': onAccount.optional(),
  'reviews:get': z.object({ account, review_id: reviewId.optional() }).strict(),
  'reviews:start': onAccount.optional(),
  'reviews:decide': z
    .object({ account, review_id: reviewId.optional(), api_key_id: apiKeyId, decision: z.enum(REVIEW_DECISIONS), note: z.string().max(2000).nullable().optional() })
    .strict(),
  'reviews:close': z.object({ account, review_id: reviewId.optional() }).strict(),
  'reviews:save-report': z.object({ account, review_id: reviewId, format: z.enum(REPORT_FORMATS) }).strict(),

  'settings:get': none,
  'settings:set': settingsPatchSchema,
  'settings:choose-export-folder': none,
  'settings:local-api-status': none,

  'clipboard:copy-secret': z.object({ text: z.string().min(1).max(200) }).strict(),
} as const satisfies Validators;

/** Each event's payload, checked before it leaves main. */
export const eventValidators = {
  'store:changed': z.object({ external: z.boolean() }),
  'menu:command': z.object({ command: z.enum(MENU_COMMANDS) }),
  'operation:progress': z.object({ operation: z.enum(PROGRESS_OPERATIONS), done: z.int().nonnegative(), total: z.int().nonnegative() }),
  'pull:progress': z.object({
    phase: z.enum(PULL_PHASES),
    accounts: z.array(
      z.object({ account: z.string(), state: z.enum(PULL_ACCOUNT_STATES), done: z.int().nonnegative(), total: z.int().nonnegative().nullable() }),
    ),
    excess_scopes: z.array(z.string()).nullable(),
  }),
} as const satisfies { readonly [E in EventName]: z.ZodType<EventPayload<E>, unknown> };
