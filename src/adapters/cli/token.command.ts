import type { Command } from 'commander';
import { VigilError } from '../../core/errors.ts';
import { tokenInputSchema } from '../../services/access/schemas.ts';
import { tokenView } from '../../services/access/views.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { validate } from './inventory.command.ts';
import { json, table } from './io.ts';

export function registerTokenCommands(program: Command, env: CommandEnv): void {
  const token = program.command('token').description('API tokens: create (shown once), list, revoke');
  token
    .command('create')
    .description(
      "Create an API token for a user (their role and person) or an ingest token (no one's); its secret is printed once",
    )
    .requiredOption('--name <name>', 'what the token is for, e.g. mdm-connector')
    .option('--user <user>', 'the user (id or user name) the token belongs to; required but for ingest')
    .option('--role <role>', "ingest for a machine's token; otherwise the user's own role, or omit it")
    .action((o: { name: string; user?: string; role?: string }) =>
      env.withRuntime(async (rt) => {
        let userId: string | undefined;
        if (o.user !== undefined) {
          const found = (await rt.services.users.list()).find(
            (u) => u.id === o.user || u.username === o.user,
          );
          if (found === undefined)
            throw new VigilError('USER_NOT_FOUND', `no user has the id or user name ${o.user}`);
          userId = found.id;
        }
        const input = validate(tokenInputSchema, {
          name: o.name,
          ...(o.role === undefined ? {} : { role: o.role }),
          ...(userId === undefined ? {} : { userId }),
        });
        const { token: secret, record } = await rt.services.tokens.create(input, CLI_ACTOR);
        if (env.json()) env.io.out(json({ token: secret, record: tokenView(record) }));
        else {
          env.io.out(secret);
          env.io.err(
            `Created ${record.role} token ${record.id} (${record.name}). Store it now: it is not shown again.`,
          );
        }
      }),
    );
  token
    .command('list')
    .description('List tokens (never their secrets)')
    .action(() =>
      env.withRuntime(async (rt) => {
        const list = await rt.services.tokens.list();
        env.io.out(
          env.json()
            ? json(list.map(tokenView))
            : table(
                ['ID', 'NAME', 'ROLE', 'USER', 'PERSON', 'CREATED', 'REVOKED'],
                list.map((t) => {
                  const v = tokenView(t);
                  return [
                    v.id,
                    v.name,
                    v.role,
                    v.userId ?? '-',
                    v.personId ?? '-',
                    v.createdAt,
                    v.revokedAt ?? '-',
                  ];
                }),
              ),
        );
      }),
    );
  token
    .command('revoke')
    .description('Revoke a token; it stops working at once')
    .argument('<id>', 'token id')
    .action((id: string) =>
      env.withRuntime(async (rt) => {
        await rt.services.tokens.revoke(id, CLI_ACTOR);
        env.io.out(env.json() ? json({ revoked: id }) : `Revoked ${id}.`);
      }),
    );
}
