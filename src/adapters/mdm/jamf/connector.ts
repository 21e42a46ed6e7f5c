import { defineConnector, endpointEnv } from '../connector.ts';
import { parseJamf } from './parse.ts';
import { pullJamf } from './pull.ts';

export const jamf = defineConnector({
  name: 'jamf',
  title: 'Jamf Pro',
  accepts: 'mobile device inventory (`/api/v2/mobile-devices/detail` pages, flattened records)',
  parse: parseJamf,
  pull: {
    env: endpointEnv('VIGIL_JAMF_URL', 'VIGIL_JAMF_TOKEN'),
    doc: 'Jamf Pro `/api/v2/mobile-devices/detail` URL and bearer token; pages by `page` / `page-size` (500) until `totalCount`',
    run: pullJamf,
  },
});
