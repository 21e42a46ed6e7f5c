import { defineConnector, endpointEnv } from '../connector.ts';
import { parseFleet } from './parse.ts';
import { pullFleet } from './pull.ts';

export const fleet = defineConnector({
  name: 'fleet',
  title: 'Fleet',
  accepts: 'host JSON (`{ host }`, `{ hosts: [...] }`)',
  parse: parseFleet,
  pull: {
    env: endpointEnv('VIGIL_FLEET_URL', 'VIGIL_FLEET_TOKEN'),
    doc: "Fleet `https://fleet.example.org/api/v1/fleet/hosts` (query filters such as `team_id` are kept) and an API-only user's token",
    run: pullFleet,
  },
});
