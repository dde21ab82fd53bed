/**
 * A key's owner, purpose and tags in its detail panel: Keydesk's own notes, never sent to SendGrid.
 * Saved together; main checks them (an owner is an email address, a tag a word) and names the
 * field it refuses. Each change is an entry in the activity log.
 */
import { type FormEvent, useEffect, useState } from 'react';
import type { FieldError } from '../../common/errors.ts';
import type { KeyRecord } from '../../common/records.ts';
import { useAccount, useApi, useKeys, useStores } from '../app/stores-context.tsx';
import { errorsFor, errorsOutside, FieldMessages } from './field-errors.tsx';
import { TextField } from './TextField.tsx';

const FIELDS = ['owner', 'purpose', 'tags'] as const;

export function AnnotationForm({ apiKey: key }: { readonly apiKey: KeyRecord }) {
  const api = useApi();
  const { toasts } = useStores();
  const annotate = useKeys((state) => state.annotate);
  const account = useAccount((state) => state.current);
  // Bumped by a save here and by every write of another process (`keydesk keys annotate`).
  const annotations = useKeys((state) => state.annotations);
  const [texts, setTexts] = useState<Record<(typeof FIELDS)[number], string> | null>(null);
  const [edited, setEdited] = useState(false);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setEdited(false);
  }, [account, key.api_key_id]);

  useEffect(() => {
    // What the user is typing is theirs: a change made elsewhere shows once they save or reopen.
    if (edited) return;
    let live = true;
    void api.keys.annotations({ account }).then((result) => {
      if (!live) return;
      const annotation = result.ok ? result.data[key.api_key_id] : undefined;
      setTexts({ owner: annotation?.owner ?? '', purpose: annotation?.purpose ?? '', tags: (annotation?.tags ?? []).join(' ') });
    });
    return () => {
      live = false;
    };
  }, [api, account, key.api_key_id, annotations, edited]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!texts || busy) return;
    setBusy(true);
    const tags = texts.tags.split(/[\s,]+/).filter(Boolean);
    const result = await annotate({ api_key_ids: [key.api_key_id], owner: texts.owner, purpose: texts.purpose, tags });
    setBusy(false);
    if (!result.ok) return setErrors(result.errors);
    setErrors([]);
    setEdited(false);
    const [saved] = result.data;
    if (saved) setTexts({ owner: saved.owner ?? '', purpose: saved.purpose ?? '', tags: saved.tags.join(' ') });
    toasts.getState().show('success', saved?.changed ? `Saved the owner, purpose and tags of “${key.name}”.` : 'Nothing to change.');
  }

  if (!texts) return <p className="muted">Loading…</p>;
  const field = (name: (typeof FIELDS)[number], label: string, hint: string) => (
    <TextField id={`annotation-${name}`} label={label} hint={hint} value={texts[name]} errors={errorsFor(errors, name)} onChange={(value) => {
        setEdited(true);
        setTexts({ ...texts, [name]: value });
      }} />
  );
  return (
    <form className="annotation-form" aria-label="Owner, purpose and tags" noValidate onSubmit={(event) => void save(event)}>
      {field('owner', 'Owner', 'An email address: who answers for this key.')}
      {field('purpose', 'Purpose', 'What the key is for, in a line.')}
      {field('tags', 'Tags', 'Words separated by spaces, e.g. prod billing-team.')}
      <FieldMessages id="annotation-errors" errors={errorsOutside(errors, [...FIELDS])} />
      <div className="panel__actions">
        <button type="submit" className="button button--secondary" aria-disabled={busy}>
          Save owner and purpose
        </button>
      </div>
    </form>
  );
}
