/** Diff: an earlier export (or SendGrid's API output) against the account's keys as they are now. */
import { PathText } from '../../components/PathText.tsx';
import { useInventory } from '../../app/stores-context.tsx';
import { INVENTORY_FORMAT } from '../../audit/labels.ts';
import { ScopeDiff } from '../../components/ScopeDiff.tsx';
import { formatDateTime } from '../../keys/labels.ts';
import { FileErrors } from './FileErrors.tsx';
import { KeyRefList } from './KeyRefList.tsx';
import { Panel } from '../../components/Panel.tsx';
import type { InventoryDiff } from '../../../common/inventory.ts';

const isEmpty = (diff: InventoryDiff) => diff.added.length + diff.removed.length + diff.renamed.length + diff.scopes.length === 0;

export function DiffPanel() {
  const operation = useInventory((state) => state.diff);
  const compare = useInventory((state) => state.compareWithFile);
  const running = operation.status === 'running';
  const result = operation.status === 'done' ? operation.result : null;

  return (
    <Panel id="diff" title="Compare" wide intro="What changed since an export: keys added, removed and renamed, and the scopes each key gained or lost.">
      <div className="panel__actions">
        <button type="button" className="button button--secondary" aria-disabled={running} onClick={() => void (running || compare())}>
          Compare with a file…
        </button>
      </div>
      <div className="panel__result" role="status">
        {result && (
          <>
            <p className="result__detail">
              From <PathText path={result.path} /> ({INVENTORY_FORMAT[result.format]}
              {result.exported_at && `, exported ${formatDateTime(result.exported_at)} from “${result.exported_account}”`}) to the keys now.
            </p>
            {isEmpty(result.diff) ? (
              <p>No differences: the keys are as the file lists them.</p>
            ) : (
              <>
                <KeyRefList title="Added" keys={result.diff.added} />
                <KeyRefList title="Removed" keys={result.diff.removed} />
                {result.diff.renamed.length > 0 && (
                  <div className="key-group">
                    <h3 className="key-group__title">
                      Renamed <span className="muted">({result.diff.renamed.length})</span>
                    </h3>
                    <ul className="key-group__list">
                      {result.diff.renamed.map((rename) => (
                        <li key={rename.api_key_id}>
                          “{rename.from}” → <span className="key-group__name">“{rename.to}”</span> <code className="key-id">{rename.api_key_id}</code>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
                {result.diff.scopes.length > 0 && (
                  <div className="key-group">
                    <h3 className="key-group__title">
                      Scopes changed <span className="muted">({result.diff.scopes.length})</span>
                    </h3>
                    <ul className="key-group__list">
                      {result.diff.scopes.map((change) => (
                        <li key={change.api_key_id}>
                          <span className="key-group__name">{change.name}</span> <code className="key-id">{change.api_key_id}</code>
                          <ScopeDiff added={change.gained} removed={change.lost} words={['gained', 'lost']} />
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </>
            )}
          </>
        )}
      </div>
      <FileErrors id="diff-errors" title="The file could not be compared." errors={operation.errors} />
    </Panel>
  );
}
