/** What every route module receives. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../../services/index.ts';
import type { PushSettingsOf } from '../../mdm/push.ts';
import type { OidcFlow } from '../../oidc/client.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface RouteDeps {
  readonly services: Services;
  /** Resolves when the database answers; `/readyz` calls it. */
  readonly ready: () => Promise<unknown>;
  /** Single sign-on, when configured (null: the sign-in page offers passwords only). */
  readonly oidc?: OidcFlow | null;
  /** The configured MDM pushes (`POST /connectors/:source/push`); none when absent. */
  readonly pushes?: PushSettingsOf;
}

/** A route module registers its routes on the (prefixed) app it is given. */
export type Routes = (app: App, deps: RouteDeps) => void;

/**
 * Drops the keys whose value is undefined: Zod's optional outputs are `T | undefined`, and the
 * services' filters (with exactOptionalPropertyTypes) want such keys absent.
 */
export function compact<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
