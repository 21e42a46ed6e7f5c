/** Holders' self-attestations (table in schema.incidents.ts): append-only. */
import { asc, eq } from 'drizzle-orm';
import type { SelfAttestation, SelfSetting } from '../../../core/lifecycle/self-service.ts';
import type { SelfAttestationRepository } from '../../../services/self-service/ports.ts';
import { selfAttestations } from '../schema.ts';
import type { Tx } from './support.ts';

export function selfAttestationRepository(db: Tx): SelfAttestationRepository {
  return {
    async insert(a: SelfAttestation, recordedBy: string): Promise<void> {
      await db.insert(selfAttestations).values({ ...a, recordedBy });
    },

    async listFor(personId: string): Promise<SelfAttestation[]> {
      const rows = await db
        .select({
          id: selfAttestations.id,
          personId: selfAttestations.personId,
          deviceId: selfAttestations.deviceId,
          setting: selfAttestations.setting,
          state: selfAttestations.state,
          occurredAt: selfAttestations.occurredAt,
          recordedAt: selfAttestations.recordedAt,
        })
        .from(selfAttestations)
        .where(eq(selfAttestations.personId, personId))
        .orderBy(asc(selfAttestations.occurredAt), asc(selfAttestations.id));
      return rows.map((r) => ({ ...r, setting: r.setting as SelfSetting }));
    },
  };
}
