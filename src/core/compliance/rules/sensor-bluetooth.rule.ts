import { sensorRule } from './sensor-rule.ts';

/** `sensor.bluetooth`: the bluetooth must be disabled when the protocol says so. */
export const sensorBluetooth = sensorRule('bluetooth');
