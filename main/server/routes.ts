/**
 * SendGrid's v3 key endpoints over the key service (and the subuser list a pull reads), in
 * SendGrid's shapes and status codes.
 * Handlers only translate HTTP to service calls: scopes, grant rules, limits and auditing all
 * live in the services, so the API cannot drift from the CLI and the app.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../../common/errors.ts';
import type { Caller } from '../services/caller.ts';
import type { Services } from '../services/services.ts';
import { listSubusers } from '../services/subusers.ts';

type JsonObject = Readonly<Record<string, unknown>>;

/** A JSON body as an object; anything else (null, an array, a number) reads as an empty one. */
const bodyObject = (body: unknown): JsonObject =>
  body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as JsonObject) : {};

function scopesIn(body: JsonObject): string[] | undefined {
  const { scopes } = body;
  if (scopes === undefined) return undefined;
  if (!Array.isArray(scopes) || !scopes.every((s): s is string => typeof s === 'string')) {
    throw badRequest('scopes', 'scopes must be an array of strings');
  }
  return scopes;
}

/** The largest `limit` (and `offset`) taken as given; a larger one means the same: everything there is. */
export const MAX_PAGE_SIZE = 1_000_000;

/**
 * A paging number from the query string: `limit` from 1, `offset` from 0. Any whole number is
 * accepted, however large: past MAX_PAGE_SIZE it is taken as MAX_PAGE_SIZE, which no account reaches.
 */
function countIn(query: unknown, name: 'limit' | 'offset'): number | undefined {
  const value = bodyObject(query)[name];
  if (value === undefined) return undefined;
  const digits = typeof value === 'string' && /^\d+$/.test(value) ? value.replace(/^0+(?=\d)/, '') : null;
  if (digits === null || (name === 'limit' && digits === '0')) {
    throw badRequest(name, name === 'limit' ? 'limit must be a positive integer' : 'offset must be a whole number, 0 or more');
  }
  return digits.length > String(MAX_PAGE_SIZE).length ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, Number(digits));
}

// Names are passed through as sent: the services report a missing or non-string name with
// SendGrid's message for each endpoint, so a pre-check here would only change the wording.
const nameIn = (body: JsonObject): string => body.name as string;

interface IdParams {
  readonly id: string;
}

export function registerApiRoutes(app: FastifyInstance, services: Services, callerOf: (request: FastifyRequest) => Caller): void {
  const { keys } = services;

  app.get('/v3/scopes', async (request) => {
    const { actor } = callerOf(request);
    return { scopes: actor.kind === 'key' ? actor.scopes : [] };
  });

  app.post('/v3/api_keys', async (request, reply) => {
    const body = bodyObject(request.body);
    const scopes = scopesIn(body);
    const created = keys.create(callerOf(request), { name: nameIn(body), ...(scopes ? { scopes } : {}) });
    reply.code(201);
    return { api_key: created.api_key, api_key_id: created.api_key_id, name: created.name, scopes: created.scopes };
  });

  app.get('/v3/api_keys', async (request) => {
    const limit = countIn(request.query, 'limit');
    const list = keys.list(callerOf(request));
    return { result: list.slice(0, limit).map((k) => ({ name: k.name, api_key_id: k.api_key_id })) };
  });

  app.get('/v3/subusers', async (request) => {
    const query = bodyObject(request.query);
    const limit = countIn(query, 'limit');
    const offset = countIn(query, 'offset');
    const { username } = query;
    if (username !== undefined && typeof username !== 'string') throw badRequest('username', 'username must be given once');
    return listSubusers(services.store, callerOf(request), {
      ...(username !== undefined && { username }),
      ...(limit !== undefined && { limit }),
      ...(offset !== undefined && { offset }),
      includeRegion: query.include_region === 'true',
    });
  });

  app.get<{ Params: IdParams }>('/v3/api_keys/:id', async (request) => {
    const key = keys.get(callerOf(request), request.params.id);
    return { api_key_id: key.api_key_id, name: key.name, scopes: key.scopes };
  });

  app.patch<{ Params: IdParams }>('/v3/api_keys/:id', async (request) => {
    const key = keys.rename(callerOf(request), request.params.id, nameIn(bodyObject(request.body)));
    return { api_key_id: key.api_key_id, name: key.name };
  });

  app.put<{ Params: IdParams }>('/v3/api_keys/:id', async (request) => {
    const body = bodyObject(request.body);
    // PUT replaces every scope: none sent means none kept, which the service refuses by name.
    const key = keys.replace(callerOf(request), request.params.id, { name: nameIn(body), scopes: scopesIn(body) ?? [] });
    return { api_key_id: key.api_key_id, name: key.name, scopes: key.scopes };
  });

  app.delete<{ Params: IdParams }>('/v3/api_keys/:id', async (request, reply) => {
    keys.remove(callerOf(request), request.params.id);
    return reply.code(204).send();
  });
}
