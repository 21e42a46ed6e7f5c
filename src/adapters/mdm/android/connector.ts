import { defineConnector, endpointEnv } from '../connector.ts';
import { parseAndroid } from './parse.ts';
import { pullAndroidManagement } from './pull.ts';
import { pushAndroidManagement } from './push.ts';

export const androidManagement = defineConnector({
  name: 'android-management',
  title: 'Android Management API',
  accepts: 'Device resources (+ Policy resources), Pub/Sub push notifications',
  parse: parseAndroid,
  pull: {
    env: endpointEnv('VIGIL_ANDROID_MANAGEMENT_URL', 'VIGIL_ANDROID_MANAGEMENT_TOKEN'),
    doc: '`https://androidmanagement.googleapis.com/v1/enterprises/{id}/devices` and an OAuth 2.0 access token (bearer); policies first, then devices, by `pageToken`',
    run: pullAndroidManagement,
  },
  push: {
    target: 'amapi',
    doc: "`enterprises.policies.patch` of `vigil-{protocol}-{role}` next to the pull's URL (created when absent, left alone when equal)",
    run: pushAndroidManagement,
  },
});
