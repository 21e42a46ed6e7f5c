/**
 * The audit view's "Verify proof": fetch the event's leaf, the latest checkpoint (asking the
 * server to sign one when the event is newer than it) and the inclusion proof, then verify it
 * all locally (tlog.ts). The fetching is a parameter so the test drives the real API with it.
 */
import type { AuditEventEntry, CheckpointView, InclusionProof } from '../api/types.ts';
import { verifyEventInclusion } from './tlog.ts';

export type Fetch = <T>(path: string, method?: 'GET' | 'POST') => Promise<T>;

export interface EventVerdict {
  readonly ok: boolean;
  /** Starts with "Inclusion proof verified" or "Verification failed". */
  readonly text: string;
}

export async function verifyEvent(call: Fetch, seq: number, pinnedKey: string): Promise<EventVerdict> {
  try {
    const ev = await call<AuditEventEntry>(`/audit/events/${seq}`);
    let cp = await call<CheckpointView>('/audit/checkpoint');
    let index = ev.index;
    if (index === null || index >= cp.size) {
      cp = await call<CheckpointView>('/audit/checkpoint', 'POST');
      index = (await call<AuditEventEntry>(`/audit/events/${seq}`)).index;
    }
    if (index === null || index >= cp.size)
      return {
        ok: false,
        text: 'Verification failed: the event is not yet in a signed checkpoint; try again shortly.',
      };
    const proof = await call<InclusionProof>(`/audit/proofs/inclusion?index=${index}&size=${cp.size}`);
    const pinned = pinnedKey.trim();
    const r = await verifyEventInclusion({
      entry: ev.entry,
      index,
      note: cp.note,
      verifierKey: pinned || cp.verifierKey,
      proof: proof.proof,
    });
    const source = pinned ? 'your pinned key' : 'the server’s key (not pinned)';
    return r.ok
      ? { ok: true, text: `Inclusion proof verified: ${r.message}, checked with ${source}.` }
      : { ok: false, text: `Verification failed: ${r.message}.` };
  } catch (e) {
    return { ok: false, text: `Verification failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
