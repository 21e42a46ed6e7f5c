/**
 * The notice planner's tests' world: one protocol whose `calls` role is swapped every 30 days
 * (3 days' grace), waivable by an officer for 90 days, in force from around `T0`.
 */
export const T0 = Date.UTC(2026, 0, 1, 9);
export const iso = (t: number) => new Date(t).toISOString();

export const PLANNER_PROTOCOL = `apiVersion: vigil/v1
kind: Protocol
metadata:
  name: plan-test
  title: Planner test
  version: "1"
  sources: [{ id: s, title: Source }]
roles:
  calls:
    rotation: { every: P30D, grace: P3D, cite: [s] }
waivers: { maxDuration: P90D, approverRole: officer, cite: [s] }
`;
