import { defineConnector, endpointEnv } from '../connector.ts';
import { parseIntune } from './parse.ts';
import { pullIntune } from './pull.ts';
import { pushIntune } from './push.ts';

export const intune = defineConnector({
  name: 'intune',
  title: 'Microsoft Intune',
  accepts: 'Graph `managedDevice` JSON, single or `{ value: [...] }` pages',
  parse: parseIntune,
  pull: {
    env: endpointEnv('VIGIL_INTUNE_URL', 'VIGIL_INTUNE_TOKEN'),
    doc: 'Graph `deviceManagement/managedDevices` URL and bearer token; pages follow `@odata.nextLink`',
    run: pullIntune,
  },
  push: {
    target: 'intune',
    doc: "Graph `deviceCompliancePolicies` and `deviceConfigurations` next to the pull's URL, found by `displayName`: created, PATCHed or left as they are",
    run: pushIntune,
  },
});
