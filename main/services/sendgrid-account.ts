/**
 * Reading a SendGrid account over the client: the calling key's scopes, the subusers, and every
 * key with its scopes (the list gives names and IDs only, so each key is read on its own). Every
 * answer is checked against the shape SendGrid documents before it is used; one that does not fit
 * fails the pull, naming the request and the field, and never quoting the answer.
 */
import { z } from 'zod';
import { KeydeskError } from '../../common/errors.ts';
import { nameErrors } from '../core/grant.ts';
import { SendGridEntry } from './inventory-file.ts';
import type { GetRequest, SendGridClient } from './sendgrid-client.ts';

/** A key as SendGrid holds it. */
export interface RemoteKey {
  readonly api_key_id: string;
  readonly name: string;
  readonly scopes: readonly string[];
}

/** Keys asked for per list request at first; SendGrid allows an account 100. */
const FIRST_KEY_PAGE = 100;
/** The list request grows tenfold while a page comes back full, up to this. */
const MAX_KEY_PAGE = 1_000_000;
/** Subusers asked for per page. */
const SUBUSER_PAGE = 100;

const ScopesAnswer = z.object({ scopes: z.array(z.string().max(200)).max(10_000) });
const ListAnswer = z.object({ result: z.array(SendGridEntry.pick({ api_key_id: true })) });
const Subuser = z
  .object({
    username: z.string().superRefine((name, ctx) => {
      for (const problem of nameErrors(name)) ctx.addIssue({ code: 'custom', message: problem.message.replace(/^name /, 'username ') });
      // It goes back to SendGrid in the on-behalf-of header, which takes printable ASCII only.
      if (!/^[\x20-\x7e]*$/.test(name)) ctx.addIssue({ code: 'custom', message: 'username must be printable ASCII' });
    }),
  })
  .loose();
const SubusersAnswer = z.array(Subuser);

/** A request's answer checked against `schema`; a misfit names the request and the field, never the value. */
async function getChecked<T>(client: SendGridClient, request: GetRequest, schema: z.ZodType<T>): Promise<T | null> {
  const answer = await client.get(request);
  if (answer === null && request.notFoundIsNull) return null;
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  const on = request.onBehalfOf ? ` on behalf of "${request.onBehalfOf}"` : '';
  throw new KeydeskError('UNAVAILABLE', [{ field: null, message: `GET ${request.path}${on}: unexpected answer: ${where}${issue.message}` }]);
}

/** The calling key's own scopes. */
export async function readKeyScopes(client: SendGridClient): Promise<readonly string[]> {
  return (await getChecked(client, { path: '/v3/scopes' }, ScopesAnswer))!.scopes;
}

/** Every subuser's username, paged with limit and offset until a short page. */
export async function readSubusers(client: SendGridClient): Promise<readonly string[]> {
  const seen = new Set<string>();
  for (let offset = 0; ; offset += SUBUSER_PAGE) {
    const page = (await getChecked(client, { path: '/v3/subusers', query: { limit: SUBUSER_PAGE, offset } }, SubusersAnswer))!;
    const fresh = page.filter((s) => !seen.has(s.username));
    fresh.forEach((s) => seen.add(s.username));
    // A page with nothing new means the server ignores the offset: what it has, we have.
    if (page.length < SUBUSER_PAGE || fresh.length === 0) return [...seen];
  }
}

/** The account's key IDs. The list takes only `limit` (no offset): a full page is asked again, larger. */
export async function readKeyIds(client: SendGridClient, onBehalfOf: string | null): Promise<readonly string[]> {
  for (let limit = FIRST_KEY_PAGE; ; limit *= 10) {
    const page = (await getChecked(client, { path: '/v3/api_keys', query: { limit }, onBehalfOf }, ListAnswer))!;
    if (page.result.length < limit || limit >= MAX_KEY_PAGE) return [...new Set(page.result.map((k) => k.api_key_id))];
  }
}

/** A flat `{api_key_id, name, scopes}`, or the same under `result` (SendGrid documents both). */
const KeyAnswer = z.union([
  SendGridEntry.required({ scopes: true }),
  z.object({ result: z.array(SendGridEntry.required({ scopes: true })).min(1) }),
]);

/** One key with its scopes; null when it was deleted between the list and this read. */
export async function readKey(client: SendGridClient, id: string, onBehalfOf: string | null): Promise<RemoteKey | null> {
  const request: GetRequest = { path: `/v3/api_keys/${encodeURIComponent(id)}`, onBehalfOf, notFoundIsNull: true };
  const answer = await getChecked(client, request, KeyAnswer);
  if (answer === null) return null;
  const key = 'result' in answer ? answer.result.find((k) => k.api_key_id === id) : answer.api_key_id === id ? answer : undefined;
  if (!key) {
    const on = onBehalfOf ? ` on behalf of "${onBehalfOf}"` : '';
    throw new KeydeskError('UNAVAILABLE', [{ field: null, message: `GET ${request.path}${on}: the answer is about another key` }]);
  }
  return { api_key_id: key.api_key_id, name: key.name, scopes: key.scopes };
}
