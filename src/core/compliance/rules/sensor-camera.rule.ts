import { sensorRule } from './sensor-rule.ts';

/** `sensor.camera`: the camera must be disabled when the protocol says so. */
export const sensorCamera = sensorRule('camera');
