import type { ReactNode } from 'react';

/** One row: what it counts (a person, a role, a day) and its devices by verdict. */
export interface VerdictRow {
  readonly key: string;
  readonly label: ReactNode;
  readonly compliant: number;
  readonly waived: number;
  readonly nonCompliant: number;
  /** Open findings, when the table shows them. */
  readonly open?: number;
  /** A row counted inside the row above it (a principal's staff member). */
  readonly sub?: boolean;
}

/**
 * Devices by verdict per row, the shape of the overview's breakdowns and of the history chart's
 * data table: one component so the columns read the same everywhere.
 */
export function VerdictTable({
  caption,
  first,
  rows,
  openColumn = false,
}: {
  caption: ReactNode;
  /** The header of the row labels' column. */
  first: string;
  rows: readonly VerdictRow[];
  /** Adds an "Open findings" column. */
  openColumn?: boolean;
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col">Compliant</th>
          <th scope="col">Waived</th>
          <th scope="col">Non-compliant</th>
          {openColumn && <th scope="col">Open findings</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className={r.sub ? 'sub-row' : undefined}>
            <th scope="row">{r.label}</th>
            <td>{r.compliant}</td>
            <td>{r.waived}</td>
            <td className={r.nonCompliant > 0 ? 'bad' : undefined}>{r.nonCompliant}</td>
            {openColumn && <td className={(r.open ?? 0) > 0 ? 'bad' : undefined}>{r.open ?? 0}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
