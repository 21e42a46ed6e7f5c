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
  HISTORY_IMMUTABLE: {
    status: 409,
    description:
      'The database refused to change or delete recorded history (a fact or the audit log); nothing was written. Record a correction instead.',
  },
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
  INSTANT_IN_FUTURE: {
    status: 422,
    description:
      'A fact cannot take effect after the instant it is recorded; give a past or present instant.',
  },
  INSTANT_BEFORE_SUBJECT: {
    status: 422,
    description:
      'A fact cannot take effect before the device or person it concerns existed; record their start first.',
  },
  TRANSITION_OUT_OF_ORDER: {
    status: 422,
    description:
      'A back-dated transition cannot take effect before the transition it follows; give an instant at or after the previous one.',
  },
  CLI_USAGE: { status: 400, description: 'The command line is malformed (CLI only, exit code 2).' },
  FILE_UNREADABLE: {
    status: 400,
    description: 'A file named on the command line cannot be read (CLI only).',
  },
  SIGNING_KEY_INVALID: {
    status: 400,
    description:
      'The signing certificate or private key file is not a PEM certificate and an unencrypted PEM private key of the same key pair (CLI only).',
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
  SWAP_NOT_FOUND: { status: 404, description: 'No swap has this id.' },
  SWAP_EXISTS: {
    status: 409,
    description: 'The device already has a swap in progress (or the replacement is staged for another).',
  },
  SWAP_TRANSITION_INVALID: {
    status: 409,
    description:
      'The swap is not in a state where this step applies (for example collecting before the handover).',
  },
  SWAP_INVALID: {
    status: 422,
    description:
      'The swap cannot proceed as asked (a personal or out-of-service device, a replacement that is not staged, no holder).',
  },
  DEVICE_QUARANTINED: {
    status: 409,
    description: 'The device is quarantined: it is excluded from every workflow until released.',
  },
  CUSTODY_INVALID: {
    status: 422,
    description: 'The custody given names neither a holder nor a location, or an unknown holder.',
  },
  REFUSAL_INVALID: {
    status: 422,
    description:
      'The refusal names an unknown person, device or rule, or an action without the rule it leaves unmet.',
  },
  FACT_NOT_FOUND: {
    status: 404,
    description:
      'The correction names no recorded fact of that kind with that id (a status or custody record: its seq).',
  },
  CORRECTION_INVALID: {
    status: 422,
    description:
      'The correction sets a field its kind does not let change, a malformed value, or an effective instant earlier than first recorded.',
  },
  WAIVER_NOT_FOUND: { status: 404, description: 'No waiver has this id.' },
  WAIVER_INVALID: {
    status: 422,
    description:
      'The waiver names an unknown rule or scope, starts after it expires, or has already expired.',
  },
  WAIVER_TOO_LONG: {
    status: 422,
    description: "The waiver lasts longer than the protocol's waivers.maxDuration.",
  },
  WAIVER_NOT_PERMITTED: {
    status: 422,
    description:
      'The protocol governing the scope has no waivers section (or there is no protocol): it permits no waiver.',
  },
  WAIVER_TRANSITION_INVALID: {
    status: 409,
    description:
      'The waiver is not in a state where this applies (for example revoking a waiver never approved).',
  },
  WAIVER_SELF_APPROVAL: { status: 403, description: 'The requester of a waiver can never approve it.' },
  WAIVER_APPROVER_ROLE: {
    status: 403,
    description: 'The approver does not hold the role the protocol names in waivers.approverRole.',
  },
  // -- incidents, zones, acknowledgements
  INCIDENT_NOT_FOUND: { status: 404, description: 'No incident has this id.' },
  INCIDENT_INVALID: {
    status: 422,
    description:
      'The incident cannot be declared as given (no device, an unknown device, or a device already quarantined or wiped).',
  },
  INCIDENT_CLOSED: { status: 409, description: 'The incident is closed; closed incidents do not change.' },
  INCIDENT_STEP_NOT_FOUND: { status: 404, description: "The incident's playbook has no step with this id." },
  INCIDENT_STEP_INVALID: {
    status: 409,
    description:
      'The step cannot take this status (steps only move forward; done and skipped are final; skipping needs a reason).',
  },
  INCIDENT_SAME_PERSON: {
    status: 403,
    description:
      'The person closing an incident declared it or recorded one of its playbook steps (under any token or user); another person closes it.',
  },
  INCIDENT_NOT_CONTAINED: {
    status: 409,
    description: 'The incident cannot close until every playbook step is done or skipped with a reason.',
  },
  DETECTION_INVALID: {
    status: 422,
    description: 'The detection names a facility no protocol in force declares, or an unusable identifier.',
  },
  ACKNOWLEDGEMENT_INVALID: {
    status: 422,
    description:
      'The acknowledgement does not match a facility policy in force for the person (unknown facility, or not the current version).',
  },
  // -- notices and finding transitions
  NOTICE_NOT_FOUND: { status: 404, description: 'No notice has this id.' },
  NOTICE_NOT_RETRYABLE: {
    status: 409,
    description: 'The notice was already sent or cancelled; only failed or pending notices are retried.',
  },
  RECIPIENT_NOT_FOUND: { status: 404, description: 'This e-mail address is not a recipient for that role.' },
  // -- audit log
  AUDIT_EVENT_NOT_FOUND: { status: 404, description: 'No audit event has this sequence number.' },
  AUDIT_EVENT_NOT_INTEGRATED: {
    status: 409,
    description: 'The event is committed but not yet in the Merkle tree (within a second); retry shortly.',
  },
  AUDIT_SIZE_INVALID: {
    status: 400,
    description: 'A tree size is larger than the log, or `from` is larger than `to`.',
  },
  AUDIT_INDEX_INVALID: { status: 400, description: 'The leaf index is not below the tree size.' },
  AUDIT_RANGE_INVALID: {
    status: 400,
    description: 'The entry range is empty, reversed, or longer than one page (1,000 entries).',
  },
  AUDIT_KEY_FILE_INVALID: {
    status: 400,
    description:
      'The log signing key file is malformed, is for another origin, or is readable by others than its owner (start-up only).',
  },
  AUDIT_KEY_RETIRED: {
    status: 409,
    description:
      'The log signing key this process holds was retired by a key rotation; install the current key file and restart (docs/adr/0024).',
  },
  AUDIT_BUNDLE_INVALID: {
    status: 400,
    description:
      'An audit bundle, saved checkpoint or server answer is not what `vigil audit verify` expects (CLI only).',
  },
  // -- compliance receipts: `vigil receipt verify` names the first difference with one of these (exit 1)
  RECEIPT_MALFORMED: {
    status: 400,
    description: 'The file is not a vigil-compliance-receipt/v1 (CLI only, exit 2).',
  },
  RECEIPT_SIGNATURE_INVALID: {
    status: 422,
    description: "The receipt's checkpoint is not signed by the given log key (or the key is unusable).",
  },
  RECEIPT_PROOF_INVALID: {
    status: 422,
    description:
      "An audit entry the receipt relies on is not in the signed checkpoint's tree (its inclusion proof fails, or is for another checkpoint).",
  },
  RECEIPT_DIGEST_MISMATCH: {
    status: 422,
    description:
      "The receipt's content (instants, person, protocols, facts, findings) does not hash to the digest its compliance.receipt-issued entry recorded: something was changed, added or dropped.",
  },
  RECEIPT_FACT_MISMATCH: {
    status: 422,
    description: 'A fact of the receipt differs from the audit entry that recorded it.',
  },
  RECEIPT_FINDINGS_DIFFER: {
    status: 422,
    description: "Re-evaluating the receipt's facts under its protocols gives other findings than it states.",
  },
  RECEIPT_FACT_UNLOGGED: {
    status: 200,
    description:
      'A warning, not a failure: a fact of the receipt has no audit entry of its own (vulnerability intel is imported in bulk), so only the digest vouches for it.',
  },
  // -- integrations
  INTEL_FEED_INVALID: {
    status: 422,
    description:
      'A SOFA feed, KEV catalog or Android patch-level file is not in its published shape; the details name the field.',
  },
  INTEL_SOURCE_UNCONFIGURED: {
    status: 409,
    description:
      'No URL is configured for this feed (VIGIL_SOFA_URL, VIGIL_KEV_URL, VIGIL_ANDROID_PATCH_URL).',
  },
  INTEL_FETCH_FAILED: { status: 502, description: 'A configured feed or MDM endpoint could not be fetched.' },
  OUTBOUND_INSECURE_URL: {
    status: 502,
    description:
      'A request carrying credentials was refused before it was sent: the endpoint is plain http:// and not loopback (use https://, or set VIGIL_ALLOW_INSECURE_HTTP=true).',
  },
  OUTBOUND_REDIRECT_REFUSED: {
    status: 502,
    description:
      'An endpoint sent credentials redirected to another origin (or too many times); the redirect was not followed, so the credentials never left for it.',
  },
  CONNECTOR_NOT_FOUND: { status: 404, description: 'No posture connector has this name.' },
  CONNECTOR_PAYLOAD_INVALID: {
    status: 422,
    description: "An MDM payload is malformed for its source's shape; the details name the field.",
  },
  ATTESTATION_INVALID: {
    status: 422,
    description: 'The attestation names an unknown device or no attesting person.',
  },
  // -- database backups
  DB_BACKUP_INVALID: {
    status: 422,
    description:
      'The backup file is not a complete Vigil backup: not gzip, truncated, corrupted (checksum), or a table count differs; nothing was restored.',
  },
  DB_BACKUP_INCOMPATIBLE: {
    status: 409,
    description:
      'The backup cannot be restored by this Vigil (its migrations are not a prefix of this version’s, or the schema differs), or the database has nothing to back up.',
  },
  DB_RESTORE_NOT_EMPTY: {
    status: 409,
    description:
      'A restore goes into an empty database only; the target already has Vigil tables or a migration journal.',
  },
  // -- forensics
  SCAN_INPUT_INVALID: {
    status: 422,
    description:
      'The scan input is not an iOS backup (or the parent of exactly one), nor an AndroidQF acquisition (folder or zip), or its manifest is unreadable.',
  },
  BACKUP_PASSWORD_REQUIRED: {
    status: 400,
    description:
      'The backup is encrypted and no password was given (VIGIL_BACKUP_PASSWORD or the prompt; never an argument).',
  },
  BACKUP_PASSWORD_WRONG: {
    status: 422,
    description: 'The backup password does not unlock the backup key bag.',
  },
  EVIDENCE_TOO_LARGE: {
    status: 422,
    description:
      'A zip in the evidence inflates past the per-member or per-archive limit (VIGIL_SCAN_MAX_MEMBER_BYTES, VIGIL_SCAN_MAX_ARCHIVE_BYTES): a zip bomb, or evidence larger than this server accepts.',
  },
  IOC_FILE_INVALID: { status: 422, description: 'An indicator file is not a JSON STIX 2.1 bundle.' },
  IOC_FEED_FAILED: {
    status: 502,
    description:
      'An indicator feed could not be downloaded (network error or a non-2xx answer); nothing was replaced.',
  },
  // -- scan jobs
  SCAN_JOB_NOT_FOUND: { status: 404, description: 'No scan job has this id.' },
  SCAN_PATH_REFUSED: {
    status: 422,
    description:
      'The evidence path is not a relative path inside the evidence folder (VIGIL_EVIDENCE_DIR): absolute, with `..`, through a symbolic link leading out, or missing.',
  },
  SCAN_NOT_CONFIGURED: {
    status: 409,
    description:
      'Scans from the API need an evidence folder on the server (VIGIL_EVIDENCE_DIR), and none is configured.',
  },
  SCAN_WORKER_LOST: {
    status: 500,
    description:
      'Only as the error of a failed scan job: its worker stopped (the process died) on every attempt (VIGIL_SCAN_MAX_ATTEMPTS).',
  },
  SCAN_TIME_LIMIT: {
    status: 500,
    description:
      'Only as the error of a failed scan job (or `vigil scan`): the scan ran longer than VIGIL_SCAN_TIMEOUT and was stopped.',
  },
  SCAN_MEMORY_LIMIT: {
    status: 500,
    description:
      'Only as the error of a failed scan job (or `vigil scan`): the scan needed more memory than VIGIL_SCAN_MEMORY_MB and was stopped.',
  },
  // -- dashboard auth
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    description: 'The user name or password is wrong (the same answer for an unknown or disabled user).',
  },
  CSRF_FAILED: {
    status: 403,
    description:
      'A request authenticated by the session cookie changes state without the X-CSRF-Token header of its session.',
  },
  SESSION_NOT_FOUND: {
    status: 404,
    description: 'The caller authenticated with a bearer token: there is no sign-in session to show or end.',
  },
  USER_NOT_FOUND: { status: 404, description: 'No user has this id.' },
  USER_EXISTS: { status: 409, description: 'A user with this user name already exists.' },
  USER_INVALID: {
    status: 422,
    description:
      'The user record is inconsistent (a user without a person, an unknown person, the ingest role).',
  },
  PASSWORD_WEAK: {
    status: 422,
    description:
      'The password is too easy to guess (strength score below 3 of 4: a repeated, common or personal word).',
  },
  PERSON_REQUIRED: {
    status: 403,
    description:
      'A two-person action (approving a waiver, closing an incident) needs a credential linked to a person; this token or user is not (link the user, mint a new token).',
  },
  TOKEN_FOR_OTHER: {
    status: 403,
    description:
      'A token is minted for the user who asks, in their own role; only an admin mints ingest tokens (which belong to no one).',
  },
  TOKEN_INVALID: {
    status: 422,
    description:
      "The token request is inconsistent (a non-ingest token without a user, a role other than its user's, a disabled user).",
  },
  // -- passkeys
  AUTH_SECOND_FACTOR_REQUIRED: {
    status: 401,
    description:
      'The session passed the password but still owes its passkey (or, with none registered yet, the registration of one): only the passkey routes and sign-out answer until then.',
  },
  PASSKEY_INVALID: {
    status: 401,
    description:
      'The passkey answer does not verify: no live challenge (each is single use and expires), an unknown credential or one of another user, a bad signature or origin, or a signature counter that did not increase.',
  },
  // -- single sign-on
  OIDC_NOT_CONFIGURED: {
    status: 404,
    description:
      'Single sign-on (OpenID Connect) is not configured on this server (VIGIL_OIDC_ISSUER unset).',
  },
  OIDC_FAILED: {
    status: 401,
    description:
      'The single sign-on could not be verified: no sign-in was started in this browser, the state or nonce did not match, the provider refused the code or answered with an error.',
  },
  OIDC_UNAVAILABLE: {
    status: 502,
    description: 'The OpenID provider could not be reached, or its discovery document is unusable.',
  },
  OIDC_NO_ROLE: {
    status: 403,
    description:
      "The provider's role claim maps to no Vigil role (VIGIL_OIDC_ROLE_MAP): the sign-in is refused.",
  },
  OIDC_NOT_LINKED: {
    status: 403,
    description:
      'The provider identity (issuer and subject) is linked to no Vigil user, and first sign-ins may not create one (VIGIL_OIDC_PROVISION=off).',
  },
  OIDC_USER_DISABLED: {
    status: 403,
    description: 'The provider identity is linked to a disabled user.',
  },
  IDENTITY_EXISTS: {
    status: 409,
    description: 'This provider identity (issuer and subject) is already linked to a user.',
  },
  // -- exports
  EXPORT_INVALID: {
    status: 422,
    description:
      "The export request is inconsistent (a person and an office both named, an office that is not a principal's, a stream file that is not Vigil's).",
  },
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
