/**
 * Offline audit of an account's keys: each finding names a rule, a severity, the keys concerned
 * and one line saying why it matters. Thresholds come in as options, so the desktop app passes
 * its settings and the CLI its flags; the rules themselves are pure functions of the records.
 */
import { MAX_KEYS_PER_ACCOUNT } from '../core/grant.ts';
import { badRequest } from '../../common/errors.ts';
import { levelsOfScopes } from '../../common/permissions.ts';
import type { AccountRecord } from '../store/account-table.ts';
import type { KeySummary } from '../store/key-table.ts';
import type { Store } from '../store/store.ts';
import { requireOperation, systemClock, type Caller, type Clock } from './caller.ts';
import { knownScopes } from './inventory.ts';
import { keyStatistics } from './key-statistics.ts';
import type { KeyRef } from '../../common/inventory.ts';
import { FINDING_RULES, SEVERITIES, type Finding, type FindingRule, type KeyStatistics, type Severity } from '../../common/audit.ts';

export const DEFAULT_UNUSED_DAYS = 90;
/** A year, as GitHub's default maximum token lifetime (366 days) and CIS's yearly review suggest. */
export const DEFAULT_MAX_AGE_DAYS = 365;
/** Nine in ten of the 100 keys SendGrid allows: time to clean up before creation starts failing. */
export const DEFAULT_NEAR_LIMIT_AT = 90;

export interface FindingOptions {
  /** A key last used longer ago than this is `unused`. */
  readonly unusedDays?: number;
  /** A key created longer ago than this is `too_old`. */
  readonly maxAgeDays?: number;
  /** An account with at least this many issued keys is `near_key_limit`. */
  readonly nearLimitAt?: number;
  /** Keys rolled with their previous secret still working (`in_grace`); the report reads them from the store. */
  readonly inGrace?: ReadonlySet<string>;
  readonly clock?: Clock;
}

/**
 * Scopes that decide who can get into the account or act as it: keys, teammates, subusers,
 * SMTP credentials, IP access rules, SSO, and the owner's login details.
 */
export const ACCOUNT_CONTROL_SCOPES: readonly string[] = [
  'api_keys.create',
  'api_keys.update',
  'api_keys.delete',
  'teammates.create',
  'teammates.update',
  'teammates.delete',
  'subusers.create',
  'subusers.update',
  'subusers.delete',
  'credentials.create',
  'credentials.update',
  'credentials.delete',
  'access_settings.whitelist.create',
  'access_settings.whitelist.update',
  'access_settings.whitelist.delete',
  'sso.settings.create',
  'sso.settings.update',
  'sso.settings.delete',
  'sso.teammates.create',
  'sso.teammates.update',
  'user.email.update',
  'user.password.update',
  'user.username.update',
  'user.multifactor_authentication.create',
  'user.multifactor_authentication.update',
  'user.multifactor_authentication.delete',
];

const DAY_MS = 86_400_000;
const CONTROL = new Set(ACCOUNT_CONTROL_SCOPES);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const refs = (keys: readonly KeySummary[]): KeyRef[] => keys.map((k) => ({ api_key_id: k.api_key_id, name: k.name }));

function atLeastOne(value: number | undefined, fallback: number, field: string, unit: string): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < 1) throw badRequest(field, `${field} must be a whole number of ${unit}, at least 1`);
  return n;
}

interface KeyRule {
  readonly rule: FindingRule;
  readonly severity: Severity;
  readonly applies: (key: KeySummary) => boolean;
  readonly reason: (count: number) => string;
}

/**
 * A fact about a scope set, worked out once per set: keys share a handful of interned scope arrays
 * (the store hands out one per set), and 100,000 keys would otherwise mean 100,000 scans of them.
 */
function perScopeSet<T>(fact: (scopes: readonly string[]) => T): (key: KeySummary) => T {
  const known = new Map<readonly string[], T>();
  return ({ scopes }) => {
    if (known.has(scopes)) return known.get(scopes)!;
    const value = fact(scopes);
    known.set(scopes, value);
    return value;
  };
}

