/**
 * The account switcher in the top bar: every account with its key count against its own limit,
 * subusers under their parent, and the account's management (new, rename, lifetime policy,
 * delete). Choosing an account shows its keys; the choice is remembered for the next start.
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useAccount, useStores } from '../app/stores-context.tsx';
import { accountTree, DEFAULT_ACCOUNT } from '../stores/account-store.ts';
import { CheckIcon, ChevronIcon, ClockIcon, PencilIcon, PlusIcon, TrashIcon, UsersIcon } from './icons.tsx';

export type AccountAction = 'create' | 'rename' | 'delete' | 'policy';

export function AccountSwitcher({ onAction }: { readonly onAction: (action: AccountAction) => void }) {
  const accounts = useAccount((state) => state.accounts);
  const current = useAccount((state) => state.current);
  const summary = useAccount((state) => state.summary);
  const toasts = useStores().toasts;
  const switchTo = useAccount((state) => state.switchTo);
  const isDefault = current === DEFAULT_ACCOUNT;

  async function choose(name: string) {
    await switchTo(name);
    toasts.getState().show('info', `Showing the keys of “${name}”.`);
  }

  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="account-switcher" aria-label={`Account: ${current}`} data-account-switcher="">
          <UsersIcon />
          <span className="account-switcher__name">{current}</span>
          {summary?.parent_name && <span className="account-switcher__meta">subuser of {summary.parent_name}</span>}
          <ChevronIcon />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu menu--accounts" align="start" sideOffset={4}>
          <DropdownMenu.Label className="menu__label">Accounts</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={current} onValueChange={(name) => void choose(name)}>
            {accountTree(accounts).map(({ account, depth }) => (
              <DropdownMenu.RadioItem key={account.id} value={account.name} className={`menu__item${depth ? ' menu__item--sub' : ''}`}>
                <span className="account-item">
                  <span className="account-item__name">{account.name}</span>
                  <span className="account-item__meta">
                    {account.issued_keys} of {account.key_limit} keys
                    {account.keys > account.issued_keys && ` + ${account.keys - account.issued_keys} imported`}
                    {depth === 1 && <span className="visually-hidden">, subuser of {account.parent_name}</span>}
                  </span>
                </span>
                <DropdownMenu.ItemIndicator className="menu__check">
                  <CheckIcon />
                </DropdownMenu.ItemIndicator>
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
          <DropdownMenu.Separator className="menu__separator" />
          <DropdownMenu.Item className="menu__item" onSelect={() => onAction('create')}>
            <PlusIcon />
            New account…
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu__item" onSelect={() => onAction('policy')}>
            <ClockIcon />
            <span className="menu__text">
              Key lifetime policy…
              <span className="menu__hint">
                {summary?.max_key_lifetime_days ? `Keys expire within ${summary.max_key_lifetime_days} days` : 'No maximum lifetime'}
              </span>
            </span>
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu__item" disabled={isDefault} onSelect={() => onAction('rename')}>
            <PencilIcon />
            <span className="menu__text">
              Rename account…
              {isDefault && <span className="menu__hint">“default” keeps its name: the CLI acts there without --account.</span>}
            </span>
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu__item menu__item--danger" disabled={isDefault} onSelect={() => onAction('delete')}>
            <TrashIcon />
            <span className="menu__text">
              Delete account…
              {isDefault && <span className="menu__hint">“default” cannot be deleted.</span>}
            </span>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
