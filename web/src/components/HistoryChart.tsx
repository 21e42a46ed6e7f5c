import { type HistoryDay, historyChart } from '../lib/charts.ts';
import { ChartAxes } from './ChartAxes.tsx';
import { VerdictTable } from './VerdictTable.tsx';

const FRAME = { width: 720, height: 220, margin: { top: 12, right: 28, bottom: 28, left: 40 } };

/**
 * Hand-written SVG (see lib/charts.ts for why): stacked areas of verdict counts per day. The
 * figure is named by its caption; the SVG carries a text summary, and a data table follows it
 * for anyone who cannot see the chart.
 */
export function HistoryChart({ days, known }: { days: readonly HistoryDay[]; known: 'now' | 'then' }) {
  const c = historyChart(days, FRAME);
  const title = `Compliance over time, ${known === 'then' ? 'as known then' : 'as true then'}`;
  return (
    <figure className="chart" aria-labelledby="history-caption">
      <figcaption id="history-caption">{title}</figcaption>
      <svg
        viewBox={`0 0 ${FRAME.width} ${FRAME.height}`}
        role="img"
        aria-label={`${title}. ${c.summary}`}
        className="chart-svg"
      >
        <desc>{c.summary}</desc>
        <ChartAxes frame={FRAME} xTicks={c.xTicks} yTicks={c.yTicks} />
        {c.layers.map((l) => (
          <path key={l.key} d={l.path} className={`area-${l.key}`}>
            <title>{l.label}</title>
          </path>
        ))}
      </svg>
      <ul className="legend">
        <li>
          <span className="swatch area-compliant" aria-hidden="true" /> Compliant
        </li>
        <li>
          <span className="swatch area-waived" aria-hidden="true" /> Waived
        </li>
        <li>
          <span className="swatch area-nonCompliant" aria-hidden="true" /> Non-compliant
        </li>
      </ul>
      <details>
        <summary>Data table</summary>
        <VerdictTable
          caption="Devices by verdict per day"
          first="Day"
          rows={days.map((d) => ({ key: d.date, label: d.date, ...d }))}
        />
      </details>
    </figure>
  );
}