function keyRules(now: Date, unusedDays: number, maxAgeDays: number, inGrace: ReadonlySet<string>): KeyRule[] {
  const mintsKeys = perScopeSet((scopes) => scopes.includes('api_keys.create'));
  const sendsAndControls = perScopeSet((scopes) => scopes.includes('mail.send') && scopes.some((s) => CONTROL.has(s)));
  const hasCustomLevel = perScopeSet((scopes) => Object.values(levelsOfScopes(scopes)).includes('custom'));
  const unusedSince = new Date(now.getTime() - unusedDays * DAY_MS).toISOString();
  const createdBefore = new Date(now.getTime() - maxAgeDays * DAY_MS).toISOString();
  return [
    {
      rule: 'full_access',
      severity: 'high',
      applies: (k) => k.access_type === 'full',
      reason: (n) => `${plural(n, 'key')} with Full Access: every permission but billing, where most keys need one or two`,
    },
    {
      rule: 'mints_keys',
      severity: 'high',
      applies: mintsKeys,
      reason: (n) => `${plural(n, 'key')} can create API keys: whoever holds one can mint new keys that outlive its deletion`,
    },
    {
      rule: 'send_and_control',
      severity: 'high',
      applies: sendsAndControls,
      reason: (n) => `${plural(n, 'key')} can send mail and also control who gets into the account: one leak both spams and locks you out`,
    },
    {
      rule: 'billing_access',
      severity: 'medium',
      applies: (k) => k.access_type === 'billing',
      reason: (n) => `${plural(n, 'key')} with Billing Access: can change the plan and payment details`,
    },
    {
      rule: 'unused',
      severity: 'medium',
      applies: (k) => k.last_used_at !== null && k.last_used_at < unusedSince,
      reason: (n) => `${plural(n, 'key')} not used for more than ${unusedDays} days: delete what nothing needs`,
    },
    {
      rule: 'too_old',
      severity: 'medium',
      applies: (k) => k.created_at < createdBefore,
      reason: (n) => `${plural(n, 'key')} older than ${maxAgeDays} days: roll or replace them`,
    },
    {
      rule: 'misreported_scopes',
      severity: 'medium',
      // Imported or pulled: keys that live in SendGrid, whose UI shows them.
      applies: (k) => k.origin !== 'issued' && hasCustomLevel(k),
      reason: (n) =>
        `${plural(n, 'key')} from SendGrid ${n === 1 ? 'holds' : 'hold'} part of a category in a shape no level grants: ` +
        `SendGrid's UI shows ${n === 1 ? 'it' : 'them'} at a wrong level`,
    },
    {
      rule: 'never_used',
      severity: 'low',
      // Only keys issued here: Keydesk sees their every use, but not the uses of keys living in SendGrid.
      // A key made this week has had no time to be used: only those older than the unused threshold count.
      applies: (k) => k.origin === 'issued' && k.last_used_at === null && k.created_at < unusedSince,
      reason: (n) => `${plural(n, 'key')} issued over ${unusedDays} days ago and never used: delete what nothing needs`,
    },
    {
      rule: 'in_grace',
      severity: 'low',
      applies: (k) => inGrace.has(k.api_key_id),
      reason: (n) =>
        `${plural(n, 'key')} rolled with the previous secret still working until its grace ends: ` +
        `check every system has the new secret, or roll again with no grace`,
    },
    {
      rule: 'scopes_unknown',
      severity: 'low',
      applies: (k) => knownScopes(k) === null,
      reason: (n) =>
        `${plural(n, 'key')} imported from SendGrid's key list, which omits scopes: import GET /v3/api_keys/{id} output to audit them`,
    },
  ];
}

const SEVERITY_ORDER = new Map(SEVERITIES.map((s, i) => [s, i]));
const RULE_ORDER = new Map(FINDING_RULES.map((r, i) => [r, i]));

