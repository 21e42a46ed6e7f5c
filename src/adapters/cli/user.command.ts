/**
 * `vigil user create | list | disable | link | password`: dashboard users, each a person. A password is
 * never a command-line argument (it would land in shell history and the process list): it comes
 * from VIGIL_PASSWORD, or a terminal prompt, or is generated and printed once.
 */
import type { Command } from 'commander';
import { VigilError } from '../../core/errors.ts';
import type { Runtime } from '../../runtime.ts';
import type { UserRecord } from '../../services/access/ports.ts';
import { userInputSchema, userView } from '../../services/access/schemas.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { validate } from './inventory.command.ts';
import { json, table } from './io.ts';
import { askHidden } from './prompt.ts';

/** VIGIL_PASSWORD, else asked twice on a terminal, else undefined (the service generates one). */
async function chosenPassword(env: CommandEnv): Promise<string | undefined> {
  const fromEnv = env.io.env.VIGIL_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (process.stdin.isTTY !== true) return undefined;
  const first = await askHidden('New password (empty: generate one): ');
  if (first === '') return undefined;
  if ((await askHidden('Repeat it: ')) !== first)
    throw new VigilError('CLI_USAGE', 'the two passwords differ');
  return first;
}

/** A user named by id or by user name. */
async function findUser(rt: Runtime, ref: string): Promise<UserRecord> {
  const found = (await rt.services.users.list()).find((u) => u.id === ref || u.username === ref);
  if (found === undefined) throw new VigilError('USER_NOT_FOUND', `no user has the id or user name ${ref}`);
  return found;
}

export function registerUserCommands(program: Command, env: CommandEnv): void {
  const user = program
    .command('user')
    .description(
      'Dashboard users (user name + password), each a person: create, list, disable, link, password',
    );

  const printed = (u: UserRecord, password: string | null, what: string) => {
    if (env.json()) env.io.out(json({ user: userView(u), password }));
    else {
      env.io.out(`${what} ${u.role} user ${u.username} (${u.id}).`);
      if (password !== null) env.io.out(`Password (shown once; store it now): ${password}`);
    }
  };

  user
    .command('create')
    .description('Create a user; the password comes from VIGIL_PASSWORD, a prompt, or is generated')
    .requiredOption('--username <name>', 'what they type to sign in: lower-case letters, digits, . _ -')
    .requiredOption('--name <name>', 'their full name, as the dashboard shows it')
    .requiredOption('--role <role>', 'admin, officer, technician, auditor or staff')
    .requiredOption('--person <id>', 'the person they are (kind operator for the security office)')
    .action((o: { username: string; name: string; role: string; person?: string }) =>
      env.withRuntime(async (rt) => {
        const password = await chosenPassword(env);
        const input = validate(userInputSchema, {
          username: o.username,
          name: o.name,
          role: o.role,
          ...(o.person === undefined ? {} : { personId: o.person }),
          ...(password === undefined ? {} : { password }),
        });
        const created = await rt.services.users.create(input, CLI_ACTOR);
        printed(created.user, created.password, 'Created');
      }),
    );

  user
    .command('list')
    .description('List users (never their password hashes)')
    .action(() =>
      env.withRuntime(async (rt) => {
        const list = (await rt.services.users.list()).map(userView);
        env.io.out(
          env.json()
            ? json(list)
            : table(
                ['ID', 'USERNAME', 'NAME', 'ROLE', 'PERSON', 'DISABLED'],
                list.map((u) => [
                  u.id,
                  u.username,
                  u.name,
                  u.role,
                  u.personId ?? '-',
                  u.disabled ? 'yes' : 'no',
                ]),
              ),
        );
      }),
    );

  user
    .command('disable')
    .description('Disable a user: no more sign-ins, every session ends at once')
    .argument('<user>', 'user id or user name')
    .action((ref: string) =>
      env.withRuntime(async (rt) => {
        const u = await rt.services.users.disable((await findUser(rt, ref)).id, CLI_ACTOR);
        env.io.out(env.json() ? json(userView(u)) : `Disabled ${u.username}; their sessions have ended.`);
      }),
    );

  user
    .command('link')
    .description('Link a user created before users had to be people to the person they are')
    .argument('<user>', 'user id or user name')
    .requiredOption('--person <id>', 'the person they are')
    .action((ref: string, o: { person: string }) =>
      env.withRuntime(async (rt) => {
        const u = await rt.services.users.linkPerson((await findUser(rt, ref)).id, o.person, CLI_ACTOR);
        env.io.out(env.json() ? json(userView(u)) : `Linked ${u.username} to the person ${o.person}.`);
      }),
    );

  user
    .command('password')
    .description('Reset a password (VIGIL_PASSWORD, a prompt, or generated); every session ends')
    .argument('<user>', 'user id or user name')
    .action((ref: string) =>
      env.withRuntime(async (rt) => {
        const target = await findUser(rt, ref);
        const password = await chosenPassword(env);
        const reset = await rt.services.users.resetPassword(target.id, password, CLI_ACTOR);
        printed(reset.user, reset.password, 'Reset the password of');
      }),
    );
}
