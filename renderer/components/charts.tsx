/**
 * Small charts drawn with SVG and CSS, no library: a donut with its legend, columns, and
 * horizontal bars. Each is a figure whose data is also plain text (a list of label and value),
 * so a screen reader reads the numbers and the drawing itself is hidden from it. Sizes are set
 * through the style object (CSSOM), which the Content Security Policy allows; colours come from
 * the stylesheet, so both themes apply.
 */
import { useState, type ReactNode } from 'react';

export type ChartTone = 'accent' | 'green' | 'orange' | 'warning' | 'muted';

export interface ChartItem {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly tone?: ChartTone;
}

const percent = (value: number, total: number) => (total === 0 ? 0 : Math.round((value / total) * 100));

interface ChartProps {
  readonly title: string;
  readonly items: readonly ChartItem[];
  /** A line under the chart, e.g. what a highlighted bar means. */
  readonly note?: ReactNode;
}

/** Shares of a whole: slices round the ring, and a legend with each count and percentage. */
export function DonutChart({ title, items, note, unit }: ChartProps & { readonly unit: string }) {
  const total = items.reduce((sum, item) => sum + item.value, 0);
  // A circle of circumference 100 makes each slice's dash its percentage.
  const radius = 100 / (2 * Math.PI);
  let offset = 25;
  return (
    <figure className="chart">
      <figcaption className="chart__title">{title}</figcaption>
      <div className="donut">
        <svg className="donut__ring" viewBox="0 0 42 42" width="132" height="132" aria-hidden="true" focusable="false">
          <circle className="donut__track" cx="21" cy="21" r={radius} />
          {items.map((item) => {
            const share = total === 0 ? 0 : (item.value / total) * 100;
            const slice = (
              <circle
                key={item.id}
                className={`donut__slice chart-tone--${item.tone ?? 'accent'}`}
                cx="21"
                cy="21"
                r={radius}
                strokeDasharray={`${share} ${100 - share}`}
                strokeDashoffset={offset}
              />
            );
            offset -= share;
            return share > 0 ? slice : null;
          })}
          <text className="donut__total" x="21" y="21">
            {total}
          </text>
          <text className="donut__unit" x="21" y="27">
            {unit}
          </text>
        </svg>
        <ul className="chart-legend">
          {items.map((item) => (
            <li key={item.id} className="chart-legend__item">
              <span className={`chart-swatch chart-tone--${item.tone ?? 'accent'}`} aria-hidden="true" />
              <span className="chart-legend__label">{item.label}</span>
              <span className="visually-hidden">: </span>
              <span className="chart-legend__value">
                {item.value} <span className="muted">({percent(item.value, total)}%)</span>
              </span>
            </li>
          ))}
        </ul>
      </div>
      {note && <p className="chart__note">{note}</p>}
    </figure>
  );
}

/** Counts side by side as columns, e.g. keys per age bracket. */
export function ColumnChart({ title, items, note }: ChartProps) {
  const max = Math.max(1, ...items.map((item) => item.value));
  return (
    <figure className="chart">
      <figcaption className="chart__title">{title}</figcaption>
      <ol className="columns">
        {items.map((item) => (
          <li key={item.id} className="columns__item">
            {/* Read as "label: value"; drawn as value over its column over the label. */}
            <span className="columns__label">{item.label}</span>
            <span className="visually-hidden">: </span>
            <span className="columns__value">{item.value}</span>
            <span className="columns__track" aria-hidden="true">
              <span className={`columns__bar chart-tone--${item.tone ?? 'accent'}`} style={{ height: `${(item.value / max) * 100}%` }} />
            </span>
          </li>
        ))}
      </ol>
      {note && <p className="chart__note">{note}</p>}
    </figure>
  );
}

interface BarChartProps extends ChartProps {
  /** Said instead of bars when there are none. */
  readonly empty: string;
  /** Bars shown before "Show all", so the chart stays as tall as its neighbours. */
  readonly limit: number;
}

/** Counts as horizontal bars, in the order given (longest first), e.g. keys per category held at Full. */
export function BarChart({ title, items, note, empty, limit }: BarChartProps) {
  const [showAll, setShowAll] = useState(false);
  const max = Math.max(1, ...items.map((item) => item.value));
  const shown = showAll ? items : items.slice(0, limit);
  return (
    <figure className="chart">
      <figcaption className="chart__title">{title}</figcaption>
      {items.length === 0 ? (
        <p className="chart__empty muted">{empty}</p>
      ) : (
        <ul className="bars">
          {shown.map((item) => (
            <li key={item.id} className="bars__item">
              <span className="bars__label">{item.label}</span>
              <span className="visually-hidden">: </span>
              <span className="bars__track" aria-hidden="true">
                <span className={`bars__bar chart-tone--${item.tone ?? 'accent'}`} style={{ width: `${(item.value / max) * 100}%` }} />
              </span>
              <span className="bars__value">{item.value}</span>
            </li>
          ))}
        </ul>
      )}
      {items.length > limit && (
        <button type="button" className="button button--ghost button--small chart__more" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show fewer' : `Show all ${items.length}`}
        </button>
      )}
      {note && <p className="chart__note">{note}</p>}
    </figure>
  );
}
