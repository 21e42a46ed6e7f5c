/** The self-service context's records as JSON: instants as ISO strings. */
import type { SelfAttestation } from '../../core/lifecycle/self-service.ts';
import { toIso } from '../../core/time.ts';
import { isoOrNull } from '../kernel/views.ts';
import type { SelfPage } from './self-service.service.ts';

export const selfAttestationView = (a: SelfAttestation) => ({
  ...a,
  occurredAt: toIso(a.occurredAt),
  recordedAt: toIso(a.recordedAt),
});

export const selfPageView = (p: SelfPage) => ({
  ...p,
  at: toIso(p.at),
  person: { id: p.person.id, name: p.person.name, kind: p.person.kind },
  tasks: p.tasks.map((t) => ({ ...t, dueAt: isoOrNull(t.dueAt) })),
  waivers: p.waivers.map((w) => ({ ...w, expiresAt: toIso(w.expiresAt) })),
  rules: p.rules.map((r) => ({ ...r, acknowledgedAt: isoOrNull(r.acknowledgedAt) })),
  attestations: p.attestations.map(selfAttestationView),
});
