/** Each audit rule against a store built to trigger it, and one that must not. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKnownScope, scopesForLevels, BILLING_SCOPES } from '../../../common/permissions.ts';
import { MAX_KEYS_PER_ACCOUNT } from '../../../main/core/grant.ts';
import { KeydeskError } from '../../../common/errors.ts';
import { ACCOUNT_CONTROL_SCOPES, auditFindings, DEFAULT_NEAR_LIMIT_AT, type AuditScope, type FindingOptions } from '../../../main/services/audit-findings.ts';
import { importInventory } from '../../../main/services/inventory-import.ts';
import { parseInventory } from '../../../main/services/inventory-file.ts';
import { generateKeyId } from '../../../main/core/key-format.ts';
import { addAccount, openTempStore, type TempStore } from '../../helpers/temp-store.ts';
import { SEVERITIES, type Finding, type FindingRule } from '../../../common/audit.ts';

const DAY = 86_400_000;
let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const create = (name: string, scopes?: readonly string[], account = 'default') =>
  t.keys.create(t.owner(account), { name, ...(scopes ? { scopes } : {}) });

/** Imports key records the way a user would: a SendGrid `GET /v3/api_keys/{id}` file. */
function importKeys(keys: { api_key_id?: string; name: string; scopes?: string[] }[], account = 'default') {
  const result = keys.map((k) => ({ api_key_id: k.api_key_id ?? generateKeyId(), name: k.name, ...(k.scopes ? { scopes: k.scopes } : {}) }));
  importInventory(t.store, parseInventory(Buffer.from(JSON.stringify({ result }))), { caller: t.owner(account), clock: t.clock });
  return result;
}

const audit = (options: FindingOptions & AuditScope = {}) => auditFindings(t.store, t.owner(), { clock: t.clock, ...options });
const byRule = (findings: Finding[], rule: FindingRule) => findings.filter((f) => f.rule === rule);
const idsOf = (finding: Finding | undefined) => finding?.keys.map((k) => k.api_key_id).sort();

