/**
 * A store that has seen every kind of change Keydesk makes (create, rename, replace, disable,
 * enable, expire, roll twice, delete, import and re-import, accounts with a subuser and a policy,
 * a forced account deletion, an export), through the real services over a temp store.
 */
import { join } from 'node:path';
import { exportInventory } from '../../../main/services/inventory-export.ts';
import { importInventory } from '../../../main/services/inventory-import.ts';
import { parseInventory } from '../../../main/services/inventory-file.ts';
import { generateKeyId } from '../../../main/core/key-format.ts';
import type { TempStore } from '../../helpers/temp-store.ts';

export interface SessionKeys {
  /** Created, renamed, then its scopes replaced. */
  readonly edited: string;
  readonly disabled: string;
  /** Disabled, then enabled again. */
  readonly reenabled: string;
  readonly expiring: string;
  /** Rolled twice: its second roll left the first new secret in its grace period. */
  readonly rolled: string;
  readonly deleted: string;
  readonly imported: string;
  /** A key of the subuser account. */
  readonly subuserKey: string;
  readonly subuserAccountId: number;
  /** Every secret the session was shown. */
  readonly secrets: readonly string[];
}

const DAY = 24 * 60 * 60 * 1000;

export async function runEveryKindOfChange(t: TempStore): Promise<SessionKeys> {
  const owner = t.owner();
  const secrets: string[] = [];
  const create = (name: string, scopes: readonly string[], expires_at?: string) => {
    const key = t.keys.create(owner, { name, scopes, ...(expires_at ? { expires_at } : {}) });
    secrets.push(key.api_key);
    return key.api_key_id;
  };

  const edited = create('edited', ['mail.send']);
  t.keys.rename(owner, edited, 'edited, renamed');
  t.keys.replace(owner, edited, { name: 'edited, replaced', scopes: ['mail.send', 'stats.read'] });
  const disabled = create('disabled', ['alerts.read']);
  t.lifecycle.disable(owner, disabled);
  const reenabled = create('re-enabled', ['alerts.read']);
  t.lifecycle.bulk(owner, { action: 'disable', api_key_ids: [reenabled] });
  t.lifecycle.enable(owner, reenabled);
  const expiring = create('expiring', ['stats.read'], new Date(t.clock.now().getTime() + 30 * DAY).toISOString());
  t.lifecycle.setExpiry(owner, expiring, new Date(t.clock.now().getTime() + 60 * DAY).toISOString());
  const rolled = create('rolled', ['mail.send']);
  secrets.push(t.lifecycle.roll(owner, rolled, { grace_ms: DAY }).api_key);
  secrets.push(t.lifecycle.roll(owner, rolled, { grace_ms: 7 * DAY }).api_key);
  const deleted = create('deleted', ['mail.send']);
  t.keys.remove(owner, deleted);

  const imported = generateKeyId();
  const file = (name: string) =>
    parseInventory(Buffer.from(JSON.stringify({ result: [{ api_key_id: imported, name, scopes: ['mail.send', '2fa_required'] }] })));
  importInventory(t.store, file('from SendGrid'), { caller: owner, clock: t.clock });
  importInventory(t.store, file('from SendGrid, renamed there'), { caller: owner, clock: t.clock });

  const parent = t.accounts.create(owner, { name: 'Acme' });
  t.accounts.setPolicy(owner, parent.id, 90);
  t.accounts.rename(owner, parent.id, 'Acme Corp');
  const subuser = t.accounts.create(owner, { name: 'Acme EU', parent: parent.id });
  const subuserKey = t.keys.create(t.owner('Acme EU'), { name: 'eu mailer', scopes: ['mail.send'] });
  secrets.push(subuserKey.api_key);
  const doomed = t.accounts.create(owner, { name: 'Doomed' });
  secrets.push(t.keys.create(t.owner('Doomed'), { name: 'goes with its account', scopes: ['mail.send'] }).api_key);
  t.accounts.remove(owner, doomed.id, { force: true });

  await exportInventory(t.store, { path: join(t.dir, 'inventory.json') }, { format: 'json', caller: owner, clock: t.clock });
  return {
    edited,
    disabled,
    reenabled,
    expiring,
    rolled,
    deleted,
    imported,
    subuserKey: subuserKey.api_key_id,
    subuserAccountId: subuser.id,
    secrets,
  };
}
