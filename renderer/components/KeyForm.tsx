/**
 * The form create and edit share: the name, the expiry, the access type (Full / Restricted /
 * Billing) and, for Restricted and Billing, the permissions, by category or scope by scope, in the
 * dialog's frame. Errors from main appear under the field they name (others above the fields);
 * what the user entered stays as it was. The two dialogs differ in where the form starts and what
 * saving does, so each brings its own start, header and submit.
 */
import * as Tabs from '@radix-ui/react-tabs';
import { useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { AccessType } from '../../common/catalog.ts';
import type { FieldError } from '../../common/errors.ts';
import type { Catalog } from '../../common/ipc/contract.ts';
import { ACCESS_LABEL } from '../keys/labels.ts';
import type { CategoryLevels } from '../permissions/scope-edits.ts';
import { usePermissionDraft, type PermissionDraft } from '../permissions/use-permission-draft.ts';
import { ChoiceGroup } from './ChoiceGroup.tsx';
import { errorsFor, errorsOutside, FieldMessages } from './field-errors.tsx';
import { FormDialogFooter } from './FormDialogParts.tsx';
import { PermissionMatrix } from './PermissionMatrix.tsx';
import { PermissionSummary } from './PermissionSummary.tsx';
import { ScopePicker } from './ScopePicker.tsx';
import { SearchIcon } from './icons.tsx';
import { useReportDirty } from './DiscardGuard.tsx';
import { sameScopes } from '../permissions/scope-edits.ts';

/** The fields this form shows errors for; others become notices. */
export const FORM_FIELDS = ['name', 'scopes', 'expires_at'] as const;

const ACCESS_ORDER: readonly AccessType[] = ['full', 'restricted', 'billing'];

const ACCESS_HINT: Readonly<Record<AccessType, string>> = {
  full: 'Every permission except Billing and Email Address Validation.',
  restricted: 'Choose a level for each category, or pick individual scopes.',
  billing: 'Billing endpoints only. Billing never mixes with other permissions.',
};

/** Where the form starts: a key's own values when editing, the defaults when creating. */
export interface KeyFormStart {
  readonly name: string;
  readonly access: AccessType;
  readonly restricted: { readonly scopes: Iterable<string>; readonly levels: CategoryLevels };
  readonly billing: { readonly scopes: Iterable<string>; readonly levels: CategoryLevels };
}

export interface KeyFormState {
  readonly name: string;
  readonly setName: (name: string) => void;
  readonly access: AccessType;
  readonly setAccess: (access: AccessType) => void;
  readonly restricted: PermissionDraft;
  readonly billing: PermissionDraft;
  readonly errors: readonly FieldError[];
  readonly setErrors: (errors: readonly FieldError[]) => void;
  readonly busy: boolean;
  readonly setBusy: (busy: boolean) => void;
  readonly nameRef: RefObject<HTMLInputElement | null>;
  /** The name, access type or permissions differ from where the form started. */
  readonly dirty: boolean;
}

/** What the form holds while it is open. */
export function useKeyFormState(catalog: Catalog, start: KeyFormStart): KeyFormState {
  const [name, setName] = useState(start.name);
  const [access, setAccess] = useState<AccessType>(start.access);
  const restricted = usePermissionDraft(catalog.categories, start.restricted.scopes, start.restricted.levels);
  const billing = usePermissionDraft(catalog.categories, start.billing.scopes, start.billing.levels);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const dirty =
    name !== start.name ||
    access !== start.access ||
    !sameScopes(restricted.scopes, restricted.original) ||
    !sameScopes(billing.scopes, billing.original);
  return { name, setName, access, setAccess, restricted, billing, errors, setErrors, busy, setBusy, nameRef, dirty };
}

/** Shows main's refusal; when it names the name, focus goes back there to fix it. */
export function showRefusal(form: KeyFormState, errors: readonly FieldError[]) {
  form.setErrors(errors);
  if (errors.some((error) => error.field === 'name')) form.nameRef.current?.focus();
}

interface KeyDialogFormProps {
  readonly catalog: Catalog;
  readonly form: KeyFormState;
  /** The dialog's header (FormDialogHeader). */
  readonly header: ReactNode;
  /** The expiry field (ExpiryField), placed under the name. */
  readonly expiry: ReactNode;
  readonly label: string;
  readonly busyLabel: string;
  /** The expiry chosen differs from where the form started (the form's own fields report themselves). */
  readonly expiryChanged: boolean;
  readonly onSubmit: () => Promise<void> | void;
}

export function KeyDialogForm({ catalog, form, header, expiry, label, busyLabel, expiryChanged, onSubmit }: KeyDialogFormProps) {
  useReportDirty(form.dirty || expiryChanged);
  function submit(event: FormEvent) {
    event.preventDefault();
    // Said here in the form's words; main's own answer ("missing required argument") is SendGrid's, for the API.
    if (form.name.trim() === '') return showRefusal(form, [{ field: 'name', message: 'Enter a name for the key' }]);
    void onSubmit();
  }
  return (
    <form className="dialog__form" onSubmit={submit} noValidate>
      {header}
      <div className="dialog__body">
        {/* Errors that name no field of this form (the key limit, a key deleted meanwhile). */}
        <FieldMessages id="form-errors" errors={errorsOutside(form.errors, FORM_FIELDS)} />
        <KeyFields catalog={catalog} form={form} expiry={expiry} />
      </div>
      <FormDialogFooter label={label} busyLabel={busyLabel} busy={form.busy} />
    </form>
  );
}

function KeyFields({ catalog, form, expiry }: { readonly catalog: Catalog; readonly form: KeyFormState; readonly expiry: ReactNode }) {
  const { name, setName: onName, access, setAccess: onAccess, restricted, billing, errors, nameRef } = form;
  const nameErrors = errorsFor(errors, 'name');
  const scopeErrors = errorsFor(errors, 'scopes');
  const general = catalog.categories.filter((category) => !category.billing);
  const billingCategories = catalog.categories.filter((category) => category.billing);
  const billingScopes = new Set(catalog.billing_scopes);
  const [filter, setFilter] = useState('');

  return (
    <div className="key-form">
      <div className="field">
        <label htmlFor="key-name" className="field__label">
          API key name
          <span className="field__required" aria-hidden="true">
            required
          </span>
        </label>
        <input
          id="key-name"
          ref={nameRef}
          className="text-input"
          value={name}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          aria-required="true"
          placeholder="e.g. Production mailer"
          aria-invalid={nameErrors.length > 0}
          aria-describedby={nameErrors.length > 0 ? 'key-name-error' : undefined}
          onChange={(event) => onName(event.target.value)}
        />
        <FieldMessages id="key-name-error" errors={nameErrors} />
      </div>

      {expiry}

      <ChoiceGroup
        legend="API key permissions"
        className="access-options"
        idPrefix="access"
        choices={ACCESS_ORDER}
        value={access}
        onValue={onAccess}
        title={(type) => ACCESS_LABEL[type]}
        hint={(type) => ACCESS_HINT[type]}
      />

      <section className="permissions" aria-label="Permissions">
        {access === 'full' && (
          <p className="callout callout--info">
            This key gets all {catalog.full_access_scopes.length} grantable scopes except Billing and Email Address Validation,
            which SendGrid grants separately.
          </p>
        )}
        {access === 'restricted' && (
          <Tabs.Root defaultValue="categories" className="tabs">
            {/* What is chosen, the filter and the tabs stay in view while the list scrolls under them. */}
            <div className="permissions__head">
              <PermissionSummary categories={general} scopes={catalog.scopes} draft={restricted} />
              <div className="search-field search-field--small">
                <SearchIcon />
                <label htmlFor="permission-filter" className="visually-hidden">
                  Filter categories and scopes
                </label>
                <input
                  id="permission-filter"
                  type="search"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="Filter categories and scopes"
                  value={filter}
                  onChange={(event) => setFilter(event.target.value)}
                />
              </div>
              <Tabs.List className="tabs__list" aria-label="How to choose permissions">
                <Tabs.Trigger value="categories" className="tabs__trigger">
                  By category
                </Tabs.Trigger>
                <Tabs.Trigger value="scopes" className="tabs__trigger">
                  Individual scopes
                </Tabs.Trigger>
              </Tabs.List>
            </div>
            <Tabs.Content value="categories" className="tabs__panel">
              <PermissionMatrix categories={general} draft={restricted} filter={filter} />
            </Tabs.Content>
            <Tabs.Content value="scopes" className="tabs__panel">
              <ScopePicker scopes={catalog.scopes.filter((info) => !billingScopes.has(info.scope))} draft={restricted} filter={filter} />
            </Tabs.Content>
          </Tabs.Root>
        )}
        {access === 'billing' && <PermissionMatrix categories={billingCategories} draft={billing} hideLevels={['none']} />}
        <FieldMessages id="scopes-error" errors={scopeErrors} />
      </section>
    </div>
  );
}

/** The scopes the form asks for; `kept` are scopes the key holds that nobody grants (SendGrid's own), which stay. */
export function scopesOfForm(catalog: Catalog, access: AccessType, restricted: PermissionDraft, billing: PermissionDraft, kept: readonly string[] = []): string[] {
  if (access === 'full') return [...new Set([...catalog.full_access_scopes, ...kept])];
  return [...(access === 'billing' ? billing : restricted).scopes];
}
