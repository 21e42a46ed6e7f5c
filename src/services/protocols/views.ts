/** The protocols context's records as JSON: instants as ISO strings. */
import { toIso } from '../../core/time.ts';
import type { ProtocolVersion } from './ports.ts';

export const protocolVersionView = (v: ProtocolVersion) => ({
  name: v.name,
  version: v.version,
  sha256: v.sha256,
  effectiveAt: toIso(v.effectiveAt),
  recordedAt: toIso(v.recordedAt),
  recordedBy: v.recordedBy,
});
