/**
 * Owner, purpose and tags for many keys at once, from the bulk bar. A field left empty leaves
 * that field of each key as it is; tags given are added to each key's own. One call sets all the
 * keys or none (main names the field it refuses), each key changed one entry in the log; it ends
 * with one notice, like the other bulk actions.
 */
import { useState, type FormEvent } from 'react';
import type { FieldError } from '../../common/errors.ts';
import type { KeyRecord } from '../../common/records.ts';
import type { AnnotationChange } from '../../common/reviews.ts';
import { useKeys, useStores } from '../app/stores-context.tsx';
import { KeyNames } from './BulkActionDialog.tsx';
import { errorsFor, errorsOutside, FieldMessages } from './field-errors.tsx';
import { FormDialog, FormDialogFooter, FormDialogHeader } from './FormDialogParts.tsx';
import { TextField } from './TextField.tsx';

interface Props {
  readonly keys: readonly KeyRecord[];
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

const FIELDS = ['owner', 'purpose', 'add_tags'] as const;
type Field = (typeof FIELDS)[number];

/** The error of a form with nothing filled in: shown under the fields, gone at the first keystroke. */
const NOTHING = 'change';

const count = (n: number) => `${n.toLocaleString()} key${n === 1 ? '' : 's'}`;

/** Only what was filled in: an empty field changes nothing. */
function changeOf(texts: Readonly<Record<Field, string>>): AnnotationChange {
  const tags = texts.add_tags.split(/[\s,]+/).filter(Boolean);
  return {
    ...(texts.owner.trim() === '' ? {} : { owner: texts.owner }),
    ...(texts.purpose.trim() === '' ? {} : { purpose: texts.purpose }),
    ...(tags.length === 0 ? {} : { add_tags: tags }),
  };
}

export function BulkAnnotateDialog({ keys, onClose, onCloseAutoFocus }: Props) {
  const annotate = useKeys((state) => state.annotate);
  const { selection, toasts } = useStores();
  const [texts, setTexts] = useState<Record<Field, string>>({ owner: '', purpose: '', add_tags: '' });
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const change = changeOf(texts);
    if (Object.keys(change).length === 0) return setErrors([{ field: NOTHING, message: 'give an owner, a purpose or tags to add' }]);
    setBusy(true);
    const result = await annotate({ api_key_ids: keys.map((key) => key.api_key_id), ...change });
    setBusy(false);
    if (!result.ok) return setErrors(result.errors);
    const changed = result.data.filter((key) => key.changed).length;
    const same = result.data.length - changed;
    selection.getState().setMany(keys.map((key) => key.api_key_id), false);
    const head = `Owner, purpose or tags set: ${count(changed)}.`;
    toasts.getState().show('success', same === 0 ? head : `${head} ${count(same)} already had them.`);
    onClose();
  }

  const field = (name: Field, label: string, hint: string) => (
    <TextField
      id={`bulk-${name}`}
      label={label}
      hint={hint}
      value={texts[name]}
      errors={errorsFor(errors, name)}
      onChange={(value) => {
        setTexts({ ...texts, [name]: value });
        // What was said about this field, or about the form being empty, no longer holds.
        setErrors(errors.filter((error) => error.field !== name && error.field !== NOTHING));
      }}
    />
  );

  return (
    <FormDialog size="medium" onClose={onClose} onCloseAutoFocus={onCloseAutoFocus} onSubmit={(event) => void submit(event)}>
      <FormDialogHeader title={`Set the owner of ${count(keys.length)}`} description="Keydesk’s own notes, never sent to SendGrid. Empty fields leave each key’s own as it is." />
      <div className="dialog__body">
        <KeyNames keys={keys} />
        {field('owner', 'Owner', 'An email address: who answers for these keys.')}
        {field('purpose', 'Purpose', 'What the keys are for, in a line.')}
        {field('add_tags', 'Tags to add', 'Words separated by spaces, added to each key’s tags.')}
        <FieldMessages id="bulk-annotate-errors" errors={errorsOutside(errors, [...FIELDS])} />
      </div>
      <FormDialogFooter label={`Set on ${count(keys.length)}`} busyLabel="Saving…" busy={busy} />
    </FormDialog>
  );
}
