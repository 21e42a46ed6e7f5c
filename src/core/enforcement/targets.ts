/** The systems a protocol compiles for. */
export const ENFORCEMENT_TARGETS = ['apple-profile', 'apple-ddm', 'amapi', 'intune'] as const;
export type EnforcementTarget = (typeof ENFORCEMENT_TARGETS)[number];
