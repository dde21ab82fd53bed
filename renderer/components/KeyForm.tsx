/**
 * The fields create and edit share: the name, the access type (Full / Restricted / Billing) and,
 * for Restricted and Billing, the permissions, by category or scope by scope. Errors from main
 * appear under the field they name; what the user entered stays as it was.
 */
import * as RadioGroup from '@radix-ui/react-radio-group';
import * as Tabs from '@radix-ui/react-tabs';
import type { ReactNode, Ref } from 'react';
import type { AccessType } from '../../common/catalog.ts';
import type { FieldError } from '../../common/errors.ts';
import type { Catalog } from '../../common/ipc/contract.ts';
import { ACCESS_LABEL } from '../keys/labels.ts';
import type { PermissionDraft } from '../permissions/use-permission-draft.ts';
import { errorsFor, FieldMessages } from './field-errors.tsx';
import { PermissionMatrix } from './PermissionMatrix.tsx';
import { PermissionSummary } from './PermissionSummary.tsx';
import { ScopePicker } from './ScopePicker.tsx';

/** The fields this form shows errors for; others become notices. */
export const FORM_FIELDS = ['name', 'scopes', 'expires_at'] as const;

const ACCESS_HINT: Readonly<Record<AccessType, string>> = {
  full: 'Every permission except Billing and Email Address Validation.',
  restricted: 'Choose a level for each category, or pick individual scopes.',
  billing: 'Billing endpoints only. Billing never mixes with other permissions.',
};

export interface KeyFormProps {
  readonly catalog: Catalog;
  readonly name: string;
  readonly onName: (name: string) => void;
  readonly access: AccessType;
  readonly onAccess: (access: AccessType) => void;
  readonly restricted: PermissionDraft;
  readonly billing: PermissionDraft;
  readonly errors: readonly FieldError[];
  readonly nameRef?: Ref<HTMLInputElement>;
  /** The expiry field (ExpiryField), placed under the name. */
  readonly expiry?: ReactNode;
}

export function KeyForm({ catalog, name, onName, access, onAccess, restricted, billing, errors, nameRef, expiry }: KeyFormProps) {
  const nameErrors = errorsFor(errors, 'name');
  const scopeErrors = errorsFor(errors, 'scopes');
  const general = catalog.categories.filter((category) => !category.billing);
  const billingCategories = catalog.categories.filter((category) => category.billing);
  const billingScopes = new Set(catalog.billing_scopes);

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

      <fieldset className="field">
        <legend className="field__label" id="access-type-label">
          API key permissions
        </legend>
        <RadioGroup.Root
          className="access-options"
          aria-labelledby="access-type-label"
          value={access}
          onValueChange={(value) => onAccess(value as AccessType)}
        >
          {(['full', 'restricted', 'billing'] as const).map((type) => (
            <RadioGroup.Item
              key={type}
              value={type}
              className="access-option"
              aria-labelledby={`access-title-${type}`}
              aria-describedby={`access-hint-${type}`}
            >
              <span className="access-option__dot" aria-hidden="true" />
              <span className="access-option__text">
                <span className="access-option__title" id={`access-title-${type}`}>
                  {ACCESS_LABEL[type]}
                </span>
                <span className="access-option__hint" id={`access-hint-${type}`}>
                  {ACCESS_HINT[type]}
                </span>
              </span>
            </RadioGroup.Item>
          ))}
        </RadioGroup.Root>
      </fieldset>

      <section className="permissions" aria-label="Permissions">
        {access === 'full' && (
          <p className="callout callout--info">
            This key gets all {catalog.full_access_scopes.length} grantable scopes except Billing and Email Address Validation,
            which SendGrid grants separately.
          </p>
        )}
        {access === 'restricted' && (
          <>
            <PermissionSummary categories={general} scopes={catalog.scopes} draft={restricted} />
            <Tabs.Root defaultValue="categories" className="tabs">
              <Tabs.List className="tabs__list" aria-label="How to choose permissions">
                <Tabs.Trigger value="categories" className="tabs__trigger">
                  By category
                </Tabs.Trigger>
                <Tabs.Trigger value="scopes" className="tabs__trigger">
                  Individual scopes
                </Tabs.Trigger>
              </Tabs.List>
              <Tabs.Content value="categories" className="tabs__panel">
                <PermissionMatrix categories={general} draft={restricted} />
              </Tabs.Content>
              <Tabs.Content value="scopes" className="tabs__panel">
                <ScopePicker scopes={catalog.scopes.filter((info) => !billingScopes.has(info.scope))} draft={restricted} />
              </Tabs.Content>
            </Tabs.Root>
          </>
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
