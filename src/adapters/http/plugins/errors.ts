/**
 * One error shape for everything that goes wrong: `{"error":{"code","message","details"}}`.
 * A VigilError carries its own code and status; Fastify's parsing and validation errors are
 * translated to stable codes; anything else is a 500 INTERNAL whose cause is logged and never
 * sent (no stack trace, no driver message, no SQL reaches the client).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, type ErrorCode, type ErrorDetail, VigilError } from '../../../core/errors.ts';
import { findUnsafeText } from '../../../core/text.ts';
import type { ErrorBody } from '../openapi.ts';

export function errorBody(code: ErrorCode, message: string, details: readonly ErrorDetail[] = []): ErrorBody {
  return { error: { code, message, details: [...details], hint: ERRORS[code].hint } };
}

/** Fastify's own error codes that are the caller's fault. */
const FASTIFY_CODES: Readonly<Record<string, { code: ErrorCode; message: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BAD_JSON', message: 'the request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'BAD_JSON',
    message: 'the request body is empty but its content type is JSON',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'the request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message:
      'this route does not accept that content type (send application/json; the import route also takes YAML)',
  },
  FST_ERR_BAD_URL: { code: 'VALIDATION_FAILED', message: 'the URL is not validly percent-encoded' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'VALIDATION_FAILED', message: 'a path parameter is too long' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'VALIDATION_FAILED',
    message: 'the request body does not match its Content-Length',
  },
};

/** For any other 4xx error Fastify raises: the registered code with that status. */
const BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'AUTH_REQUIRED',
  403: 'AUTH_FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

const CONTEXTS: Readonly<Record<string, string>> = { querystring: 'query', body: 'body', params: 'params' };

/** Zod issues (via fastify-type-provider-zod) as `{path, message}`, every one of them. */
function validationDetails(err: FastifyError): ErrorDetail[] {
  const where = CONTEXTS[err.validationContext ?? ''] ?? err.validationContext ?? 'request';
  return (err.validation ?? []).map((v) => {
    const path = v.instancePath.split('/').filter((s) => s !== '');
    return { path: [where, ...path].join('.'), message: v.message ?? 'invalid' };
  });
}

interface Translated {
  readonly status: number;
  readonly body: ErrorBody;
  /** Unexpected: log the cause at error level. */
  readonly internal: boolean;
}

export function translateError(err: unknown, requestId: string): Translated {
  if (err instanceof VigilError) {
    return {
      status: err.status,
      body: errorBody(err.code, err.message, err.details),
      internal: err.status >= 500,
    };
  }
  const e = err as Partial<FastifyError> | null;
  if (e !== null && typeof e === 'object') {
    if (Array.isArray(e.validation)) {
      const details = validationDetails(e as FastifyError);
      const message = `the request does not match the schema (${details.length} problem${details.length === 1 ? '' : 's'})`;
      return { status: 400, body: errorBody('VALIDATION_FAILED', message, details), internal: false };
    }
    const known = typeof e.code === 'string' ? FASTIFY_CODES[e.code] : undefined;
    if (known !== undefined) {
      return {
        status: ERRORS[known.code].status,
        body: errorBody(known.code, known.message),
        internal: false,
      };
    }
    const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
    const code = BY_STATUS[status];
    if (code !== undefined) {
      const message =
        typeof e.message === 'string' && e.message !== '' ? e.message : ERRORS[code].description;
      return { status, body: errorBody(code, message), internal: false };
    }
  }
  return {
    status: 500,
    body: errorBody('INTERNAL', `an unexpected error occurred; it was logged with request id ${requestId}`),
    internal: true,
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const { status, body, internal } = translateError(err, String(request.id));
  if (internal) request.log.error({ err }, 'unhandled error');
  else request.log.info({ code: body.error.code }, body.error.message);
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * For Fastify's `frameworkErrors` option: errors raised before routing (a malformed URL, an
 * overlong path parameter), which never reach the error handler.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendError(request, reply, err);
}

/**
 * Before any route schema: a NUL or lone surrogate anywhere in the parameters, query or parsed
 * body is a 400 naming the field. The schemas refuse them too (kernel/schemas.ts), but not every
 * string field is declared through them, and a free-form record would reach the database whole.
 */
function refuseUnsafeText(request: FastifyRequest): void {
  const parts = { params: request.params, query: request.query, body: request.body } as const;
  for (const [where, value] of Object.entries(parts)) {
    const found = findUnsafeText(value, where);
    if (found !== null) throw new VigilError('VALIDATION_FAILED', `${found.path} ${found.message}`, [found]);
  }
}

export function errorsPlugin(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => refuseUnsafeText(request));
  app.setErrorHandler((err, request, reply) => sendError(request, reply, err));
  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?')[0] ?? '').slice(0, 200);
    return sendError(request, reply, new VigilError('NOT_FOUND', `no route for ${request.method} ${path}`));
  });
}
