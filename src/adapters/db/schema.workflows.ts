/** Tables for swaps, refusals, waivers, scheduled checks (issue 3). Re-exported by schema.ts. */
export {};
