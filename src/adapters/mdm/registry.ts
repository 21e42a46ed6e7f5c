/**
 * Every MDM connector, one line each (the record lives in `<source>/connector.ts`). The order
 * is the order of the docs, the CLI's choices and `vigil mdm pull`.
 */
import { androidManagement } from './android/connector.ts';
import { appleMdm } from './apple/connector.ts';
import type { Connector, ConnectorPull, ConnectorPush } from './connector.ts';
import { csv } from './csv/connector.ts';
import { fleet } from './fleet/connector.ts';
import { intune } from './intune/connector.ts';
import { jamf } from './jamf/connector.ts';

export const CONNECTORS = [intune, jamf, androidManagement, fleet, appleMdm, csv] as const;

export type ConnectorName = (typeof CONNECTORS)[number]['name'];
export const CONNECTOR_NAMES = CONNECTORS.map((c) => c.name) as [ConnectorName, ...ConnectorName[]];

/** A connector with a scheduled pull. */
export type PulledConnector = Connector<ConnectorName> & { readonly pull: ConnectorPull<unknown> };

export const PULLED: readonly PulledConnector[] = CONNECTORS.filter(
  (c): c is PulledConnector & (typeof CONNECTORS)[number] => c.pull !== undefined,
);

/** A connector that takes compiled protocols (`vigil mdm push`). */
export type PushedConnector = Connector<ConnectorName> & { readonly push: ConnectorPush<unknown> };

export const PUSHED: readonly PushedConnector[] = CONNECTORS.filter(
  (c): c is PushedConnector & (typeof CONNECTORS)[number] => c.push !== undefined,
);

export function connectorNamed(name: string): Connector<ConnectorName> | undefined {
  return CONNECTORS.find((c) => c.name === name);
}
