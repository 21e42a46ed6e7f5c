/**
 * The one path HTTP, CLI and scheduled pulls share: a delivery of a named source is parsed by
 * its connector (registry.ts) into observations, which the ConnectorService matches to devices
 * and records as posture reports (README.md here).
 */
import { VigilError } from '../../core/errors.ts';
import { findUnsafeText } from '../../core/text.ts';
import type { IngestResult } from '../../services/connectors/connector.service.ts';
import type { Services } from '../../services/index.ts';
import { type DeliveryHints, invalid } from './common.ts';
import { CONNECTOR_NAMES, connectorNamed } from './registry.ts';

/** Parses one delivery and records it. */
export function ingestDelivery(
  services: Pick<Services, 'connectors'>,
  source: string,
  body: Buffer,
  hints: DeliveryHints,
  actor: string,
): Promise<IngestResult> {
  const connector = connectorNamed(source);
  if (connector === undefined) {
    throw new VigilError(
      'CONNECTOR_NOT_FOUND',
      `No connector is named "${source}" (known: ${CONNECTOR_NAMES.join(', ')}).`,
    );
  }
  const observations = connector.parse(body, hints);
  // Whatever the format, a NUL or lone surrogate that survived parsing (a JSON "\u0000", a
  // NUL byte in a CSV cell) cannot be stored: refuse the delivery as malformed.
  const unsafe = findUnsafeText(observations);
  if (unsafe !== null) invalid(unsafe.path, unsafe.message);
  return services.connectors.ingest(source, observations, actor);
}
