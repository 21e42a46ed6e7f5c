/**
 * A finding's evidence for people: instants as local dates with how long ago, sources cited by
 * title and link, and the record ids (what an auditor looks up, not what a reader needs) apart.
 */

const DAY = 86_400_000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** Keys naming records (reportId, waiverId, inspectionIds) rather than facts. */
const ID_KEY = /(^id$|Ids?$)/;

/** "today", "yesterday", "12 days ago", "in 3 days": whole days between the instant and `now`. */
export function relativeDays(iso: string, now: number): string {
  // Toward zero: 23 hours ahead is still today, 25 hours ago yesterday.
  const days = Math.trunc((now - Date.parse(iso)) / DAY);
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days === -1) return 'tomorrow';
  return days > 0 ? `${days.toLocaleString('en-GB')} days ago` : `in ${(-days).toLocaleString('en-GB')} days`;
}

/** The date in the reader's own time zone: "30 Nov 2026". */
export function localDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric' });
}

/** "lastInspectionAt" -> "Last inspection", "maxBehindLatest" -> "Max behind latest". */
export function label(key: string): string {
  const words = key
    .replace(/At$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface Source {
  readonly id: string;
  readonly title: string;
  readonly url?: string;
  readonly section?: string;
}

export type EvidenceValue =
  | { readonly kind: 'instant'; readonly iso: string }
  | { readonly kind: 'sources'; readonly sources: readonly Source[] }
  | { readonly kind: 'text'; readonly text: string };

export interface EvidenceRow {
  readonly key: string;
  readonly label: string;
  readonly value: EvidenceValue;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map(text).join(', ');
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${label(k).toLowerCase()} ${text(x)}`)
    .join('; ');
}

/**
 * Splits evidence into what a reader sees and the record ids kept behind a toggle. `cite` ids
 * become the protocol's sources (an id it does not list stays as the id, so nothing is hidden).
 */
export function evidenceRows(
  evidence: Readonly<Record<string, unknown>>,
  sources: readonly Source[],
): { shown: EvidenceRow[]; ids: EvidenceRow[] } {
  const shown: EvidenceRow[] = [];
  const ids: EvidenceRow[] = [];
  for (const [key, v] of Object.entries(evidence)) {
    if (key === 'cite') {
      const cited = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
      if (cited.length === 0) continue;
      shown.push({
        key,
        label: 'Sources',
        value: {
          kind: 'sources',
          sources: cited.map((id) => sources.find((s) => s.id === id) ?? { id, title: id }),
        },
      });
    } else if (ID_KEY.test(key)) {
      ids.push({ key, label: key, value: { kind: 'text', text: text(v) } });
    } else if (typeof v === 'string' && ISO_INSTANT.test(v)) {
      shown.push({ key, label: label(key), value: { kind: 'instant', iso: v } });
    } else {
      shown.push({ key, label: label(key), value: { kind: 'text', text: text(v) } });
    }
  }
  return { shown, ids };
}
