import { describe, expect, it } from 'vitest';
import { assertGrant, assertWithinActor, grantErrors, MAX_KEYS_PER_ACCOUNT, nameErrors } from '../../../main/core/grant.ts';
import { KeydeskError } from '../../../common/errors.ts';
import { OWNER_SCOPES } from '../../../common/permissions.ts';
import { thrownBy } from '../../helpers/expect-error.ts';

const owner = { actorScopes: OWNER_SCOPES };

describe('key names', () => {
  it('requires one, with SendGrid\'s message on the name field', () => {
    for (const name of ['', '   ', undefined, 42]) {
      expect(nameErrors(name)).toEqual([{ field: 'name', message: 'missing required argument' }]);
    }
  });

  it('accepts ordinary names, including non-Latin text', () => {
    expect(nameErrors('Prod mailer')).toEqual([]);
    expect(nameErrors('Почта — prod 🚀')).toEqual([]);
  });

  it('rejects names over 100 characters', () => {
    expect(nameErrors('x'.repeat(100))).toEqual([]);
    expect(nameErrors('x'.repeat(101))[0]).toMatchObject({ field: 'name', message: expect.stringMatching(/at most 100/) });
  });

  it('rejects control characters and text-direction overrides', () => {
    for (const name of ['a\u0000b', 'line\nbreak', 'tab\there', 'evil\u202Etxt.exe', '\u2066isolate']) {
      expect(nameErrors(name)[0]?.field).toBe('name');
    }
  });

  it('rejects broken Unicode (lone surrogates)', () => {
    expect(nameErrors('bad\uD800')[0]).toMatchObject({ field: 'name', message: expect.stringMatching(/Unicode/) });
  });
});

describe('grants', () => {
  it('accepts a valid restricted grant', () => {
    expect(grantErrors({ ...owner, name: 'k', scopes: ['mail.send'] })).toEqual([]);
  });

  it('rejects unknown scopes by name', () => {
    expect(grantErrors({ ...owner, name: 'k', scopes: ['mail.send', 'suppressions.read'] })).toEqual([
      { field: 'scopes', message: 'unknown scopes: [suppressions.read]' },
    ]);
  });

  it("rejects scopes beyond the actor's own with SendGrid's message", () => {
    expect(grantErrors({ actorScopes: ['alerts.read'], name: 'k', scopes: ['alerts.read', 'mail.send'] })).toEqual([
      { field: 'scopes', message: 'unauthorized scopes: [mail.send]' },
    ]);
  });

  it('rejects billing mixed with other scopes', () => {
    const errors = grantErrors({ ...owner, name: 'k', scopes: ['billing.read', 'mail.send'] });
    expect(errors).toEqual([{ field: 'scopes', message: expect.stringMatching(/either have billing permissions or any other/) }]);
  });

  it('rejects granting scopes SendGrid sets itself, but lets an existing key keep them', () => {
    expect(grantErrors({ ...owner, name: 'k', scopes: ['mail.send', '2fa_required'] })[0]?.message).toMatch(/cannot be granted: \[2fa_required\]/);
    expect(grantErrors({ ...owner, name: 'k', scopes: ['mail.send', '2fa_required'], existingScopes: new Set(['2fa_required']) })).toEqual([]);
  });

  it('still checks bounds on assignable scopes a key already had', () => {
    const check = { actorScopes: ['alerts.read'], name: 'k', scopes: ['alerts.read', 'mail.send'], existingScopes: new Set(['mail.send']) };
    expect(grantErrors(check)[0]?.message).toBe('unauthorized scopes: [mail.send]');
  });

  it('rejects a grant with no permission at all', () => {
    expect(grantErrors({ ...owner, name: 'k', scopes: [] })).toEqual([{ field: 'scopes', message: 'choose at least one permission' }]);
  });

  it('reports every problem at once', () => {
    const errors = grantErrors({ actorScopes: ['alerts.read'], name: '', scopes: ['nope', 'mail.send'] });
    expect(errors.map((e) => e.message)).toEqual(['missing required argument', 'unknown scopes: [nope]', 'unauthorized scopes: [mail.send]']);
  });

  it('stops the 101st key first, with a 403', () => {
    const attempt = () => assertGrant({ ...owner, name: '', scopes: [], keysInAccount: MAX_KEYS_PER_ACCOUNT });
    expect(attempt).toThrow(KeydeskError);
    try {
      attempt();
    } catch (error) {
      expect((error as KeydeskError).code).toBe('FORBIDDEN');
      expect((error as KeydeskError).toBody()).toEqual({ errors: [{ field: null, message: 'Cannot create more than 100 API Keys' }] });
    }
    expect(() => assertGrant({ ...owner, name: 'k', scopes: ['mail.send'], keysInAccount: 99 })).not.toThrow();
  });

  it('words each refusal as the user reads it, lists separated by commas', () => {
    expect(nameErrors('bad\u202Ename')).toEqual([{ field: 'name', message: 'name must not contain control or text-direction characters' }]);
    expect(grantErrors({ ...owner, name: 'k', scopes: ['mail.send', 'nope.one', 'nope.two'] })).toEqual([{ field: 'scopes', message: 'unknown scopes: [nope.one, nope.two]' }]);
    expect(grantErrors({ ...owner, name: 'k', scopes: ['mail.send', '2fa_required'] })).toEqual([{ field: 'scopes', message: 'scopes set by SendGrid cannot be granted: [2fa_required]' }]);
  });

  it('refuses a bad grant with a 400, and a create without a count of keys is not held to the limit', () => {
    expect(thrownBy(() => assertGrant({ ...owner, name: 'k', scopes: [] }), KeydeskError).code).toBe('BAD_REQUEST');
    expect(() => assertGrant({ ...owner, name: 'k', scopes: ['mail.send'] })).not.toThrow();
  });

  it('assertWithinActor: a 400 naming the scopes beyond the actor, nothing when within', () => {
    const error = thrownBy(() => assertWithinActor(['alerts.read'], ['alerts.read', 'mail.send', 'stats.read']), KeydeskError);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.toBody()).toEqual({ errors: [{ field: 'scopes', message: 'unauthorized scopes: [mail.send, stats.read]' }] });
    expect(() => assertWithinActor(['alerts.read', 'mail.send'], ['mail.send'])).not.toThrow();
  });
});
