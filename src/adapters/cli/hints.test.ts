/**
 * Every error code says what to do next, and every command a hint names exists: a hint that
 * sends an officer to a command Vigil does not have is worse than none.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../core/errors.ts';
import { buildProgram } from './cli.ts';
import type { CliIo } from './io.ts';

const io: CliIo = { out: () => {}, err: () => {}, env: {}, cwd: '/', stopSignal: new Promise(() => {}) };

function commandPaths(program: Command): Set<string> {
  const paths = new Set<string>();
  const walk = (c: Command, prefix: string) => {
    for (const sub of c.commands) {
      const path = `${prefix} ${sub.name()}`;
      paths.add(path);
      walk(sub, path);
    }
  };
  walk(program, 'vigil');
  return paths;
}

/** The command part of `vigil a b ARG --opt`: the leading lower-case words. */
function commandOf(snippet: string): string {
  const words = snippet.split(/\s+/);
  const out: string[] = [];
  for (const w of words) {
    if (!/^[a-z][a-z-]*$/.test(w)) break;
    out.push(w);
  }
  return out.join(' ');
}

describe('error hints', () => {
  const program = buildProgram(io, () => {});
  const known = commandPaths(program);

  it.each(Object.entries(ERRORS))('%s has a hint of its own', (_code, e) => {
    expect(e.hint.trim().length).toBeGreaterThan(10);
    expect(e.hint).not.toBe(e.description);
    expect(e.hint).toMatch(/[.)]$/);
  });

  it('names only commands that exist', () => {
    const named = Object.entries(ERRORS).flatMap(([code, e]) =>
      [...e.hint.matchAll(/`(vigil [^`]+)`/g)].map((m) => ({ code, command: commandOf(m[1] ?? '') })),
    );
    expect(named.length).toBeGreaterThan(40);
    const missing = named.filter((n) => {
      // The longest prefix that is a command must be the whole command phrase, or the phrase
      // continues into arguments (vigil device show ID).
      const parts = n.command.split(' ');
      for (let i = parts.length; i >= 2; i--) if (known.has(parts.slice(0, i).join(' '))) return false;
      return true;
    });
    expect(missing).toEqual([]);
  });
});