describe('audit findings', () => {
  it('full_access: Full Access keys, and not restricted ones', () => {
    const full = create('everything');
    create('mailer', ['mail.send']);
    const [finding, ...more] = byRule(audit(), 'full_access');
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ id: 'full_access:default', severity: 'high', account: 'default' });
    expect(finding!.keys).toEqual([{ api_key_id: full.api_key_id, name: 'everything' }]);
    expect(finding!.reason).toMatch(/Full Access/);

    t.keys.remove(t.owner(), full.api_key_id);
    expect(byRule(audit(), 'full_access')).toEqual([]);
  });

  it('mints_keys: keys holding api_keys.create, and not those that only read keys', () => {
    const minter = create('minter', ['api_keys.create', 'api_keys.read']);
    create('reader', ['api_keys.read']);
    expect(idsOf(byRule(audit(), 'mints_keys')[0])).toEqual([minter.api_key_id]);
    t.keys.replace(t.owner(), minter.api_key_id, { name: 'minter', scopes: ['api_keys.read'] });
    expect(byRule(audit(), 'mints_keys')).toEqual([]);
  });

  it('billing_access: Billing keys only', () => {
    create('stats', scopesForLevels({ stats: 'read' }));
    expect(byRule(audit(), 'billing_access')).toEqual([]);
    const billing = create('billing', BILLING_SCOPES);
    expect(byRule(audit(), 'billing_access')[0]).toMatchObject({ severity: 'medium', keys: [{ api_key_id: billing.api_key_id, name: 'billing' }] });
  });

  it('send_and_control: mail.send together with account control, not either alone', () => {
    create('sender', ['mail.send']);
    create('admin', ['teammates.create', 'api_keys.create']);
    expect(byRule(audit(), 'send_and_control')).toEqual([]);
    const both = create('both', ['mail.send', 'user.password.update']);
    expect(idsOf(byRule(audit(), 'send_and_control')[0])).toEqual([both.api_key_id]);
  });

  it('names only real scopes as account control', () => {
    expect(ACCOUNT_CONTROL_SCOPES.filter((s) => !isKnownScope(s))).toEqual([]);
  });

  it('never_used: issued keys never used since more than N days ago; a used key, or one made since, is not reported', () => {
    const idle = create('idle', ['mail.send']);
    const used = create('used', ['mail.send']);
    expect(t.verifier.verify(used.api_key).ok).toBe(true);
    // A key made this morning has had no time to be used: it is not stale yet.
    expect(byRule(audit(), 'never_used')).toEqual([]);
    t.clock.advance(91 * DAY);
    create('made today', ['mail.send']);
    expect(idsOf(byRule(audit(), 'never_used')[0])).toEqual([idle.api_key_id]);
    expect(idsOf(byRule(audit({ unusedDays: 100 }), 'never_used')[0])).toBeUndefined();
    expect(t.verifier.verify(idle.api_key).ok).toBe(true);
    expect(byRule(audit(), 'never_used')).toEqual([]);
  });

  it('in_grace: keys rolled with the old secret still working, until the grace ends', () => {
    const rolled = create('rolled', ['mail.send']);
    const now = create('rolled at once', ['mail.send']);
    t.lifecycle.roll(t.owner(), rolled.api_key_id, { grace_ms: DAY });
    t.lifecycle.roll(t.owner(), now.api_key_id, { grace_ms: 0 });
    expect(byRule(audit(), 'in_grace')[0]).toMatchObject({ severity: 'low', keys: [{ api_key_id: rolled.api_key_id, name: 'rolled' }] });
    t.clock.advance(DAY);
    expect(byRule(audit(), 'in_grace')).toEqual([]);
  });

  it('never_used leaves out imported keys: their use happens in SendGrid, out of sight', () => {
    importKeys([{ name: 'from sendgrid', scopes: ['mail.send'] }]);
    t.clock.advance(91 * DAY);
    expect(byRule(audit(), 'never_used')).toEqual([]);
  });

  it('unused: last used more than N days ago, N from the options (default 90)', () => {
    const stale = create('stale', ['mail.send']);
    const fresh = create('fresh', ['mail.send']);
    t.verifier.verify(stale.api_key);
    t.clock.advance(60 * DAY);
    t.verifier.verify(fresh.api_key);
    expect(byRule(audit(), 'unused')).toEqual([]);

    t.clock.advance(31 * DAY); // stale: 91 days, fresh: 31 days
    const [finding] = byRule(audit(), 'unused');
    expect(idsOf(finding)).toEqual([stale.api_key_id]);
    expect(finding!.reason).toMatch(/more than 90 days/);
    expect(idsOf(byRule(audit({ unusedDays: 30 }), 'unused')[0])).toEqual([fresh.api_key_id, stale.api_key_id].sort());
    expect(byRule(audit({ unusedDays: 120 }), 'unused')).toEqual([]);
  });

  it('too_old: created more than the maximum age ago (default 365 days)', () => {
    const old = create('old', ['mail.send']);
    t.clock.advance(200 * DAY);
    create('young', ['mail.send']);
    t.clock.advance(165 * DAY); // old: exactly 365 days, not more
    expect(byRule(audit(), 'too_old')).toEqual([]);
    t.clock.advance(1 * DAY);
    expect(idsOf(byRule(audit(), 'too_old')[0])).toEqual([old.api_key_id]);
    expect(byRule(audit({ maxAgeDays: 100 }), 'too_old')[0]!.keys).toHaveLength(2);
  });

  it('duplicate_name: names that read the same, one finding per name', () => {
    const a = create('Mailer', ['mail.send']);
    const b = create(' mailer ', ['mail.send']);
    create('Stats', ['stats.read']);
    const findings = byRule(audit(), 'duplicate_name');
    expect(findings).toHaveLength(1);
    expect(idsOf(findings[0])).toEqual([a.api_key_id, b.api_key_id].sort());
    expect(findings[0]!.id).toBe('duplicate_name:default:mailer');
  });

  it('near_key_limit: from 90 issued keys; imported records do not count towards it', () => {
    for (let i = 0; i < DEFAULT_NEAR_LIMIT_AT - 1; i++) create(`key ${i}`, ['mail.send']);
    importKeys([{ name: 'imported', scopes: ['mail.send'] }]);
    expect(byRule(audit(), 'near_key_limit')).toEqual([]);
    create('the 90th', ['mail.send']);
    const [finding] = byRule(audit(), 'near_key_limit');
    expect(finding).toMatchObject({ severity: 'medium', keys: [], account: 'default' });
    expect(finding!.reason).toMatch(/^90 of the 100 keys .* 10 left/);
  });

  it('over_key_limit: an account holding more than 100 keys, imported ones included', () => {
    importKeys(Array.from({ length: MAX_KEYS_PER_ACCOUNT }, (_, i) => ({ name: `imported ${i}`, scopes: ['mail.send'] })));
    expect(byRule(audit(), 'over_key_limit')).toEqual([]);
    expect(byRule(audit(), 'near_key_limit')).toEqual([]); // none of them was issued here
    create('one more', ['mail.send']);
    const [finding] = byRule(audit(), 'over_key_limit');
    expect(finding).toMatchObject({ severity: 'high', keys: [] });
    expect(finding!.reason).toMatch(/holds 101 keys/);
  });

  it('misreported_scopes: imported keys holding part of a category in a shape no level grants', () => {
    importKeys([
      { name: 'clean', scopes: scopesForLevels({ mail_send: 'full', alerts: 'read' }) },
      // SendGrid's UI showed this key at Full Access (sendgrid-csharp#587).
      { name: 'odd', scopes: ['mail_settings.bounce_purge.read'] },
    ]);
    create('issued custom', ['alerts.create']); // custom too, but not in SendGrid: its UI never shows it
    const [finding] = byRule(audit(), 'misreported_scopes');
    expect(finding!.keys.map((k) => k.name)).toEqual(['odd']);
  });

  it('scopes_unknown: keys imported from the key list, which has no scopes', () => {
    const [listed] = importKeys([{ name: 'listed only' }]);
    importKeys([{ name: 'with scopes', scopes: ['mail.send'] }]);
    const [finding] = byRule(audit(), 'scopes_unknown');
    expect(finding!.keys).toEqual([{ api_key_id: listed!.api_key_id, name: 'listed only' }]);

    importKeys([{ api_key_id: listed!.api_key_id, name: 'listed only', scopes: ['stats.read'] }]);
    expect(byRule(audit(), 'scopes_unknown')).toEqual([]);
  });

  it('a clean store has no findings', () => {
    const key = create('mailer', ['mail.send']);
    t.verifier.verify(key.api_key);
    expect(audit()).toEqual([]);
  });

  it('orders findings by severity, and audits one account unless asked for all', () => {
    addAccount(t.store, 'subuser');
    create('everything');
    create('sub billing', BILLING_SCOPES, 'subuser');
    const mine = audit();
    expect(mine.every((f) => f.account === 'default')).toBe(true);
    const all = audit({ allAccounts: true });
    expect(all.map((f) => f.account)).toContain('subuser');
    const ranks = all.map((f) => SEVERITIES.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('refuses thresholds that are not whole days, and a key auditing other accounts', () => {
    expect(() => audit({ unusedDays: 0 })).toThrow(KeydeskError);
    expect(() => audit({ maxAgeDays: 1.5 })).toThrow(/max_age_days must be a whole number of days/);
    const key = create('reader', ['api_keys.read']);
    const asKey = t.asKey(key.api_key_id, ['api_keys.read']);
    expect(auditFindings(t.store, asKey, { clock: t.clock })).toEqual(expect.any(Array));
    expect(() => auditFindings(t.store, asKey, { allAccounts: true })).toThrow(/access forbidden/);
    expect(() => auditFindings(t.store, t.asKey(key.api_key_id, ['mail.send']), {})).toThrow(/access forbidden/);
  });
});
