import { defineConnector, endpointEnv } from '../connector.ts';
import { parseApple } from './parse.ts';
import { pullAppleMdm } from './pull.ts';
import { ddmEnv, pushAppleDdm } from './push.ts';

export const appleMdm = defineConnector({
  name: 'apple-mdm',
  title: 'Apple MDM',
  accepts:
    "XML or binary plist check-ins and command results; MicroMDM/NanoMDM webhook JSON; MicroMDM's `/v1/devices` list",
  parse: parseApple,
  pull: {
    env: endpointEnv('VIGIL_APPLE_MDM_URL', 'VIGIL_APPLE_MDM_API_KEY'),
    doc: 'MicroMDM `https://mdm.example.org/v1/devices` and its API key (HTTP basic auth, user `micromdm`); NanoMDM has no device list: use its webhook',
    run: pullAppleMdm,
  },
  push: {
    target: 'apple-ddm',
    env: ddmEnv,
    doc: "a KMFDDM-style DDM server (`VIGIL_DDM_URL`, `VIGIL_DDM_API_KEY`): declarations and the set `vigil.{protocol}.{role}` assigned to the role's enrollments, then `DeclarativeManagement` enqueued through NanoMDM (`VIGIL_NANOMDM_ENQUEUE_URL` …`/v1/enqueue`, `VIGIL_NANOMDM_API_KEY`; without it the DDM server's `/v1/notify`)",
    run: pushAppleDdm,
  },
});
