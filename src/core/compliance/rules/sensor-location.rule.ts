import { sensorRule } from './sensor-rule.ts';

/** `sensor.location`: the location must be disabled when the protocol says so. */
export const sensorLocation = sensorRule('location');
