/** The owner and review channels through main's real dispatcher and handlers, as the app's page calls them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AnnotatedKey, OwnershipFinding, ReportResult, Review } from '../../../common/reviews.ts';
import { callAsApp, okAsApp, openIpcHost, type IpcHost } from '../../helpers/ipc-host.ts';

let host: IpcHost;
beforeEach(() => (host = openIpcHost()));
afterEach(() => host.close());

const keyWith = (name: string) => host.keys.create(host.owner(), { name, scopes: ['mail.send'] }).api_key_id;

it('annotates keys, judges findings with the settings, and walks a review to a saved report', async () => {
  const [a, b] = [keyWith('a'), keyWith('b')];
  const annotated = await okAsApp<AnnotatedKey[]>(host, 'keys:annotate', { api_key_ids: [a, b], owner: 'Gone@Example.com', add_tags: ['prod'] });
  expect(annotated.map((k) => [k.owner, k.tags, k.changed])).toEqual([['gone@example.com', ['prod'], true], ['gone@example.com', ['prod'], true]]);
  expect(await okAsApp(host, 'keys:annotations')).toEqual({
    [a]: { owner: 'gone@example.com', purpose: null, tags: ['prod'] },
    [b]: { owner: 'gone@example.com', purpose: null, tags: ['prod'] },
  });
  expect(await okAsApp<OwnershipFinding[]>(host, 'reviews:findings')).toEqual([]);
  await okAsApp(host, 'settings:set', { departedOwners: ['gone@example.com'], rotationDays: 30 });
  expect((await okAsApp<OwnershipFinding[]>(host, 'reviews:findings')).map((f) => f.rule)).toEqual(['departed_owner', 'departed_owner']);

  const started = await okAsApp<Review>(host, 'reviews:start');
  expect(started.policy).toEqual({ rotationDays: 30, departedOwners: ['gone@example.com'] });
  await okAsApp(host, 'reviews:decide', { api_key_id: a, decision: 'keep', note: 'needed' });
  const refused = (await callAsApp(host, 'reviews:close', {})) as { ok: false; code: string; errors: { message: string }[] };
  expect(refused.code).toBe('CONFLICT');
  expect(refused.errors[0]!.message).toMatch(/1 of 2 keys have no decision yet/);
  await okAsApp(host, 'reviews:decide', { api_key_id: b, decision: 'disable' });
  const closed = await okAsApp<Review>(host, 'reviews:close', {});

  // Cancel in the dialog writes nothing; a path writes the report and logs it; PDF needs Chromium.
  expect(await okAsApp(host, 'reviews:save-report', { review_id: closed.id, format: 'html' })).toBeNull();
  const path = join(host.dir, 'review.html');
  host.dialogAnswers.push(path);
  const saved = await okAsApp<ReportResult>(host, 'reviews:save-report', { review_id: closed.id, format: 'html' });
  expect(saved).toMatchObject({ review_id: closed.id, format: 'html', path });
  expect(readFileSync(path, 'utf8')).toContain(closed.audit_head_at_close!);
  host.dialogAnswers.push(join(host.dir, 'review.pdf'));
  const pdf = (await callAsApp(host, 'reviews:save-report', { review_id: closed.id, format: 'pdf' })) as { ok: boolean; errors: { field: string }[] };
  expect(pdf).toMatchObject({ ok: false, errors: [{ field: 'format' }] });
  expect(host.dialogRequests.map((r) => r.title)).toEqual(Array(3).fill('Save the access review report'));
});

it('refuses a payload outside the contract before any handler runs', async () => {
  const a = keyWith('a');
  for (const input of [{ api_key_ids: [] }, { api_key_ids: [a], owner: 5 }, { api_key_ids: [a], colour: 'red' }]) {
    const result = (await callAsApp(host, 'keys:annotate', input)) as { ok: boolean; code: string };
    expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  }
  const decision = (await callAsApp(host, 'reviews:decide', { api_key_id: a, decision: 'maybe' })) as { ok: boolean };
  expect(decision.ok).toBe(false);
  expect(host.handlerCalls).toEqual([]);
});
