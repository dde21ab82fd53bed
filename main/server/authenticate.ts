/**
 * Who is calling: `Authorization: Bearer <key>` checked by the store's verifier, and optionally
 * `on-behalf-of: <subuser account>` to act on a subuser of the key's own account. The result is
 * the same `Caller` the CLI and the app use, so the services apply their rules (scopes, limits,
 * audit actor `key:<id>`) unchanged.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { forbidden, KeydeskError } from '../../common/errors.ts';
import type { Actor, Caller } from '../services/caller.ts';
import type { Services } from '../services/services.ts';

/** SendGrid's 401 for a missing or malformed Authorization header. */
export const AUTHORIZATION_REQUIRED = 'authorization required';
/** SendGrid's 401 for a key it will not accept, whatever the reason: unknown, wrong, deleted, disabled, expired. */
export const INVALID_GRANT = 'The provided authorization grant is invalid, expired, or revoked';

const BEARER = /^Bearer +(\S+) *$/i;

const unauthorized = (message: string): KeydeskError => new KeydeskError('UNAUTHORIZED', [{ field: null, message }]);

/** The key in `Authorization: Bearer <key>`, or undefined when the header is missing or not a Bearer one. */
export const presentedKey = (headers: IncomingHttpHeaders): string | undefined => BEARER.exec(headers.authorization ?? '')?.[1];

export function authenticate(services: Services, headers: IncomingHttpHeaders): Caller {
  const presented = presentedKey(headers);
  if (presented === undefined) throw unauthorized(AUTHORIZATION_REQUIRED);
  // The reason stays server-side: telling a caller "deleted" vs "wrong secret" helps only a guesser.
  const verified = services.verifier.verify(presented, { caller: 'api' });
  if (!verified.ok) throw unauthorized(INVALID_GRANT);

  const { key } = verified;
  const keyAccount = services.store.accounts.byId(key.account_id);
  if (!keyAccount) throw unauthorized(INVALID_GRANT);
  const actor: Actor = { kind: 'key', keyId: key.api_key_id, accountId: keyAccount.id, scopes: key.scopes };

  const onBehalfOf = headers['on-behalf-of'];
  if (onBehalfOf === undefined) return { actor, account: keyAccount, via: 'api' };
  // Only a direct subuser of the key's account; an unknown name looks the same, so names don't leak.
  const subuser = typeof onBehalfOf === 'string' ? services.store.accounts.byName(onBehalfOf.trim()) : undefined;
  if (!subuser || subuser.parent_id !== keyAccount.id) throw forbidden('access forbidden');
  return { actor, account: subuser, via: 'api' };
}
