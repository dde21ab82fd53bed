/**
 * The local API switch: SendGrid's `/v3/api_keys` and `/v3/scopes` on 127.0.0.1 while the app
 * runs (what `keydesk serve` does), and its status from main: listening on which URL, off, or why
 * it could not start. The setting is kept as chosen even when the server could not start.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { FieldError } from '../../../common/errors.ts';
import type { Settings } from '../../../common/settings.ts';
import { useSettings } from '../../app/stores-context.tsx';
import { errorsFor, errorsOutside, FieldMessages } from '../../components/field-errors.tsx';
import { CheckIcon, WarningIcon } from '../../components/icons.tsx';
import { namedErrors, readWholeNumber } from './setting-fields.ts';
import { Panel } from '../../components/Panel.tsx';

const PORT_FIELD = 'localApi.port';

export function LocalApiPanel({ settings }: { readonly settings: Settings }) {
  const status = useSettings((state) => state.localApi);
  const save = useSettings((state) => state.save);
  const refresh = useSettings((state) => state.refreshLocalApi);
  const { enabled, port } = settings.localApi;
  const [portText, setPortText] = useState(String(port));
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => void refresh(), [refresh]);
  useEffect(() => setPortText(String(port)), [port]);

  async function apply(nextEnabled: boolean) {
    if (busy) return;
    const nextPort = readWholeNumber(PORT_FIELD, portText);
    if (typeof nextPort !== 'number') return setErrors([nextPort]);
    setBusy(true);
    const result = await save({ localApi: { enabled: nextEnabled, port: nextPort } });
    setBusy(false);
    setErrors(result.ok ? [] : namedErrors(result.errors));
  }
  const submitPort = (event: FormEvent) => {
    event.preventDefault();
    void apply(enabled);
  };

  const portErrors = errorsFor(errors, PORT_FIELD);
  return (
    <Panel
      id="local-api"
      title="Local API"
      intro={
        <>
          Serves SendGrid's <code>/v3/api_keys</code> and <code>/v3/scopes</code> on <code>127.0.0.1</code>, this computer only, while Keydesk runs, as{' '}
          <code>keydesk serve</code> does. Scripts and SDKs authenticate with a Keydesk key as <code>Authorization: Bearer</code> and can do only what
          that key's own scopes allow. Every change they make is recorded in the activity log with the key that made it.
        </>
      }
    >
      <label className="check-option settings-switch">
        <input type="checkbox" className="checkbox" role="switch" checked={enabled} aria-disabled={busy} onChange={() => void apply(!enabled)} />
        Serve the local API on 127.0.0.1
      </label>

      <form className="field" noValidate onSubmit={submitPort}>
        <label htmlFor="local-api-port" className="field__label">
          Port
        </label>
        <span className="inline-field">
          <input
            id="local-api-port"
            className="text-input text-input--short"
            inputMode="numeric"
            autoComplete="off"
            value={portText}
            aria-invalid={portErrors.length > 0}
            aria-describedby={`local-api-port-hint${portErrors.length > 0 ? ' local-api-port-error' : ''}`}
            onChange={(event) => setPortText(event.target.value)}
          />
          <button type="submit" className="button button--secondary" aria-disabled={busy || portText === String(port)}>
            Use this port
          </button>
        </span>
        <span id="local-api-port-hint" className="field__hint">
          0 to 65535 (below 1024 usually needs administrator rights); 0 picks a free port each time the server starts.
        </span>
        <FieldMessages id="local-api-port-error" errors={portErrors} />
      </form>
      <FieldMessages id="local-api-errors" errors={errorsOutside(errors, [PORT_FIELD])} />

      <div className="panel__result" role="status" aria-label="Local API status">
        {status?.state === 'listening' && (
          <div className="result">
            <CheckIcon />
            <p>
              Listening on <code className="path">{status.url}</code>
            </p>
          </div>
        )}
        {status?.state === 'off' && <p className="muted">Off: nothing is listening.</p>}
      </div>
      {status?.state === 'failed' && (
        <div className="field-error" role="alert">
          <p>
            <WarningIcon />
            The local API could not start: {status.error}
          </p>
        </div>
      )}
    </Panel>
  );
}
