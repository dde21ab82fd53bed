/** The audit page's charts: keys by access type, by age, and the categories keys hold at Full. */
import { memo } from 'react';
import { ageLabel } from '../../audit/labels.ts';
import { BarChart, ColumnChart, DonutChart } from '../../components/charts.tsx';
import { ACCESS_LABEL } from '../../keys/labels.ts';
import type { KeyStatistics } from '../../../common/audit.ts';

interface Props {
  readonly statistics: KeyStatistics;
  readonly maxAgeDays: number;
}

export const AuditCharts = memo(function AuditCharts({ statistics, maxAgeDays }: Props) {
  const { by_access_type: access, by_age: ages, full_by_category: categories } = statistics;
  const tooOld = ages.some((bucket) => bucket.keys > 0 && bucket.min_days >= maxAgeDays);
  return (
    <section className="chart-grid" aria-label="Charts">
      <DonutChart
        title="Keys by access type"
        unit="keys"
        items={[
          { id: 'full', label: ACCESS_LABEL.full, value: access.full, tone: 'accent' },
          { id: 'restricted', label: ACCESS_LABEL.restricted, value: access.restricted, tone: 'green' },
          { id: 'billing', label: ACCESS_LABEL.billing, value: access.billing, tone: 'orange' },
        ]}
      />
      <ColumnChart
        title="Key age"
        items={ages.map((bucket) => ({
          id: String(bucket.min_days),
          label: ageLabel(bucket),
          value: bucket.keys,
          // Brackets wholly past the maximum age hold keys the too_old finding lists.
          tone: bucket.min_days >= maxAgeDays ? 'warning' : 'accent',
        }))}
        note={tooOld ? `Highlighted: older than the ${maxAgeDays}-day maximum age.` : `Maximum age: ${maxAgeDays} days.`}
      />
      <BarChart
        title="Categories held at Full Access"
        empty="No key holds any category at Full Access."
        limit={8}
        items={categories.filter((c) => c.keys > 0).map((c) => ({ id: c.category, label: c.name, value: c.keys }))}
        note={categories.some((c) => c.keys === 0) ? 'Categories no key holds at Full are left out.' : undefined}
      />
    </section>
  );
});
