/**
 * Findings grouped by severity, most severe first. Each names its keys; a key is a button that
 * opens its detail panel (over this page, with every action), and "Select these keys" opens the
 * key list with exactly the finding's keys ticked, ready for a bulk Disable, Set expiry or Delete.
 */
import { memo, useState } from 'react';
import { plural, RULE_TITLE, SEVERITY_LABEL } from '../../audit/labels.ts';
import { CheckIcon } from '../../components/icons.tsx';
import type { Finding, Severity } from '../../../common/audit.ts';

const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];
/** Keys listed before "Show all": a finding about 40 unused keys still reads as one finding. */
const KEYS_SHOWN = 8;

interface Props {
  readonly findings: readonly Finding[];
  readonly onOpenKey: (apiKeyId: string, opener: HTMLElement) => void;
  readonly onSelectKeys: (label: string, apiKeyIds: readonly string[]) => void;
}

export const FindingsList = memo(function FindingsList({ findings, onOpenKey, onSelectKeys }: Props) {
  if (findings.length === 0) {
    return (
      <div className="findings-empty">
        <span className="findings-empty__icon">
          <CheckIcon />
        </span>
        <p>No findings: nothing in this account needs attention.</p>
      </div>
    );
  }
  return (
    <>
      {SEVERITIES.map((severity) => {
        const these = findings.filter((f) => f.severity === severity);
        if (these.length === 0) return null;
        return (
          <section key={severity} className="severity-group" aria-labelledby={`severity-${severity}`}>
            <h2 id={`severity-${severity}`} className="severity-group__title">
              <span className={`severity severity--${severity}`}>{SEVERITY_LABEL[severity]}</span>
              <span className="muted">{plural(these.length, 'finding')}</span>
            </h2>
            <ul className="findings">
              {these.map((finding) => (
                <FindingItem key={finding.id} finding={finding} onOpenKey={onOpenKey} onSelectKeys={onSelectKeys} />
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
});

interface ItemProps extends Pick<Props, 'onOpenKey' | 'onSelectKeys'> {
  readonly finding: Finding;
}

function FindingItem({ finding, onOpenKey, onSelectKeys }: ItemProps) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? finding.keys : finding.keys.slice(0, KEYS_SHOWN);
  const title = RULE_TITLE[finding.rule];
  return (
    <li className={`finding finding--${finding.severity}`}>
      <div className="finding__head">
        <h3 className="finding__title">{title}</h3>
        {finding.keys.length > 0 && (
          <button
            type="button"
            className="button button--secondary button--small"
            aria-label={`Select these keys: ${title} (${plural(finding.keys.length, 'key')})`}
            onClick={() => onSelectKeys(title, finding.keys.map((key) => key.api_key_id))}
          >
            Select these keys
          </button>
        )}
      </div>
      <p className="finding__reason">{finding.reason}</p>
      {shown.length > 0 && (
        <ul className="finding__keys" aria-label={`Keys: ${RULE_TITLE[finding.rule]}`}>
          {shown.map((key) => (
            <li key={key.api_key_id}>
              <button type="button" className="key-link" onClick={(event) => onOpenKey(key.api_key_id, event.currentTarget)}>
                <span className="key-link__name">{key.name}</span>
                <code className="key-link__id">{key.api_key_id}</code>
              </button>
            </li>
          ))}
        </ul>
      )}
      {finding.keys.length > KEYS_SHOWN && (
        <button type="button" className="button button--ghost button--small" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show fewer' : `Show all ${finding.keys.length} keys`}
        </button>
      )}
    </li>
  );
}
