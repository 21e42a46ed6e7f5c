/** Tables for incidents and playbooks, zone detections, policy acknowledgements (issue 3). Re-exported by schema.ts. */
export {};
