/**
 * SendGrid's rules for creating and changing a key, in the order SendGrid applies them, with its
 * messages where it has documented one: the 100-key limit, a required name, scopes the caller
 * does not hold, and billing never mixed with anything else.
 */
import { KeydeskError, type FieldError } from '../../common/errors.ts';
import { grantExceedsActor, isKnownScope, isSystemScope, mixesBilling } from '../../common/permissions.ts';

export const MAX_KEYS_PER_ACCOUNT = 100;
/** SendGrid documents no limit; ours keeps names readable in lists and exports. */
export const MAX_NAME_LENGTH = 100;

// C0/C1 controls, and the invisible marks that reorder text (Trojan-Source style spoofing).
const UNSAFE_NAME_CHARS = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

export const LIMIT_MESSAGE = `Cannot create more than ${MAX_KEYS_PER_ACCOUNT} API Keys`;
export const BILLING_MIXED_MESSAGE =
  'An API Key can either have billing permissions or any other set of permissions but not both.';

/** Problems with a key name, empty when it is acceptable. */
export function nameErrors(name: unknown): FieldError[] {
  if (typeof name !== 'string' || name.trim() === '') {
    return [{ field: 'name', message: 'missing required argument' }];
  }
  if (!name.isWellFormed()) return [{ field: 'name', message: 'name must be valid Unicode text' }];
  if (name.length > MAX_NAME_LENGTH) {
    return [{ field: 'name', message: `name must be at most ${MAX_NAME_LENGTH} characters` }];
  }
  if (UNSAFE_NAME_CHARS.test(name)) {
    return [{ field: 'name', message: 'name must not contain control or text-direction characters' }];
  }
  return [];
}

const list = (scopes: readonly string[]): string => `[${scopes.join(', ')}]`;

export interface GrantCheck {
  readonly name: unknown;
  readonly scopes: readonly string[];
  /** What the acting owner or key holds; nobody grants beyond it. */
  readonly actorScopes: Iterable<string>;
  /**
   * The key's current scopes when changing one. System and unknown scopes it already carries
   * (typically from an import) may stay, although nobody could grant them anew.
   */
  readonly existingScopes?: ReadonlySet<string>;
  /** Live issued keys in the account, when creating. */
  readonly keysInAccount?: number;
}

/** Problems with a grant, empty when it is acceptable. */
export function grantErrors(check: GrantCheck): FieldError[] {
  const errors: FieldError[] = [...nameErrors(check.name)];
  const kept = check.existingScopes ?? new Set<string>();
  const keptAsIs = (s: string): boolean => kept.has(s) && (!isKnownScope(s) || isSystemScope(s));
  const requested = check.scopes.filter((s) => !keptAsIs(s));

  const unknown = requested.filter((s) => !isKnownScope(s));
  if (unknown.length) errors.push({ field: 'scopes', message: `unknown scopes: ${list(unknown)}` });
  const system = requested.filter(isSystemScope);
  if (system.length) {
    errors.push({ field: 'scopes', message: `scopes set by SendGrid cannot be granted: ${list(system)}` });
  }
  errors.push(...escalationErrors(check.actorScopes, requested));
  if (check.scopes.every(isSystemScope)) {
    errors.push({ field: 'scopes', message: 'choose at least one permission' });
  }
  if (mixesBilling(check.scopes)) errors.push({ field: 'scopes', message: BILLING_MIXED_MESSAGE });
  return errors;
}

/**
 * Nobody grants more than they hold: the scopes in `granted` (system and unknown ones aside, which
 * nobody holds) that the actor lacks, as SendGrid's 400. Creating, replacing and rolling a key all
 * answer to this one check; rolling hands over a working secret for every scope the key holds.
 */
export function escalationErrors(actorScopes: Iterable<string>, granted: readonly string[]): FieldError[] {
  const beyond = grantExceedsActor(actorScopes, granted.filter((s) => isKnownScope(s) && !isSystemScope(s)));
  return beyond.length ? [{ field: 'scopes', message: `unauthorized scopes: ${list(beyond)}` }] : [];
}

export function assertWithinActor(actorScopes: Iterable<string>, granted: readonly string[]): void {
  const errors = escalationErrors(actorScopes, granted);
  if (errors.length) throw new KeydeskError('BAD_REQUEST', errors);
}

/** Throws the first rule a grant breaks: the key limit (403) first, as SendGrid does, then input errors (400). */
export function assertGrant(check: GrantCheck): void {
  if ((check.keysInAccount ?? 0) >= MAX_KEYS_PER_ACCOUNT) {
    throw new KeydeskError('FORBIDDEN', [{ field: null, message: LIMIT_MESSAGE }]);
  }
  const errors = grantErrors(check);
  if (errors.length) throw new KeydeskError('BAD_REQUEST', errors);
}
