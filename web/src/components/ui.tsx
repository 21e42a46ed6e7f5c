import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { usePersonName } from '../api/queries.ts';
import type { Severity, Verdict } from '../api/types.ts';
import { localDay, relativeDays } from '../lib/evidence.ts';

/** A link to a device's page; its text is the id unless given. */
export const DeviceLink = ({ id, children }: { id: string; children?: ReactNode }) => (
  <Link href={`/devices/${id}`}>{children ?? id}</Link>
);

/** A link to a person's page, named once the people load. */
export function PersonLink({ id }: { id: string }) {
  const name = usePersonName();
  return <Link href={`/people/${id}`}>{name(id)}</Link>;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
}

/** Compact and unambiguous, for dense tables: "2026-11-22 04:58 UTC". */
export function formatInstant(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
}

export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** "30 Nov 2026, 12 days ago": the reader's local date and how long ago; the exact instant on hover. */
export function RelativeDay({ iso, now }: { iso: string; now?: number }) {
  return (
    <time dateTime={iso} title={formatDate(iso)}>
      {localDay(iso)}, {relativeDays(iso, now ?? Date.now())}
    </time>
  );
}

/** Loading and error states of a query, in one place. */
export function Loadable<T>({
  query,
  label,
  children,
}: {
  query: { isPending: boolean; error: Error | null; data: T | undefined };
  label: string;
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <ErrorAlert error={query.error} what={label} />;
  if (query.isPending || query.data === undefined)
    return (
      <p role="status" className="loading">
        Loading {label}…
      </p>
    );
  return <>{children(query.data)}</>;
}

export function ErrorAlert({ error, what }: { error: unknown; what?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  return (
    <p role="alert" className="error">
      {what ? `Could not load ${what}: ` : ''}
      {message}
      {code ? ` (${code})` : ''}
    </p>
  );
}

/** The verdicts in the order they are shown, best first. */
export const VERDICTS: readonly Verdict[] = ['compliant', 'waived', 'non-compliant', 'not-evaluated'];

export const VERDICT_TEXT: Record<Verdict, string> = {
  compliant: 'Compliant',
  waived: 'Waived',
  'non-compliant': 'Non-compliant',
  'not-evaluated': 'Not evaluated',
};

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return <span className={`badge verdict-${verdict}`}>{VERDICT_TEXT[verdict]}</span>;
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/**
 * A wide table's horizontal scroller. Focusable and named so keyboard users can scroll it too
 * (WCAG 2.1.1; axe scrollable-region-focusable) when the table is wider than a tablet screen.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
