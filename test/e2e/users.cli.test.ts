/**
 * `vigil user create | list | disable | link | password` end to end: every user is a person; the
 * password comes from VIGIL_PASSWORD (refused when easy to guess) or is generated and printed
 * once, never from an argument; the users made here sign in through the same service the
 * dashboard uses; a token is made for a user and carries their role and person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/runtime.ts';
import { vigilEnv } from '../support/vigil-env.ts';

const vigil = vigilEnv({ name: 'cli_users', env: () => ({ LOG_LEVEL: 'silent' }) });
const { run, runWith } = vigil;

/** Signs in through the service, as POST /session does. */
async function canSignIn(username: string, password: string): Promise<boolean> {
  const rt = await openRuntime(loadConfig(vigil.env, vigil.cwd));
  try {
    await rt.services.users.signIn({ username, password, ip: '127.0.0.1' });
    return true;
  } catch {
    return false;
  } finally {
    await rt.close();
  }
}

beforeAll(async () => {
  for (const id of ['olive', 'theo']) {
    const r = await run('person', 'add', '--id', id, '--name', id, '--kind', 'operator');
    expect(r.code, r.stderr).toBe(0);
  }
}, 60_000);
afterAll(() => vigil.cleanup());

describe('vigil user', () => {
  it('creates a user with the password from VIGIL_PASSWORD, which is not printed', async () => {
    const r = await runWith(
      { VIGIL_PASSWORD: 'olive chose this one' },
      ...['user', 'create', '--username', 'olive', '--name', 'Olive Officer', '--role', 'officer'],
      ...['--person', 'olive'],
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Created officer user olive');
    expect(r.stdout).not.toContain('olive chose this one');
    expect(await canSignIn('olive', 'olive chose this one')).toBe(true);
  }, 60_000);

  it('generates and prints a password once when there is no VIGIL_PASSWORD nor a terminal', async () => {
    const r = await run(
      ...['--json', 'user', 'create'],
      ...['--username', 'theo', '--name', 'Theo', '--role', 'technician', '--person', 'theo'],
    );
    expect(r.code).toBe(0);
    const { user, password } = JSON.parse(r.stdout);
    expect(user).toMatchObject({ username: 'theo', role: 'technician', disabled: false });
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await canSignIn('theo', password)).toBe(true);
  }, 60_000);

  it('never takes a password as an argument', async () => {
    const r = await run(
      ...['user', 'create'],
      ...['--username', 'x', '--name', 'X', '--role', 'admin', '--person', 'olive', '--password', 'p'],
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--password'");
  });

  it('refuses bad input with exit 2 and a stable code', async () => {
    const nobody = await run('user', 'create', '--username', 'sam', '--name', 'Sam', '--role', 'officer');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain("required option '--person <id>'");
    const staff = await run(
      ...['user', 'create', '--username', 'sam', '--name', 'Sam', '--role', 'staff', '--person', 'olive'],
    );
    expect(staff.code).toBe(2);
    expect(staff.stderr).toContain('USER_INVALID');
    const weak = await runWith(
      { VIGIL_PASSWORD: 'aaaaaaaaaaaa' },
      ...['user', 'create', '--username', 'sam', '--name', 'Sam', '--role', 'officer', '--person', 'olive'],
    );
    expect([weak.code, weak.stderr]).toEqual([2, expect.stringContaining('PASSWORD_WEAK')]);
    const ingest = await run(
      ...['user', 'create', '--username', 'bot', '--name', 'Bot', '--role', 'ingest', '--person', 'olive'],
    );
    expect(ingest.code).toBe(2);
    expect(ingest.stderr).toContain('VALIDATION_FAILED');
    const dup = await run(
      ...['user', 'create', '--username', 'olive', '--name', 'O', '--role', 'auditor', '--person', 'olive'],
    );
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('USER_EXISTS');
  }, 60_000);

  it('lists, resets a password (old one stops working) and disables by user name', async () => {
    const list = await run('user', 'list');
    expect(list.stdout).toMatch(/USERNAME/);
    expect(list.stdout).toMatch(/olive\s+Olive Officer\s+officer/);
    expect(list.stdout).not.toContain('argon2');
    const weak = await runWith({ VIGIL_PASSWORD: 'password1234' }, 'user', 'password', 'olive');
    expect([weak.code, weak.stderr]).toEqual([2, expect.stringContaining('PASSWORD_WEAK')]);
    const reset = await runWith({ VIGIL_PASSWORD: 'a second password' }, 'user', 'password', 'olive');
    expect(reset.code).toBe(0);
    expect(await canSignIn('olive', 'olive chose this one')).toBe(false);
    expect(await canSignIn('olive', 'a second password')).toBe(true);
    const off = await run('user', 'disable', 'olive');
    expect(off.code).toBe(0);
    expect(await canSignIn('olive', 'a second password')).toBe(false);
    const json = JSON.parse((await run('--json', 'user', 'list')).stdout) as {
      username: string;
      disabled: boolean;
    }[];
    expect(json.find((u) => u.username === 'olive')?.disabled).toBe(true);
    const missing = await run('user', 'disable', 'nobody');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('USER_NOT_FOUND');
  }, 60_000);

  it('makes a token for a user, in their role and as their person; links a user to a person', async () => {
    const created = await run('--json', 'token', 'create', '--user', 'theo', '--name', 'laptop');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).record).toMatchObject({ role: 'technician', personId: 'theo' });
    const otherRole = await run('token', 'create', '--user', 'theo', '--role', 'admin', '--name', 'x');
    expect([otherRole.code, otherRole.stderr]).toEqual([2, expect.stringContaining('TOKEN_INVALID')]);
    const linked = await run('--json', 'user', 'link', 'theo', '--person', 'olive');
    expect(linked.code, linked.stderr).toBe(0);
    expect(JSON.parse(linked.stdout)).toMatchObject({ username: 'theo', personId: 'olive' });
    const ghost = await run('user', 'link', 'theo', '--person', 'nobody');
    expect([ghost.code, ghost.stderr]).toEqual([2, expect.stringContaining('USER_INVALID')]);
  }, 60_000);
});
