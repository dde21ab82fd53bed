/**
 * An account's subusers as SendGrid's `GET /v3/subusers` lists them: the child accounts of the
 * caller's account, oldest first, paged with limit and offset. What a pull reads to find them.
 */
import type { Store } from '../store/store.ts';
import { requireOperation, type Caller } from './caller.ts';

export interface SubuserQuery {
  /** Only the subuser with exactly this username. */
  readonly username?: string;
  readonly limit?: number;
  readonly offset?: number;
  /** Add `region` to each (always "global": Keydesk has no regions). */
  readonly includeRegion?: boolean;
}

/** SendGrid's shape. Keydesk keeps no e-mail address for an account, and never disables one. */
export interface Subuser {
  readonly disabled: boolean;
  readonly id: number;
  readonly username: string;
  readonly email: string;
  readonly region?: 'global';
}

export function listSubusers(store: Store, caller: Caller, query: SubuserQuery = {}): Subuser[] {
  requireOperation(caller.actor, 'subusers.read');
  const offset = query.offset ?? 0;
  return store.accounts
    .children(caller.account.id)
    .filter((account) => query.username === undefined || account.name === query.username)
    .slice(offset, query.limit === undefined ? undefined : offset + query.limit)
    .map((account) => ({
      disabled: false,
      id: account.id,
      username: account.name,
      email: '',
      ...(query.includeRegion ? { region: 'global' as const } : {}),
    }));
}
