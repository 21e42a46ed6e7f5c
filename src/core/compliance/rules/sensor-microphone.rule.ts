import { sensorRule } from './sensor-rule.ts';

/** `sensor.microphone`: the microphone must be disabled when the protocol says so. */
export const sensorMicrophone = sensorRule('microphone');
