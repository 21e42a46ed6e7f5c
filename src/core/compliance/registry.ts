/**
 * Every compliance rule, in evaluation order. Adding a rule means adding its module and one
 * line here; the evaluator has no switch over rule ids.
 */
import type { Rule } from './rule.ts';
import { appsUnapproved } from './rules/apps-unapproved.rule.ts';
import { custodyUnassigned } from './rules/custody-unassigned.rule.ts';
import { inspectionOverdue } from './rules/inspection-overdue.rule.ts';
import { lockdownOff } from './rules/lockdown-off.rule.ts';
import { osOutdated } from './rules/os-outdated.rule.ts';
import { postureStale } from './rules/posture-stale.rule.ts';
import { protocolRoleUncovered } from './rules/protocol-role-uncovered.rule.ts';
import { protocolUnassigned } from './rules/protocol-unassigned.rule.ts';
import { rotationOverdue } from './rules/rotation-overdue.rule.ts';
import { sensorBluetooth } from './rules/sensor-bluetooth.rule.ts';
import { sensorCamera } from './rules/sensor-camera.rule.ts';
import { sensorLocation } from './rules/sensor-location.rule.ts';
import { sensorMicrophone } from './rules/sensor-microphone.rule.ts';

export const RULES: readonly Rule[] = [
  protocolUnassigned,
  protocolRoleUncovered,
  custodyUnassigned,
  rotationOverdue,
  inspectionOverdue,
  sensorCamera,
  sensorMicrophone,
  sensorLocation,
  sensorBluetooth,
  appsUnapproved,
  osOutdated,
  lockdownOff,
  postureStale,
];
