import type { Frame, Tick } from '../lib/charts.ts';

/** The grid lines and tick labels every chart draws inside its frame. */
export function ChartAxes({
  frame,
  xTicks,
  yTicks,
}: {
  frame: Frame;
  xTicks: readonly Tick[];
  yTicks: readonly Tick[];
}) {
  return (
    <>
      {yTicks.map((t) => (
        <g key={`y${t.label}`}>
          <line
            x1={frame.margin.left}
            x2={frame.width - frame.margin.right}
            y1={t.at}
            y2={t.at}
            className="grid"
          />
          <text x={frame.margin.left - 6} y={t.at + 4} textAnchor="end" className="tick">
            {t.label}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text key={`x${t.at}`} x={t.at} y={frame.height - 8} textAnchor="middle" className="tick">
          {t.label}
        </text>
      ))}
    </>
  );
}
