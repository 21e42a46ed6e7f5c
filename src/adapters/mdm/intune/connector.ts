import { defineConnector, endpointEnv } from '../connector.ts';
import { parseIntune } from './parse.ts';
import { pullIntune } from './pull.ts';
import { intunePushEnv, pushIntune } from './push.ts';
import { retireIntune } from './retire.ts';

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
    env: intunePushEnv,
    doc: "Graph `deviceCompliancePolicies` and `deviceConfigurations` next to the pull's URL (`VIGIL_INTUNE_URL`, `VIGIL_INTUNE_TOKEN`), found by `displayName` (which ends in the digest of the object's content): created, PATCHed or left as they are; with `VIGIL_INTUNE_GROUPS` (`calls=<group id>,…`) each is assigned to its role's Entra ID group, keeping its other assignments; objects Vigil created for superseded versions are deleted, their assignments first moved to the objects replacing them",
    run: async (job, settings, opts) =>
      retireIntune(job, settings, opts, await pushIntune(job, settings, opts)),
  },
});
