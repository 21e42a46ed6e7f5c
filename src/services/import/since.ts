/**
 * When the people and the custody of a fleet document take effect. An office brings records
 * that start long before the import: a person counts from the earliest fact that names them
 * (unless the document says when), and a device's holder holds it from the device's own start,
 * so past days are evaluated with the people and holders they had (see
 * docs/adr/0016-one-definition-of-in-force.md).
 */
import type { ErrorDetail } from '../../core/errors.ts';
import { type Instant, parseInstant, toIso } from '../../core/time.ts';

/** The parts of a fleet document these rules read (structurally, so the schema stays in one place). */
interface DocumentFacts {
  readonly people?:
    | readonly {
        readonly id: string;
        readonly since?: string | undefined;
        readonly protocol?: string | null | undefined;
        readonly protocolSince?: string | undefined;
      }[]
    | undefined;
  readonly devices?:
    | readonly {
        readonly id: string;
        readonly holderId?: string | null | undefined;
        readonly issuedAt?: string | null | undefined;
        readonly custody?: readonly { readonly holderId: string | null; readonly at: string }[] | undefined;
        readonly statuses?: readonly { readonly at: string }[] | undefined;
      }[]
    | undefined;
  readonly assignments?: readonly { readonly personId: string; readonly at: string }[] | undefined;
  readonly refusals?: readonly { readonly personId: string; readonly at: string }[] | undefined;
  readonly waivers?:
    | readonly { readonly personId?: string | undefined; readonly requested: { readonly at: string } }[]
    | undefined;
  readonly acknowledgements?: readonly { readonly personId: string; readonly at: string }[] | undefined;
  readonly incidents?:
    | readonly {
        readonly personIds?: readonly string[] | undefined;
        readonly opened: { readonly at: string };
      }[]
    | undefined;
}

const instant = (text: string, fallback: Instant): Instant => parseInstant(text) ?? fallback;

/**
 * The instant a device's custody takes effect when the document gives a holder or location
 * but no custody history: its first status, else when it was issued, else the import.
 */
export function deviceStart(device: NonNullable<DocumentFacts['devices']>[number], now: Instant): Instant {
  const statuses = device.statuses ?? [];
  if (statuses.length > 0) return Math.min(...statuses.map((s) => instant(s.at, now)));
  return device.issuedAt == null ? now : instant(device.issuedAt, now);
}

/** Every dated fact of the document naming each person: custody, a held device's start, their protocol. */
function factsNaming(doc: DocumentFacts, now: Instant): Map<string, { at: Instant; what: string }[]> {
  const out = new Map<string, { at: Instant; what: string }[]>();
  const add = (id: string, at: Instant, what: string) => {
    const list = out.get(id);
    if (list === undefined) out.set(id, [{ at, what }]);
    else list.push({ at, what });
  };
  for (const d of doc.devices ?? []) {
    if (d.custody === undefined) {
      if (d.holderId != null) add(d.holderId, deviceStart(d, now), `device ${d.id} held from its start`);
    } else {
      for (const c of d.custody)
        if (c.holderId !== null) add(c.holderId, instant(c.at, now), `custody of device ${d.id}`);
    }
  }
  for (const p of doc.people ?? [])
    if (p.protocol != null && p.protocolSince !== undefined)
      add(p.id, instant(p.protocolSince, now), 'their protocol assignment');
  // The history sections: these entries are checked against an explicit since by history.ts.
  for (const a of doc.assignments ?? []) add(a.personId, instant(a.at, now), 'an assignment');
  for (const r of doc.refusals ?? []) add(r.personId, instant(r.at, now), 'a refusal');
  for (const w of doc.waivers ?? [])
    if (w.personId !== undefined) add(w.personId, instant(w.requested.at, now), 'a waiver');
  for (const a of doc.acknowledgements ?? []) add(a.personId, instant(a.at, now), 'an acknowledgement');
  for (const i of doc.incidents ?? [])
    for (const id of i.personIds ?? []) add(id, instant(i.opened.at, now), 'an incident');
  return out;
}

/**
 * From when each person of the document counts: their `since` when given, else the earliest
 * fact naming them, else the import instant (never later).
 */
export function peopleSince(doc: DocumentFacts, now: Instant): Map<string, Instant> {
  const facts = factsNaming(doc, now);
  const out = new Map<string, Instant>();
  for (const p of doc.people ?? []) {
    if (p.since !== undefined) out.set(p.id, instant(p.since, now));
    else out.set(p.id, Math.min(now, ...(facts.get(p.id) ?? []).map((f) => f.at)));
  }
  return out;
}

/**
 * A person whose declared `since` comes after a custody fact or a `protocolSince` naming them:
 * the document contradicts itself. (The history sections are held to `since` by history.ts.)
 */
export function sinceProblems(doc: DocumentFacts, now: Instant): ErrorDetail[] {
  const facts = factsNaming({ people: doc.people, devices: doc.devices }, now);
  const problems: ErrorDetail[] = [];
  (doc.people ?? []).forEach((p, i) => {
    if (p.since === undefined) return;
    const since = instant(p.since, now);
    const earliest = (facts.get(p.id) ?? []).reduce<{ at: Instant; what: string } | null>(
      (a, f) => (a === null || f.at < a.at ? f : a),
      null,
    );
    if (earliest !== null && earliest.at < since)
      problems.push({
        path: `people.${i}.since`,
        message: `${earliest.what} names ${p.id} on ${toIso(earliest.at)}, before their since (${toIso(since)})`,
      });
  });
  return problems;
}
