/**
 * The Audit page: what in the account needs attention (findings by severity, each leading to its
 * keys) and charts of the keys, from main's `audit:findings` with the thresholds from settings.
 */
import { useEffect } from 'react';
import { useAudit, useStores } from '../../app/stores-context.tsx';
import { plural } from '../../audit/labels.ts';
import { FieldMessages } from '../../components/field-errors.tsx';
import { AuditCharts } from './AuditCharts.tsx';
import { FindingsList } from './FindingsList.tsx';
import { ScrollPage } from '../../components/ScrollPage.tsx';
import '../pages.css';

interface Props {
  readonly inert: boolean;
  readonly onOpenKey: (apiKeyId: string, opener: HTMLElement) => void;
  /** "Select these keys": the key list with exactly these keys ticked. */
  readonly onSelectKeys: (label: string, apiKeyIds: readonly string[]) => void;
}

export function AuditPage({ inert, onOpenKey, onSelectKeys }: Props) {
  const audit = useStores().audit;
  const status = useAudit((state) => state.status);
  const report = useAudit((state) => state.report);
  const errors = useAudit((state) => state.errors);
  useEffect(() => audit.getState().watch(), [audit]);

  return (
    <ScrollPage
      id="audit"
      title="Audit"
      inert={inert}
      busy={status === 'loading'}
      meta={
        report && (
          <>
          {plural(report.findings.length, 'finding')} about {plural(report.statistics.total, 'key')} · unused means not used for{' '}
          {report.unused_days} days · too old means created over {report.max_age_days} days ago
        </>
      )
        }
      >
      <FieldMessages id="audit-errors" errors={errors} />
      {status === 'loading' && <p className="muted">Auditing keys…</p>}
      {report && (
        <>
          <AuditCharts statistics={report.statistics} maxAgeDays={report.max_age_days} />
          <FindingsList findings={report.findings} onOpenKey={onOpenKey} onSelectKeys={onSelectKeys} />
        </>
      )}
    </ScrollPage>
  );
}
