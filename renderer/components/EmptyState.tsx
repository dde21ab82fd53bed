/** What a new account sees: what keys are, the API Key ID versus the key, and the way to create one. */
import { KeyIcon, PlusIcon } from './icons.tsx';

export function EmptyState({ onCreate, createBlocked }: { readonly onCreate: () => void; readonly createBlocked: string | null }) {
  return (
    <div className="empty-state">
      <div className="empty-state__icon">
        <KeyIcon size={28} />
      </div>
      <h2>No API keys yet</h2>
      <p>
        API keys let your applications, mail clients and servers call SendGrid without your username and password. Create one key
        per application, so you can revoke one without disturbing the others.
      </p>
      <dl className="empty-state__terms">
        <div>
          <dt>API Key ID</dt>
          <dd>
            A public identifier such as <code>qfTQ6KG0QBiwWdJ0-pCLCA</code>, listed here and used to manage the key. It is not a
            secret.
          </dd>
        </div>
        <div>
          <dt>API key</dt>
          <dd>
            The secret your code sends, <code>SG.&lt;API Key ID&gt;.&lt;secret&gt;</code>. It is shown once, when you create it,
            and Keydesk never stores it.
          </dd>
        </div>
      </dl>
      <button type="button" className="button button--primary" onClick={onCreate} aria-disabled={createBlocked !== null}>
        <PlusIcon />
        Create your first API key
      </button>
    </div>
  );
}