/** The findings for one account's live keys. Pure: the same records and options give the same findings. */
export function findingsFor(account: string, keys: readonly KeySummary[], options: FindingOptions = {}): Finding[] {
  const unusedDays = atLeastOne(options.unusedDays, DEFAULT_UNUSED_DAYS, 'unused_days', 'days');
  const maxAgeDays = atLeastOne(options.maxAgeDays, DEFAULT_MAX_AGE_DAYS, 'max_age_days', 'days');
  const nearLimitAt = atLeastOne(options.nearLimitAt, DEFAULT_NEAR_LIMIT_AT, 'near_limit_at', 'keys');
  const now = (options.clock ?? systemClock).now();
  const findings: Finding[] = [];

  for (const { rule, severity, applies, reason } of keyRules(now, unusedDays, maxAgeDays, options.inGrace ?? new Set())) {
    const concerned = keys.filter(applies);
    if (concerned.length) {
      findings.push({ id: `${rule}:${account}`, rule, severity, account, keys: refs(concerned), reason: reason(concerned.length) });
    }
  }

  // Names that read the same to a person: case and surrounding spaces aside. Most names are
  // unique, so a group (an array) is only made for a name seen twice.
  const firstByName = new Map<string, KeySummary>();
  const byName = new Map<string, KeySummary[]>();
  for (const key of keys) {
    const name = key.name.trim().toLowerCase();
    const first = firstByName.get(name);
    if (first === undefined) firstByName.set(name, key);
    else if (byName.has(name)) byName.get(name)!.push(key);
    else byName.set(name, [first, key]);
  }
  for (const [name, same] of byName) {
    findings.push({
      id: `duplicate_name:${account}:${name}`,
      rule: 'duplicate_name',
      severity: 'low',
      account,
      keys: refs(same),
      reason: `${same.length} keys are named "${same[0]!.name}": easy to confuse, and to delete the wrong one`,
    });
  }

  const issued = keys.filter((k) => k.origin === 'issued').length;
  if (issued >= nearLimitAt) {
    const left = Math.max(0, MAX_KEYS_PER_ACCOUNT - issued);
    findings.push({
      id: `near_key_limit:${account}`,
      rule: 'near_key_limit',
      severity: 'medium',
      account,
      keys: [],
      reason: `${issued} of the ${MAX_KEYS_PER_ACCOUNT} keys an account may hold are issued: ${left} left before creation fails`,
    });
  }
  if (keys.length > MAX_KEYS_PER_ACCOUNT) {
    findings.push({
      id: `over_key_limit:${account}`,
      rule: 'over_key_limit',
      severity: 'high',
      account,
      keys: [],
      reason: `the account holds ${keys.length} keys, more than SendGrid's limit of ${MAX_KEYS_PER_ACCOUNT}: some records are stale or belong elsewhere`,
    });
  }

  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER.get(a.severity)! - SEVERITY_ORDER.get(b.severity)! ||
      RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)! ||
      a.id.localeCompare(b.id),
  );
}

export interface AuditScope {
  /** Every account in the store rather than the caller's; the owner only. */
  readonly allAccounts?: boolean;
}

/** The caller's findings and the figures the Audit page charts, from one read of the keys so both describe the same keys. */
export function auditReport(store: Store, caller: Caller, options: FindingOptions = {}): { readonly findings: Finding[]; readonly statistics: KeyStatistics } {
  requireOperation(caller.actor, 'audit.read');
  const keys = store.keys.listLive(caller.account.id);
  const withGrace = { ...options, inGrace: graceKeys(store, caller.account.id, options) };
  return { findings: findingsFor(caller.account.name, keys, withGrace), statistics: keyStatistics(keys, (options.clock ?? systemClock).now()) };
}

/** Findings for the caller's account, or for every account. */
export function auditFindings(store: Store, caller: Caller, options: FindingOptions & AuditScope = {}): Finding[] {
  requireOperation(caller.actor, 'audit.read');
  if (options.allAccounts) requireOperation(caller.actor, 'audit.read-all-accounts');
  const accounts: readonly AccountRecord[] = options.allAccounts ? store.accounts.list() : [caller.account];
  const findings = accounts.flatMap((account) =>
    findingsFor(account.name, store.keys.listLiveSummaries(account.id), { ...options, inGrace: graceKeys(store, account.id, options) }),
  );
  return findings.sort(
    (a, b) => SEVERITY_ORDER.get(a.severity)! - SEVERITY_ORDER.get(b.severity)! || RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)!,
  );
}

/** The account's keys whose previous secret is still in its grace period at the audit's "now". */
function graceKeys(store: Store, accountId: number, options: FindingOptions): ReadonlySet<string> {
  const now = (options.clock ?? systemClock).now().toISOString();
  return new Set(store.keys.inGrace(accountId, now).map((row) => row.api_key_id));
}
