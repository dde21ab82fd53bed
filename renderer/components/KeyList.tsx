/** The account's keys: name, API Key ID, access type, and a delete action per key. */
import { useKeys } from '../app/stores-context.tsx';

const ACCESS_LABEL = { full: 'Full Access', restricted: 'Restricted Access', billing: 'Billing Access' } as const;

export function KeyList() {
  const keys = useKeys((state) => state.keys);
  const remove = useKeys((state) => state.remove);
  if (keys.length === 0) return <p className="empty">No API keys yet.</p>;
  return (
    <table className="key-list" aria-label="API keys">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">API Key ID</th>
          <th scope="col">Access</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key.api_key_id}>
            <td>{key.name}</td>
            <td>
              <code>{key.api_key_id}</code>
            </td>
            <td>{ACCESS_LABEL[key.access_type]}</td>
            <td>
              <button type="button" onClick={() => void remove(key.api_key_id)} aria-label={`Delete ${key.name}`}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
