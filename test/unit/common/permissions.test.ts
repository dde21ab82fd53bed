import { describe, expect, it } from 'vitest';
import { CATEGORY_BY_ID } from '../../../common/catalog.ts';
import {
  accessTypeOf,
  authorize,
  BILLING_SCOPES,
  FULL_ACCESS_SCOPES,
  grantExceedsActor,
  levelsOfScopes,
  mixesBilling,
  normalizeScopes,
  OWNER_SCOPES,
  scopesForLevels,
} from '../../../common/permissions.ts';

describe('levels to scopes', () => {
  it('grants the category read set at Read and full set at Full', () => {
    expect(scopesForLevels({ mail_send: 'read' })).toEqual(['mail.batch.read', 'user.scheduled_sends.read']);
    expect(scopesForLevels({ alerts: 'full' })).toEqual(['alerts.create', 'alerts.delete', 'alerts.read', 'alerts.update']);
    expect(scopesForLevels({ alerts: 'none', api_keys: 'read' })).toEqual(['api_keys.read']);
  });

  it('refuses a level the category does not offer', () => {
    expect(() => scopesForLevels({ email_activity: 'full' })).toThrow(/Email Activity offers no full level/);
    expect(() => scopesForLevels({ marketing_campaigns: 'read' })).toThrow(/no read level/);
  });
});

describe('scopes to levels', () => {
  it('reads back each level', () => {
    const levels = levelsOfScopes(scopesForLevels({ alerts: 'read', template_engine: 'full' }));
    expect(levels.alerts).toBe('read');
    expect(levels.template_engine).toBe('full');
    expect(levels.api_keys).toBe('none');
  });

  it('says custom where SendGrid would show a wrong level (a lone bounce_purge.read)', () => {
    expect(levelsOfScopes(['mail_settings.bounce_purge.read']).mail_settings).toBe('custom');
    expect(levelsOfScopes(['alerts.read', 'alerts.create']).alerts).toBe('custom');
  });

  it('does not call Inbound Parse custom because Stats shares its parse-stats scope', () => {
    const stats = levelsOfScopes(scopesForLevels({ stats: 'read' }));
    expect(stats.stats).toBe('read');
    expect(stats.inbound_parse).toBe('none');
    const parse = levelsOfScopes(scopesForLevels({ inbound_parse: 'full' }));
    expect(parse.inbound_parse).toBe('full');
    expect(parse.stats).toBe('none');
  });

  it('ignores scopes outside the categories', () => {
    const levels = levelsOfScopes(['teammates.read', '2fa_required']);
    expect(Object.values(levels).every((l) => l === 'none')).toBe(true);
  });
});

describe('access types', () => {
  it('Full Access is every assignable scope but billing, Email Address Validation and system scopes', () => {
    expect(FULL_ACCESS_SCOPES).toContain('mail.send');
    expect(FULL_ACCESS_SCOPES).toContain('teammates.read');
    expect(FULL_ACCESS_SCOPES.some((s) => s.startsWith('billing.'))).toBe(false);
    expect(FULL_ACCESS_SCOPES.some((s) => s.startsWith('validations.email.'))).toBe(false);
    expect(FULL_ACCESS_SCOPES).not.toContain('2fa_required');
  });

  it('classifies keys as Full, Billing or Restricted', () => {
    expect(accessTypeOf(FULL_ACCESS_SCOPES)).toBe('full');
    expect(accessTypeOf([...FULL_ACCESS_SCOPES, '2fa_required', 'sender_verification_legacy'])).toBe('full');
    expect(accessTypeOf(FULL_ACCESS_SCOPES.slice(1))).toBe('restricted');
    expect(accessTypeOf([...FULL_ACCESS_SCOPES, 'validations.email.read'])).toBe('restricted');
    expect(accessTypeOf(BILLING_SCOPES)).toBe('billing');
    expect(accessTypeOf(['billing.read', '2fa_required'])).toBe('billing');
    expect(accessTypeOf(['mail.send'])).toBe('restricted');
    expect(accessTypeOf([])).toBe('restricted');
  });

  it('Billing Access is exactly the billing category', () => {
    expect(BILLING_SCOPES).toEqual([...CATEGORY_BY_ID.get('billing')!.full!].sort());
  });

  it('the owner holds everything grantable, billing included', () => {
    expect(OWNER_SCOPES).toEqual(expect.arrayContaining([...FULL_ACCESS_SCOPES, ...BILLING_SCOPES, 'validations.email.read']));
    expect(OWNER_SCOPES).not.toContain('2fa_required');
  });
});

describe('normalizeScopes', () => {
  it('sorts by UTF-16 order and drops repeats, whatever order the scopes come in', () => {
    expect(normalizeScopes(['mail.send', 'alerts.read', 'mail.send'])).toEqual(['alerts.read', 'mail.send']);
    expect(normalizeScopes(['alerts.read', 'alerts.read', 'mail.send'])).toEqual(['alerts.read', 'mail.send']);
    expect(normalizeScopes(['b', 'B', 'a', '_'])).toEqual(['B', '_', 'a', 'b']);
    expect(normalizeScopes(new Set(['stats.read', 'alerts.read']))).toEqual(['alerts.read', 'stats.read']);
    expect(normalizeScopes([])).toEqual([]);
  });

  it('gives a new array even when the list is already in order, so freezing it freezes nothing of the caller', () => {
    const sorted = ['alerts.read', 'mail.send'];
    const normal = normalizeScopes(sorted);
    expect(normal).toEqual(sorted);
    expect(normal).not.toBe(sorted);
  });
});

describe('authorize and grant bounds', () => {
  it('allows an action only with its exact scope', () => {
    expect(authorize(['api_keys.read'], 'api_keys.read')).toBe(true);
    expect(authorize(['api_keys.read'], 'api_keys.create')).toBe(false);
    expect(authorize([], 'mail.send')).toBe(false);
  });

  it('names the scopes a grant asks for beyond the actor', () => {
    expect(grantExceedsActor(['alerts.read'], ['alerts.read', 'mail.send', 'alerts.create'])).toEqual(['alerts.create', 'mail.send']);
    expect(grantExceedsActor(['alerts.read', 'mail.send'], ['mail.send'])).toEqual([]);
  });

  it("reads an actor's scopes as they are at each check, whether frozen (remembered) or not", () => {
    const frozen = Object.freeze(['alerts.read', 'mail.send']);
    expect(grantExceedsActor(frozen, ['mail.send', 'alerts.create'])).toEqual(['alerts.create']);
    expect(grantExceedsActor(frozen, ['alerts.read', 'stats.read'])).toEqual(['stats.read']);
    // An array that can still change is never taken for the set it held last time.
    const held = ['alerts.read'];
    expect(grantExceedsActor(held, ['mail.send'])).toEqual(['mail.send']);
    held.push('mail.send');
    expect(grantExceedsActor(held, ['mail.send'])).toEqual([]);
    held.length = 0;
    expect(grantExceedsActor(held, ['alerts.read'])).toEqual(['alerts.read']);
    expect(Object.isFrozen(OWNER_SCOPES)).toBe(true);
    expect(grantExceedsActor(OWNER_SCOPES, ['mail.send', 'not.a.scope'])).toEqual(['not.a.scope']);
  });

  it('spots billing mixed with anything else, but not with system scopes', () => {
    expect(mixesBilling(['billing.read', 'mail.send'])).toBe(true);
    expect(mixesBilling(['billing.read', '2fa_required'])).toBe(false);
    expect(mixesBilling(['mail.send'])).toBe(false);
  });
});
