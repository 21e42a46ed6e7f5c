import type { ReactNode } from 'react';

/** One row: what it counts (a person, a role, a day) and its devices by verdict. */
export interface VerdictRow {
  readonly key: string;
  readonly label: ReactNode;
  readonly compliant: number;
  readonly waived: number;
  readonly nonCompliant: number;
}

/**
 * Devices by verdict per row, the shape of the overview's breakdowns and of the history chart's
 * data table: one component so the columns read the same everywhere.
 */
export function VerdictTable({
  caption,
  first,
  rows,
}: {
  caption: ReactNode;
  /** The header of the row labels' column. */
  first: string;
  rows: readonly VerdictRow[];
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
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td>{r.compliant}</td>
            <td>{r.waived}</td>
            <td className={r.nonCompliant > 0 ? 'bad' : undefined}>{r.nonCompliant}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
