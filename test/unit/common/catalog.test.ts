import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_SCOPES, CATEGORIES, CATEGORY_BY_ID, SCOPE_INDEX, SYSTEM_SCOPES } from '../../../common/catalog.ts';

// Appendix B of our SendGrid facts notes: every scope string SendGrid is known to use.
const INVENTORY = readFileSync(new URL('../../fixtures/sendgrid-scope-inventory.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);

describe('scope catalog', () => {
  it('holds exactly the 283 scopes of the SendGrid inventory', () => {
    expect(INVENTORY).toHaveLength(283);
    expect([...ALL_SCOPES]).toEqual([...INVENTORY].sort());
  });

  it("has the seed's UI categories, with Billing", () => {
    expect(CATEGORIES.map((c) => c.name)).toEqual([
      'API Keys', 'Alerts', 'Category Management', 'Email Activity', 'IP Management', 'Inbound Parse',
      'Mail Send', 'Mail Settings', 'Marketing Campaigns', 'Partners', 'Security', 'Stats', 'Subusers',
      'Suppressions', 'Template Engine', 'Tracking', 'User Account', 'Sender Authentication', 'Billing',
    ]);
  });

  it('offers only the levels each category has in SendGrid', () => {
    expect(CATEGORY_BY_ID.get('email_activity')!.levels).toEqual(['none', 'read']);
    expect(CATEGORY_BY_ID.get('stats')!.levels).toEqual(['none', 'read']);
    expect(CATEGORY_BY_ID.get('marketing_campaigns')!.levels).toEqual(['none', 'full']);
    expect(CATEGORY_BY_ID.get('api_keys')!.levels).toEqual(['none', 'read', 'full']);
  });

  it.each(CATEGORIES.map((c) => [c.name, c] as const))('%s has a scope set for each level it offers, and read within full', (_, c) => {
    expect(Boolean(c.read?.length)).toBe(c.levels.includes('read'));
    expect(Boolean(c.full?.length)).toBe(c.levels.includes('full'));
    if (c.read && c.full) expect(c.full).toEqual(expect.arrayContaining([...c.read]));
    for (const scope of [...(c.read ?? []), ...(c.full ?? [])]) expect(SCOPE_INDEX.has(scope)).toBe(true);
  });

  it('keeps Mail Send with its Scheduled Sends, read = batch and scheduled-send reads (SendGrid teammate example)', () => {
    const mailSend = CATEGORY_BY_ID.get('mail_send')!;
    expect(mailSend.includes).toContain('Scheduled Sends');
    expect([...mailSend.read!].sort()).toEqual(['mail.batch.read', 'user.scheduled_sends.read']);
    expect(mailSend.full).toContain('mail.send');
  });

  it('marks the scopes SendGrid sets itself as not assignable, and only those', () => {
    const notAssignable = [...SCOPE_INDEX.values()].filter((s) => !s.assignable).map((s) => s.scope);
    expect(notAssignable.sort()).toEqual([...SYSTEM_SCOPES].sort());
    expect(SYSTEM_SCOPES).toEqual(expect.arrayContaining(['2fa_required', 'sender_verification_eligible']));
  });

  it('leaves scopes outside every category assignable one by one', () => {
    for (const scope of ['teammates.read', 'validations.email.read', 'design_library.create', 'email_activity.read']) {
      expect(SCOPE_INDEX.get(scope)?.assignable).toBe(true);
      expect(SCOPE_INDEX.get(scope)?.category).toBeUndefined();
    }
  });

  it('gives every category its "Includes" items from the product page', () => {
    expect(CATEGORY_BY_ID.get('mail_settings')!.includes).toContain('Spam Checker');
    expect(CATEGORY_BY_ID.get('tracking')!.includes).toContain('Google Analytics');
    expect(CATEGORY_BY_ID.get('suppressions')!.includes).toContain('Unsubscribe Groups');
  });
});
