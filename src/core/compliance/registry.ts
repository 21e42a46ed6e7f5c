/**
 * Every compliance rule, in evaluation order. Adding a rule means adding its module and one
 * line here; the evaluator has no switch over rule ids.
 */
import type { PeopleRule } from './evaluate-people.ts';
import type { Rule } from './rule.ts';
import { appsUnapproved } from './rules/apps-unapproved.rule.ts';
import { configDrift } from './rules/config-drift.rule.ts';
import { custodyUnassigned } from './rules/custody-unassigned.rule.ts';
import { inspectionFailed } from './rules/inspection-failed.rule.ts';
import { inspectionOverdue } from './rules/inspection-overdue.rule.ts';
import { lockdownOff } from './rules/lockdown-off.rule.ts';
import { osExploited } from './rules/os-exploited.rule.ts';
import { osOutdated } from './rules/os-outdated.rule.ts';
import { policyUnacknowledged } from './rules/policy-unacknowledged.rule.ts';
import { postureStale } from './rules/posture-stale.rule.ts';
import { protocolRoleUncovered } from './rules/protocol-role-uncovered.rule.ts';
import { protocolUnassigned } from './rules/protocol-unassigned.rule.ts';
import { refusalUnwaived } from './rules/refusal-unwaived.rule.ts';
import { rotationOverdue } from './rules/rotation-overdue.rule.ts';
import { sensorBluetooth } from './rules/sensor-bluetooth.rule.ts';
import { sensorCamera } from './rules/sensor-camera.rule.ts';
import { sensorLocation } from './rules/sensor-location.rule.ts';
import { sensorMicrophone } from './rules/sensor-microphone.rule.ts';
import { waiverExpired } from './rules/waiver-expired.rule.ts';
import { zonePersonalDevice } from './rules/zone-personal-device.rule.ts';

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
  osExploited,
  lockdownOff,
  configDrift,
  postureStale,
  // -- workflows
  inspectionFailed,
  refusalUnwaived,
  waiverExpired,
];

/** Rules over people and facilities rather than one device, run once per evaluation (evaluate-people.ts). */
export const PEOPLE_RULES: readonly PeopleRule[] = [zonePersonalDevice, policyUnacknowledged];
