import { readdirSync, readFileSync } from 'node:fs';

/** The nice value of every thread of this process (Linux: field 19 of /proc/self/task/<tid>/stat). */
export function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // After the command name, which may hold spaces, in parentheses.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}
