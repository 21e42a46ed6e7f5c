/**
 * Every error a caller can cause has a stable code, listed here and in docs/errors.md
 * (a test keeps the two in sync). The message is safe to show to the caller; the internal
 * cause, if any, is logged but never sent.
 */
export const ERRORS = {
  VALIDATION_FAILED: {
    status: 400,
    description: 'The request body, query or parameters do not match the schema.',
  },
  BAD_JSON: { status: 400, description: 'The request body is not valid JSON.' },
  BAD_YAML: { status: 400, description: 'The request body is not valid YAML.' },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body exceeds the size limit.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: 'The request body has a content type the route does not accept.',
  },
  AUTH_REQUIRED: { status: 401, description: 'No bearer token was sent, or it is malformed.' },
  AUTH_INVALID_TOKEN: { status: 401, description: 'The bearer token is unknown or has been revoked.' },
  AUTH_FORBIDDEN: { status: 403, description: "The token's role may not perform this action." },
  NOT_FOUND: { status: 404, description: 'No such route.' },
  METHOD_NOT_ALLOWED: { status: 405, description: 'The route exists but not for this method.' },
  RATE_LIMITED: { status: 429, description: 'Too many requests; retry later.' },
  PERSON_NOT_FOUND: { status: 404, description: 'No person has this id.' },
  PERSON_EXISTS: { status: 409, description: 'A person with this id already exists.' },
  PERSON_INVALID: {
    status: 422,
    description: 'The person record is inconsistent (for example staff naming an unknown principal).',
  },
  DEVICE_NOT_FOUND: { status: 404, description: 'No device has this id.' },
  DEVICE_EXISTS: { status: 409, description: 'A device with this id or serial number already exists.' },
  DEVICE_INVALID: {
    status: 422,
    description: 'The device record is inconsistent (for example an unknown holder).',
  },
  POSTURE_INVALID: {
    status: 422,
    description: 'The posture report is inconsistent (for example an unknown device).',
  },
  PROTOCOL_INVALID: {
    status: 422,
    description: 'The protocol document is not valid; details list every problem with its path.',
  },
  PROTOCOL_VERSION_EXISTS: {
    status: 409,
    description:
      'This version of the protocol is already stored with other content; versions are never replaced (raise metadata.version).',
  },
  PROTOCOL_NOT_FOUND: { status: 404, description: 'No protocol has this name.' },
  PROTOCOL_EXTENDS_CYCLE: { status: 422, description: 'Protocols extend each other in a cycle.' },
  PROTOCOL_IN_USE: {
    status: 409,
    description: 'The protocol is assigned to a person and cannot be removed.',
  },
  TOKEN_NOT_FOUND: { status: 404, description: 'No token has this id.' },
  IMPORT_INVALID: {
    status: 422,
    description: 'The fleet document is not valid; details list every problem; nothing was imported.',
  },
  AS_OF_INVALID: { status: 400, description: 'The as-of instant is not an ISO 8601 timestamp.' },
  CLI_USAGE: { status: 400, description: 'The command line is malformed (CLI only, exit code 2).' },
  FILE_UNREADABLE: {
    status: 400,
    description: 'A file named on the command line cannot be read (CLI only).',
  },
  CONFIG_INVALID: {
    status: 400,
    description: 'An environment variable has an invalid value (start-up only).',
  },
  EMBEDDED_DB_IN_USE: {
    status: 409,
    description:
      'Another Vigil process holds the embedded database; stop it or use PostgreSQL (DATABASE_URL).',
  },
  DEMO_NOT_EMPTY: { status: 409, description: 'The demo office loads only into an empty database.' },
  NOT_READY: {
    status: 503,
    description: 'The service cannot reach its database; retry later (readiness probe).',
  },
  // -- workflows: swaps, checks, refusals, waivers
  // -- incidents, zones, acknowledgements
  // -- notices and finding transitions
  // -- audit log
  INTERNAL: { status: 500, description: 'An unexpected failure; the cause is logged, not returned.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorDetail {
  path: string;
  message: string;
  [key: string]: unknown;
}

export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message: string, details?: readonly ErrorDetail[], options?: ErrorOptions) {
    super(message, options);
    this.name = 'VigilError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}
