/**
 * The posture connectors, by source name: what POST /api/v1/connectors/<source> and
 * `vigil mdm import SOURCE FILE` accept. Each turns a payload into observations; the
 * ConnectorService matches devices and records posture reports (README.md here).
 */
import { VigilError } from '../../core/errors.ts';
import type { IngestResult } from '../../services/connectors/connector.service.ts';
import type { Services } from '../../services/index.ts';
import { parseAndroid } from './android/index.ts';
import { parseApple } from './apple/index.ts';
import type { DeliveryHints, Parse } from './common.ts';
import { parseCsvDelivery } from './csv/index.ts';
import { parseFleet } from './fleet/index.ts';
import { parseIntune } from './intune/index.ts';
import { parseJamf } from './jamf/index.ts';

export const CONNECTORS = {
  'apple-mdm': parseApple,
  'android-management': parseAndroid,
  intune: parseIntune,
  jamf: parseJamf,
  fleet: parseFleet,
  csv: parseCsvDelivery,
} as const satisfies Record<string, Parse>;

export type ConnectorName = keyof typeof CONNECTORS;
export const CONNECTOR_NAMES = Object.keys(CONNECTORS) as ConnectorName[];

export function isConnector(name: string): name is ConnectorName {
  return Object.hasOwn(CONNECTORS, name);
}

/** Parses one delivery and records it: the one path HTTP, CLI and scheduled pulls share. */
export function ingestDelivery(
  services: Pick<Services, 'connectors'>,
  source: string,
  body: Buffer,
  hints: DeliveryHints,
  actor: string,
): Promise<IngestResult> {
  if (!isConnector(source)) {
    throw new VigilError(
      'CONNECTOR_NOT_FOUND',
      `No connector is named "${source}" (known: ${CONNECTOR_NAMES.join(', ')}).`,
    );
  }
  const observations = CONNECTORS[source](body, hints);
  return services.connectors.ingest(source, observations, actor);
}
