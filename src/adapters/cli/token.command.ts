import type { Command } from 'commander';
import { tokenInputSchema } from '../../services/access/schemas.ts';
import { tokenView } from '../../services/access/views.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { validate } from './inventory.command.ts';
import { json, table } from './io.ts';

export function registerTokenCommands(program: Command, env: CommandEnv): void {
  const token = program.command('token').description('API tokens: create (shown once), list, revoke');
  token
    .command('create')
    .description('Create an API token; its secret is printed once and stored only as a hash')
    .requiredOption('--role <role>', 'admin, officer, technician, auditor, staff or ingest')
    .requiredOption('--name <name>', 'what the token is for, e.g. mdm-connector')
    .option('--person <id>', 'for staff tokens: the person whose devices it may see')
    .action((o: { role: string; name: string; person?: string }) =>
      env.withRuntime(async (rt) => {
        const input = validate(tokenInputSchema, {
          role: o.role,
          name: o.name,
          ...(o.person === undefined ? {} : { personId: o.person }),
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
                ['ID', 'NAME', 'ROLE', 'PERSON', 'CREATED', 'REVOKED'],
                list.map((t) => {
                  const v = tokenView(t);
                  return [v.id, v.name, v.role, v.personId ?? '-', v.createdAt, v.revokedAt ?? '-'];
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
