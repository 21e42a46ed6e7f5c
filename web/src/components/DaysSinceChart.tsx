import { DAY, type DeviceHistory, daysSinceChart, describeDays, latestLimit } from '../lib/charts.ts';
import { ChartAxes } from './ChartAxes.tsx';

const FRAME = { width: 560, height: 220, margin: { top: 14, right: 24, bottom: 28, left: 40 } };

/**
 * Days since the last swap and the last security check, against the protocol's limits, with
 * refusals (triangles) and waivers (shaded windows) marked. Hand-written SVG (see lib/charts.ts).
 * Its accessible name names the device; its description states the current figures in words,
 * "OVERDUE" included, so the finding does not depend on seeing the chart.
 */
export function DaysSinceChart({
  label,
  history,
  from,
  to,
}: {
  label: string;
  history: DeviceHistory;
  from: number;
  to: number;
}) {
  const c = daysSinceChart(history, from, to, FRAME);
  const cur = history.current;
  const swapLimit = latestLimit(history.points, 'swapLimit');
  const checkLimit = latestLimit(history.points, 'checkLimit');
  const checkText = cur
    ? describeDays('Last security check', cur.daysSinceCheck, checkLimit, cur.checkOver)
    : 'No longer held';
  const swapText = cur ? describeDays('Last swap', cur.daysSinceSwap, swapLimit, cur.swapOver) : '';
  const marks = `${history.refusals.length} refusal(s), ${history.waivers.length} waiver(s) in the period.`;
  const clampX = (t: number) => c.x(Math.min(to, Math.max(from, t)));
  const bottom = FRAME.height - FRAME.margin.bottom;
  const right = FRAME.width - FRAME.margin.right;
  return (
    <figure className="chart days-chart">
      <svg
        viewBox={`0 0 ${FRAME.width} ${FRAME.height}`}
        role="img"
        aria-label={`Days since last swap and security check: ${label}`}
        className="chart-svg"
      >
        <desc>{[checkText, swapText, marks].filter(Boolean).join('. ')}</desc>
        <ChartAxes frame={FRAME} xTicks={c.xTicks} yTicks={c.yTicks} />
        {history.waivers.map((w) => {
          const x1 = clampX(Date.parse(w.from));
          const x2 = clampX(Date.parse(w.to));
          return x2 > x1 ? (
            <rect
              key={`${w.rule}${w.from}`}
              x={x1}
              width={x2 - x1}
              y={FRAME.margin.top}
              height={bottom - FRAME.margin.top}
              className="waiver"
            >
              <title>{`Waiver of ${w.rule}, ${w.from.slice(0, 10)} to ${w.to.slice(0, 10)}`}</title>
            </rect>
          ) : null;
        })}
        <path d={c.checkLimitPath} className="limit-check">
          <title>Security check limit (period plus grace)</title>
        </path>
        <path d={c.swapLimitPath} className="limit-swap">
          <title>Swap limit (period plus grace)</title>
        </path>
        <path d={c.swapPath} className="line-swap">
          <title>Days since last swap</title>
        </path>
        <path d={c.checkPath} className="line-check">
          <title>Days since last security check</title>
        </path>
        {history.refusals
          .filter((r) => Date.parse(r.at) >= from - DAY && Date.parse(r.at) <= to)
          .map((r) => {
            const x = clampX(Date.parse(r.at));
            return (
              <path key={`${r.at}${r.action}`} d={`M${x},${bottom - 2} l-6,-11 h12 z`} className="refusal">
                <title>{`Refused ${r.action} on ${r.at.slice(0, 10)}: ${r.reason}`}</title>
              </path>
            );
          })}
        {cur?.checkOver && cur.daysSinceCheck !== null && (
          <text x={right - 4} y={FRAME.margin.top + 12} textAnchor="end" className="overdue-label">
            {`Check overdue: ${Math.floor(cur.daysSinceCheck)} days`}
          </text>
        )}
      </svg>
      <figcaption>
        <ul className="legend">
          <li className={cur?.checkOver ? 'bad' : undefined}>
            <span className="swatch line-check" aria-hidden="true" /> {checkText}
          </li>
          {swapText && (
            <li className={cur?.swapOver ? 'bad' : undefined}>
              <span className="swatch line-swap" aria-hidden="true" /> {swapText}
            </li>
          )}
          <li>
            <span className="swatch refusal" aria-hidden="true" /> Refusals: {history.refusals.length}
            {' · '}
            <span className="swatch waiver" aria-hidden="true" /> Waivers: {history.waivers.length}
            {' · dashed: limits'}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
