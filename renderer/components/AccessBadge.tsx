/**
 * A key's access type, with what it holds per category on hover or keyboard focus. The summary
 * comes from main (`keys:get` levels), so it says exactly what the edit form will show, including
 * "Custom" where SendGrid's own UI would show a wrong level. The tooltip mounts on first use: until
 * the pointer or focus first reaches the badge, the row shows a plain button (app/use-first-use.ts).
 */
import * as Tooltip from '@radix-ui/react-tooltip';
import { useLayoutEffect, useRef, useState } from 'react';
import { useFirstUse, useReplay } from '../app/use-first-use.ts';
import type { CategoryId, CategoryLevel } from '../../common/catalog.ts';
import type { KeyRecord } from '../../common/records.ts';
import { ACCESS_SHORT, LEVEL_LABEL } from '../keys/labels.ts';
import { universeOf } from '../permissions/scope-edits.ts';
import { useAccount, useApi, useCatalog } from '../app/stores-context.tsx';

type Summary =
  | { readonly id: string; readonly levels: Readonly<Record<CategoryId, CategoryLevel>>; readonly scopes: readonly string[] }
  | { readonly id: string; readonly failed: true };

/** What first reached the badge: the pointer or the focus. */
type FirstReach = 'pointer' | 'focus';

export function AccessBadge({ apiKey }: { readonly apiKey: KeyRecord }) {
  const [reached, reach] = useFirstUse<FirstReach>(apiKey.api_key_id);
  if (reached !== null) return <AccessTooltip apiKey={apiKey} firstReach={reached} />;
  return (
    <button
      type="button"
      className={`badge badge--${apiKey.access_type}`}
      data-state="closed"
      onPointerEnter={(event) => {
        if (event.pointerType !== 'touch') reach('pointer');
      }}
      onFocus={() => reach('focus')}
    >
      {ACCESS_SHORT[apiKey.access_type]}
    </button>
  );
}

function AccessTooltip({ apiKey, firstReach }: { readonly apiKey: KeyRecord; readonly firstReach: FirstReach }) {
  const api = useApi();
  const account = useAccount((state) => state.current);
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState<Summary | null>(null);
  const id = apiKey.api_key_id;
  const summary = loaded?.id === id ? loaded : null;
  const trigger = useRef<HTMLButtonElement>(null);
  // Focus moves to the badge that replaced the one focused, before the frame paints; Radix opens on it.
  useLayoutEffect(() => {
    if (firstReach === 'focus') trigger.current?.focus();
  }, [firstReach]);
  // The pointer that reached the plain badge rests on this one, and a Radix tooltip opens on
  // pointermove. Chromium tells the new element it is under the pointer (pointerover) only when it
  // next checks what is hovered, which a busy machine can put off past the user's wait: so the first
  // reach is passed on at once, as a pointermove, once the trigger is mounted. If the pointer has
  // gone by then, its next move anywhere else ends the hover as a pointerout would have.
  const handOver = useRef(firstReach === 'pointer');
  useReplay(trigger, (button) => {
    if (!handOver.current) return;
    handOver.current = false;
    button.dispatchEvent(new PointerEvent('pointermove', { pointerType: 'mouse', bubbles: true }));
    const away = (event: PointerEvent) => {
      document.removeEventListener('pointermove', away, true);
      if (event.target instanceof Node && !button.contains(event.target)) {
        button.dispatchEvent(new PointerEvent('pointerout', { pointerType: event.pointerType, bubbles: true, relatedTarget: event.target }));
      }
    };
    document.addEventListener('pointermove', away, true);
  });

  function openChange(open: boolean) {
    setOpen(open);
    if (!open || apiKey.access_type === 'full') return;
    void api.keys.get({ account, api_key_id: id }).then((result) => {
      setLoaded(result.ok ? { id, levels: result.data.levels, scopes: result.data.scopes } : { id, failed: true });
    });
  }

  return (
    <Tooltip.Root open={open} onOpenChange={openChange}>
      <Tooltip.Trigger
        asChild
        onPointerOver={(event) => {
          if (!handOver.current) return;
          handOver.current = false;
          const { pointerType, clientX, clientY } = event;
          event.currentTarget.dispatchEvent(new PointerEvent('pointermove', { pointerType, clientX, clientY, bubbles: true }));
        }}
        onPointerMove={() => {
          handOver.current = false;
        }}
      >
        <button ref={trigger} type="button" className={`badge badge--${apiKey.access_type}`}>
          {ACCESS_SHORT[apiKey.access_type]}
        </button>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tooltip access-summary" side="bottom" align="start" sideOffset={6}>
          {apiKey.access_type === 'full' ? (
            <p>Every permission except Billing and Email Address Validation.</p>
          ) : summary === null ? (
            <p>Loading permissions…</p>
          ) : 'failed' in summary ? (
            <p>Could not load this key's permissions.</p>
          ) : (
            <LevelList levels={summary.levels} scopes={summary.scopes} />
          )}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

function LevelList({ levels, scopes }: { readonly levels: Readonly<Record<CategoryId, CategoryLevel>>; readonly scopes: readonly string[] }) {
  const catalog = useCatalog((state) => state.catalog);
  const categories = catalog?.categories ?? [];
  const held = categories.filter((category) => levels[category.id] !== 'none');
  const systemScopes = new Set(catalog?.scopes.filter((s) => !s.assignable).map((s) => s.scope));
  const others = scopes.filter((scope) => !systemScopes.has(scope) && !categories.some((c) => universeOf(c).has(scope)));
  if (held.length === 0 && others.length === 0) return <p>No permissions.</p>;
  return (
    <dl className="level-list">
      {held.map((category) => (
        <div key={category.id} className="level-list__row">
          <dt>{category.name}</dt>
          <dd className={`level level--${levels[category.id]}`}>{LEVEL_LABEL[levels[category.id]].replace(' Access', '')}</dd>
        </div>
      ))}
      {others.length > 0 && (
        <div className="level-list__row">
          <dt>Other scopes</dt>
          <dd>{others.length}</dd>
        </div>
      )}
    </dl>
  );
}
