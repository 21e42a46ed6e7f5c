/**
 * What to say when a protocol name is unknown: the names that do exist, or, when none is
 * stored yet (a fresh data folder without the demo), how to add the shipped baselines.
 */
const LISTED = 20;

export function noProtocolNamed(name: string, known: Iterable<string>): string {
  const names = [...new Set(known)].sort();
  if (names.length === 0)
    return `no protocol is named ${name}, and none is stored yet: add the shipped baselines with \`vigil protocol add baselines/*.yaml\` (or run \`vigil init\`)`;
  const shown = names.slice(0, LISTED).join(', ');
  const more = names.length > LISTED ? `, and ${names.length - LISTED} more (\`vigil protocol list\`)` : '';
  return `no protocol is named ${name}; stored protocols: ${shown}${more}`;
}
