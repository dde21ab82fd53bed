/** Creates a Full Access key by name; the created key (with its secret) goes to `onCreated` only. */
import { useState, type FormEvent, type Ref } from 'react';
import type { CreatedKey } from '../../preload/contract.ts';
import { useKeys } from '../app/stores-context.tsx';

interface Props {
  readonly onCreated: (key: CreatedKey) => void;
  readonly nameRef?: Ref<HTMLInputElement>;
}

export function CreateKeyForm({ onCreated, nameRef }: Props) {
  const create = useKeys((state) => state.create);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await create({ name });
    setBusy(false);
    if (result.ok) {
      setName('');
      onCreated(result.data);
    }
  }

  return (
    <form className="create-key" onSubmit={(event) => void submit(event)} aria-label="Create API key">
      <label>
        API key name
        <input ref={nameRef} value={name} onChange={(event) => setName(event.target.value)} maxLength={100} />
      </label>
      <button type="submit" disabled={busy}>
        Create &amp; View
      </button>
    </form>
  );
}
