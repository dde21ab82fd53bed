/**
 * Who is acting, on which account, through which door. The owner (the person at the desktop or
 * shell) holds every grantable scope; a key acts with exactly its own scopes.
 */
import { forbidden } from '../../common/errors.ts';
import { OWNER_SCOPES } from '../../common/permissions.ts';
import { mayPerform, type Operation } from '../core/authorization.ts';
import type { AccountRecord } from '../store/account-table.ts';
import type { Via } from '../store/audit-log.ts';

export type Actor =
  | { readonly kind: 'owner' }
  | { readonly kind: 'key'; readonly keyId: string; readonly accountId: number; readonly scopes: readonly string[] };

export const OWNER: Actor = { kind: 'owner' };

export interface Caller {
  readonly actor: Actor;
  readonly account: AccountRecord;
  readonly via: Via;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function actorScopes(actor: Actor): readonly string[] {
  return actor.kind === 'owner' ? OWNER_SCOPES : actor.scopes;
}

/** How the actor is written in the audit log. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'owner' ? 'owner' : `key:${actor.keyId}`;
}

/** Throws SendGrid's 403 unless the actor may perform `operation` (core/authorization.ts says what it needs). */
export function requireOperation(actor: Actor, operation: Operation): void {
  if (!mayPerform(actor, operation)) throw forbidden('access forbidden');
}
