/**
 * Every error a caller can cause has a stable code, listed here and in docs/errors.md
 * (a test keeps the two in sync). The message is safe to show to the caller; the internal
 * cause, if any, is logged but never sent.
 */
export const ERRORS = {
  VALIDATION_FAILED: {
    status: 400,
    description: 'The request body, query or parameters do not match the schema.',
    hint: 'Each detail names a field and what it must be; the request schemas are in docs/openapi.json (GET /api/v1/openapi.json).',
  },
  BAD_JSON: {
    status: 400,
    description: 'The request body is not valid JSON.',
    hint: 'Send one well-formed JSON value with Content-Type: application/json.',
  },
  BAD_YAML: {
    status: 400,
    description: 'The request body is not valid YAML.',
    hint: 'Fix the YAML at the line and column given; `vigil protocol validate FILE` shows each problem in place.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    description: 'The request body exceeds the size limit.',
    hint: 'Split the request into smaller ones (for example posture reports in batches of a few hundred).',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: 'The request body has a content type the route does not accept.',
    hint: 'Send Content-Type: application/json (the import route also accepts application/yaml).',
  },
  AUTH_REQUIRED: {
    status: 401,
    description: 'No bearer token was sent, or it is malformed.',
    hint: 'Send Authorization: Bearer TOKEN; an admin mints one with `vigil token create --user USER --role ROLE`, or sign in on the dashboard.',
  },
  AUTH_INVALID_TOKEN: {
    status: 401,
    description: 'The bearer token is unknown or has been revoked.',
    hint: 'The token is unknown or revoked: list live tokens with `vigil token list` and mint a new one with `vigil token create`.',
  },
  AUTH_FORBIDDEN: {
    status: 403,
    description: "The token's role may not perform this action.",
    hint: "Use a credential of a role the route allows (each operation in docs/openapi.json ends with its roles); `vigil token list` shows each token's role.",
  },
  NOT_FOUND: {
    status: 404,
    description: 'No such route.',
    hint: 'Check the path and the /api/v1 prefix; every route is listed in docs/openapi.json.',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    description: 'The route exists but not for this method.',
    hint: 'The route exists with other methods; docs/openapi.json lists them.',
  },
  RATE_LIMITED: {
    status: 429,
    description: 'Too many requests; retry later.',
    hint: 'Wait the seconds the Retry-After header gives, then retry; batch posture reports instead of sending them one by one.',
  },
  HISTORY_IMMUTABLE: {
    status: 409,
    description:
      'The database refused to change or delete recorded history (a fact or the audit log); nothing was written. Record a correction instead.',
    hint: 'Record a correction instead: `vigil correct KIND FACT_ID --set FIELD=VALUE` or `--retract`.',
  },
  PERSON_NOT_FOUND: {
    status: 404,
    description: 'No person has this id.',
    hint: 'List people with `vigil person list` (GET /api/v1/people); add one with `vigil person add`.',
  },
  PERSON_EXISTS: {
    status: 409,
    description: 'A person with this id already exists.',
    hint: 'Choose another id, or use the existing person (`vigil person list`).',
  },
  PERSON_INVALID: {
    status: 422,
    description: 'The person record is inconsistent (for example staff naming an unknown principal).',
    hint: 'The details name the inconsistent field; staff name an existing principal (`vigil person list`).',
  },
  DEVICE_NOT_FOUND: {
    status: 404,
    description: 'No device has this id.',
    hint: 'List devices with `vigil device list` (GET /api/v1/devices); add one with `vigil device add`.',
  },
  DEVICE_EXISTS: {
    status: 409,
    description: 'A device with this id or serial number already exists.',
    hint: 'Choose another id or serial number; `vigil device list` shows the existing devices.',
  },
  DEVICE_INVALID: {
    status: 422,
    description: 'The device record is inconsistent (for example an unknown holder).',
    hint: 'The details name the inconsistent field; a holder must be an existing person (`vigil person list`).',
  },
  POSTURE_INVALID: {
    status: 422,
    description: 'The posture report is inconsistent (for example an unknown device).',
    hint: 'Report posture for an existing device (`vigil device list`); the fields are listed in docs/posture-fields.md.',
  },
  PROTOCOL_INVALID: {
    status: 422,
    description: 'The protocol document is not valid; details list every problem with its path.',
    hint: 'Fix each problem at the line and column given (`vigil protocol validate FILE` checks files without storing them); the shipped baselines/*.yaml are worked examples.',
  },
  PROTOCOL_VERSION_EXISTS: {
    status: 409,
    description:
      'This version of the protocol is already stored with other content; versions are never replaced (raise metadata.version).',
    hint: 'Raise metadata.version in the file and add it again; `vigil protocol show NAME` shows the stored versions.',
  },
  PROTOCOL_NOT_FOUND: {
    status: 404,
    description: 'No protocol has this name.',
    hint: 'List protocols with `vigil protocol list`; add the shipped baselines with `vigil protocol add baselines/*.yaml` (or `vigil init`).',
  },
  PROTOCOL_EXTENDS_CYCLE: {
    status: 422,
    description: 'Protocols extend each other in a cycle.',
    hint: 'Remove one `extends` from the cycle the details name; `vigil protocol show NAME` shows each chain.',
  },
  PROTOCOL_VERSION_NOT_PROPOSED: {
    status: 409,
    description:
      'This protocol version awaits no decision: it needed no second person, or it was already approved or rejected (a decision is final; propose a new version).',
    hint: 'List the versions awaiting a decision with `vigil protocol proposals`; to change a decided version, add a new one.',
  },
  PROTOCOL_SAME_PERSON: {
    status: 403,
    description:
      'The person approving a proposed protocol version proposed it (under any token or user); another person approves it.',
    hint: 'Ask another officer to approve it (`vigil protocol approve NAME --version V --as USER`).',
  },
  PROTOCOL_IN_USE: {
    status: 409,
    description:
      'The protocol governs people (assigned to them, or to the principal of staff with none of their own): it cannot be removed, nor withdrawn from an MDM, which would take their phones’ configuration away.',
    hint: 'Assign the people it governs another protocol first (`vigil person assign PERSON PROTOCOL`); to withdraw it from an MDM, push theirs there first (`vigil mdm push SOURCE --protocol OTHER`).',
  },
  TOKEN_NOT_FOUND: {
    status: 404,
    description: 'No token has this id.',
    hint: 'List tokens with `vigil token list`.',
  },
  IMPORT_INVALID: {
    status: 422,
    description: 'The fleet document is not valid; details list every problem; nothing was imported.',
    hint: 'The details name each problem; fix them and import again (nothing was written). The schema is docs/fleet.schema.json.',
  },
  AS_OF_INVALID: {
    status: 400,
    description: 'The as-of instant is not an ISO 8601 timestamp.',
    hint: 'Give an ISO 8601 instant with a time zone, for example 2026-03-01T00:00:00Z.',
  },
  INSTANT_IN_FUTURE: {
    status: 422,
    description:
      'A fact cannot take effect after the instant it is recorded; give a past or present instant.',
    hint: 'Give a past or present instant (ISO 8601 with a time zone), or leave it out to mean now.',
  },
  INSTANT_BEFORE_SUBJECT: {
    status: 422,
    description:
      'A fact cannot take effect before the device or person it concerns existed; record their start first.',
    hint: 'Give an instant after the device or person was added (`vigil device show ID`), or record their start earlier with a correction.',
  },
  TRANSITION_OUT_OF_ORDER: {
    status: 422,
    description:
      'A back-dated transition cannot take effect before the transition it follows; give an instant at or after the previous one.',
    hint: 'Give an instant at or after the previous transition; `vigil swap show ID` or `vigil incident show ID` lists them with their instants.',
  },
  CLI_USAGE: {
    status: 400,
    description: 'The command line is malformed (CLI only, exit code 2).',
    hint: 'Run the command with --help to see its arguments and options.',
  },
  FILE_UNREADABLE: {
    status: 400,
    description: 'A file named on the command line cannot be read (CLI only).',
    hint: 'Check the path and that this user may read it.',
  },
  SIGNING_KEY_INVALID: {
    status: 400,
    description:
      'The signing certificate or private key file is not a PEM certificate and an unencrypted PEM private key of the same key pair (CLI only).',
    hint: 'Give --sign-cert a PEM certificate and --sign-key its unencrypted PEM private key (decrypt it with `openssl pkey -in KEY -out KEY.pem`).',
  },
  CONFIG_INVALID: {
    status: 400,
    description: 'An environment variable has an invalid value (start-up only).',
    hint: 'Fix or unset the environment variable the message names; the README lists every variable with its default.',
  },
  EMBEDDED_DB_IN_USE: {
    status: 409,
    description:
      'Another Vigil process holds the embedded database; stop it or use PostgreSQL (DATABASE_URL).',
    hint: 'Stop the other Vigil process using this data folder (for example `vigil start` in another terminal), or set DATABASE_URL to a PostgreSQL server.',
  },
  DEMO_NOT_EMPTY: {
    status: 409,
    description: 'The demo office loads only into an empty database.',
    hint: 'Use a fresh data folder (VIGIL_DATA_DIR) or an empty database for the demo.',
  },
  NOT_READY: {
    status: 503,
    description: 'The service cannot reach its database; retry later (readiness probe).',
    hint: 'Check that the database is reachable (`vigil doctor`), then retry.',
  },
  // -- workflows: swaps, checks, refusals, waivers
  SWAP_NOT_FOUND: {
    status: 404,
    description: 'No swap has this id.',
    hint: 'List swaps with `vigil swap list`.',
  },
  SWAP_EXISTS: {
    status: 409,
    description: 'The device already has a swap in progress (or the replacement is staged for another).',
    hint: 'Continue the swap in progress (`vigil swap list`, `vigil swap show ID`) or cancel it with `vigil swap cancel ID`.',
  },
  SWAP_TRANSITION_INVALID: {
    status: 409,
    description:
      'The swap is not in a state where this step applies (for example collecting before the handover).',
    hint: '`vigil swap show ID` shows its state; the order is plan, stage, handover, collect, examine, then wipe or retain.',
  },
  SWAP_INVALID: {
    status: 422,
    description:
      'The swap cannot proceed as asked (a personal or out-of-service device, a replacement that is not staged, no holder).',
    hint: 'The details say why; a swap needs an issued, in-service device with a holder and a staged replacement (`vigil device show ID`).',
  },
  DEVICE_QUARANTINED: {
    status: 409,
    description: 'The device is quarantined: it is excluded from every workflow until released.',
    hint: "Close the device's incident first (`vigil incident list`, `vigil incident close ID`).",
  },
  CUSTODY_INVALID: {
    status: 422,
    description: 'The custody given names neither a holder nor a location, or an unknown holder.',
    hint: 'Name a holder (an existing person: `vigil person list`) or a location.',
  },
  REFUSAL_INVALID: {
    status: 422,
    description:
      'The refusal names an unknown person, device or rule, or an action without the rule it leaves unmet.',
    hint: 'Name an existing person, device and rule (`vigil person list`, `vigil device list`, the rules in docs/rules.md).',
  },
  FACT_NOT_FOUND: {
    status: 404,
    description:
      'The correction names no recorded fact of that kind with that id (a status or custody record: its seq).',
    hint: "Find the fact's id with `vigil device show ID` (a status or custody record by its seq) or `vigil correction list`.",
  },
  CORRECTION_INVALID: {
    status: 422,
    description:
      'The correction sets a field its kind does not let change, a malformed value, or an effective instant earlier than first recorded.',
    hint: 'The details say which field may not change or why the value is refused; `vigil correct --help` lists what each kind lets change.',
  },
  WAIVER_NOT_FOUND: {
    status: 404,
    description: 'No waiver has this id.',
    hint: 'List waivers with `vigil waiver list`.',
  },
  WAIVER_INVALID: {
    status: 422,
    description:
      'The waiver names an unknown rule or scope, starts after it expires, or has already expired.',
    hint: 'Name a rule from docs/rules.md and an existing device or person, with a start before a future expiry.',
  },
  WAIVER_TOO_LONG: {
    status: 422,
    description: "The waiver lasts longer than the protocol's waivers.maxDuration.",
    hint: "Shorten the waiver to the protocol's waivers.maxDuration (`vigil protocol show NAME`).",
  },
  WAIVER_NOT_PERMITTED: {
    status: 422,
    description:
      'The protocol governing the scope has no waivers section (or there is no protocol): it permits no waiver.',
    hint: 'This protocol allows no waivers; record a refusal (`vigil refusal record`) or change the protocol to add a waivers section.',
  },
  WAIVER_TRANSITION_INVALID: {
    status: 409,
    description:
      'The waiver is not in a state where this applies (for example revoking a waiver never approved).',
    hint: "`vigil waiver list` shows each waiver's state: requested waivers are approved or rejected, approved ones revoked.",
  },
  WAIVER_SELF_APPROVAL: {
    status: 403,
    description: 'The requester of a waiver can never approve it.',
    hint: 'Another person with the approver role approves it (`vigil waiver approve ID --as USER`).',
  },
  WAIVER_APPROVER_ROLE: {
    status: 403,
    description: 'The approver does not hold the role the protocol names in waivers.approverRole.',
    hint: 'Sign in as a user of the role the protocol names in waivers.approverRole (`vigil protocol show NAME`).',
  },
  // -- incidents, zones, acknowledgements
  INCIDENT_NOT_FOUND: {
    status: 404,
    description: 'No incident has this id.',
    hint: 'List incidents with `vigil incident list`.',
  },
  INCIDENT_INVALID: {
    status: 422,
    description:
      'The incident cannot be declared as given (no device, an unknown device, or a device already quarantined or wiped).',
    hint: 'Name an existing device that is not already quarantined or wiped (`vigil device list`).',
  },
  INCIDENT_CLOSED: {
    status: 409,
    description: 'The incident is closed; closed incidents do not change.',
    hint: 'Open a new incident for the device if something new happened (`vigil incident open`).',
  },
  INCIDENT_STEP_NOT_FOUND: {
    status: 404,
    description: "The incident's playbook has no step with this id.",
    hint: "`vigil incident show ID` lists the playbook's step ids.",
  },
  INCIDENT_STEP_INVALID: {
    status: 409,
    description:
      'The step cannot take this status (steps only move forward; done and skipped are final; skipping needs a reason).',
    hint: 'Steps only move forward (pending, in-progress, done or skipped); skipping needs --reason.',
  },
  INCIDENT_SAME_PERSON: {
    status: 403,
    description:
      'The person closing an incident declared it or recorded one of its playbook steps (under any token or user); another person closes it.',
    hint: 'Ask another person, who neither declared the incident nor recorded a step, to close it (`vigil incident close ID --closer USER`).',
  },
  INCIDENT_NOT_CONTAINED: {
    status: 409,
    description: 'The incident cannot close until every playbook step is done or skipped with a reason.',
    hint: '`vigil incident show ID` lists the open steps; finish each or skip it with a reason (`vigil incident step`).',
  },
  DETECTION_INVALID: {
    status: 422,
    description: 'The detection names a facility no protocol in force declares, or an unusable identifier.',
    hint: 'Name a facility a protocol in force declares (`vigil zones`).',
  },
  ACKNOWLEDGEMENT_INVALID: {
    status: 422,
    description:
      'The acknowledgement does not match a facility policy in force for the person (unknown facility, or not the current version).',
    hint: '`vigil zones` lists the facilities and the current version of each policy to acknowledge.',
  },
  // -- notices and finding transitions
  NOTICE_NOT_FOUND: {
    status: 404,
    description: 'No notice has this id.',
    hint: 'List notices with `vigil notify list`.',
  },
  NOTICE_NOT_RETRYABLE: {
    status: 409,
    description: 'The notice was already sent or cancelled; only failed or pending notices are retried.',
    hint: "Only failed or pending notices are retried; `vigil notify list` shows each notice's state.",
  },
  RECIPIENT_NOT_FOUND: {
    status: 404,
    description: 'This e-mail address is not a recipient for that role.',
    hint: "List a role's recipients with `vigil notify recipient list`.",
  },
  // -- audit log
  AUDIT_EVENT_NOT_FOUND: {
    status: 404,
    description: 'No audit event has this sequence number.',
    hint: "The log's size is in its latest checkpoint (`vigil audit checkpoint`, GET /api/v1/audit/checkpoint); sequence numbers start at 0.",
  },
  AUDIT_EVENT_NOT_INTEGRATED: {
    status: 409,
    description: 'The event is committed but not yet in the Merkle tree (within a second); retry shortly.',
    hint: 'Retry in a second: events enter the Merkle tree shortly after they are committed.',
  },
  AUDIT_SIZE_INVALID: {
    status: 400,
    description: 'A tree size is larger than the log, or `from` is larger than `to`.',
    hint: "Ask for sizes up to the latest checkpoint's (GET /api/v1/audit/checkpoint), with from <= to.",
  },
  AUDIT_INDEX_INVALID: {
    status: 400,
    description: 'The leaf index is not below the tree size.',
    hint: 'Ask for a leaf index below the tree size.',
  },
  AUDIT_RANGE_INVALID: {
    status: 400,
    description: 'The entry range is empty, reversed, or longer than one page (1,000 entries).',
    hint: 'Ask for a non-empty range of at most 1,000 entries, start before end.',
  },
  AUDIT_KEY_FILE_INVALID: {
    status: 400,
    description:
      'The log signing key file is malformed, is for another origin, or is readable by others than its owner (start-up only).',
    hint: "Restrict the key file to its owner (`chmod 600 FILE`), or point VIGIL_LOG_KEY_FILE at this log's key.",
  },
  AUDIT_KEY_RETIRED: {
    status: 409,
    description:
      'The log signing key this process holds was retired by a key rotation; install the current key file and restart (docs/adr/0024).',
    hint: 'Install the current key file (written by `vigil audit rotate-key`) and restart this process.',
  },
  AUDIT_BUNDLE_INVALID: {
    status: 400,
    description:
      'An audit bundle, saved checkpoint or server answer is not what `vigil audit verify` expects (CLI only).',
    hint: 'Export a fresh bundle with `vigil audit export --out FILE`, or check the --server URL and token.',
  },
  // -- compliance receipts: `vigil receipt verify` names the first difference with one of these (exit 1)
  RECEIPT_MALFORMED: {
    status: 400,
    description: 'The file is not a vigil-compliance-receipt/v1 (CLI only, exit 2).',
    hint: 'Give the file written by `vigil evaluate --receipt FILE`, unchanged.',
  },
  RECEIPT_SIGNATURE_INVALID: {
    status: 422,
    description: "The receipt's checkpoint is not signed by the given log key (or the key is unusable).",
    hint: "Verify with the log's public key (`vigil audit key`) of the office that issued the receipt.",
  },
  RECEIPT_PROOF_INVALID: {
    status: 422,
    description:
      "An audit entry the receipt relies on is not in the signed checkpoint's tree (its inclusion proof fails, or is for another checkpoint).",
    hint: 'The receipt was altered or belongs to another log: ask the office for a fresh one (`vigil evaluate --receipt FILE`).',
  },
  RECEIPT_DIGEST_MISMATCH: {
    status: 422,
    description:
      "The receipt's content (instants, person, protocols, facts, findings) does not hash to the digest its compliance.receipt-issued entry recorded: something was changed, added or dropped.",
    hint: 'The receipt was changed after it was issued: ask the office for the original or a fresh one.',
  },
  RECEIPT_FACT_MISMATCH: {
    status: 422,
    description: 'A fact of the receipt differs from the audit entry that recorded it.',
    hint: 'The receipt was changed after it was issued: ask the office for the original or a fresh one.',
  },
  RECEIPT_FINDINGS_DIFFER: {
    status: 422,
    description: "Re-evaluating the receipt's facts under its protocols gives other findings than it states.",
    hint: "The receipt's findings were changed, or it was issued by another Vigil version: re-issue it with `vigil evaluate --receipt FILE`.",
  },
  RECEIPT_FACT_UNLOGGED: {
    status: 200,
    description:
      'A warning, not a failure: a fact of the receipt has no audit entry of its own (vulnerability intel is imported in bulk), so only the digest vouches for it.',
    hint: "Nothing to do: bulk-imported intelligence is vouched for by the receipt's digest.",
  },
  // -- integrations
  INTEL_FEED_INVALID: {
    status: 422,
    description:
      'A SOFA feed, KEV catalog or Android patch-level file is not in its published shape; the details name the field.',
    hint: 'Check that the URL or file is the published feed (SOFA JSON, the CISA KEV JSON, an Android patch-level file); the details name the field.',
  },
  INTEL_SOURCE_UNCONFIGURED: {
    status: 409,
    description:
      'No URL is configured for this feed (VIGIL_SOFA_URL, VIGIL_KEV_URL, VIGIL_ANDROID_PATCH_URL).',
    hint: 'Set VIGIL_SOFA_URL, VIGIL_KEV_URL or VIGIL_ANDROID_PATCH_URL, or import a file with `vigil intel import KIND FILE`.',
  },
  INTEL_FETCH_FAILED: {
    status: 502,
    description: 'A configured feed or MDM endpoint could not be fetched.',
    hint: 'Check the network path and the URL, or import a saved copy with `vigil intel import KIND FILE`.',
  },
  OUTBOUND_INSECURE_URL: {
    status: 502,
    description:
      'A request carrying credentials, or a signed webhook (notices, SIEM), was refused before it was sent: the endpoint is plain http:// and not loopback (use https://, or set VIGIL_ALLOW_INSECURE_HTTP=true).',
    hint: 'Use an https:// endpoint (or, on a trusted network only, set VIGIL_ALLOW_INSECURE_HTTP=true).',
  },
  OUTBOUND_REDIRECT_REFUSED: {
    status: 502,
    description:
      'An endpoint sent credentials or a signed webhook redirected to another origin (or too many times); the redirect was not followed, so nothing was sent there.',
    hint: "Configure the endpoint's final URL (the one it redirects to) directly.",
  },
  CONNECTOR_NOT_FOUND: {
    status: 404,
    description: 'No posture connector has this name.',
    hint: 'The connector names are listed in src/adapters/mdm/README.md and by `vigil mdm pull --help`.',
  },
  CONNECTOR_PAYLOAD_INVALID: {
    status: 422,
    description: "An MDM payload is malformed for its source's shape; the details name the field.",
    hint: "The details name the field; check the source's payload against its shape in src/adapters/mdm/README.md.",
  },
  ATTESTATION_INVALID: {
    status: 422,
    description: 'The attestation names an unknown device or no attesting person.',
    hint: 'Name an existing device (`vigil device list`) and who checked (--by PERSON).',
  },
  // -- database backups
  DB_BACKUP_INVALID: {
    status: 422,
    description:
      'The backup file is not a complete Vigil backup: not gzip, truncated, corrupted (checksum), or a table count differs; nothing was restored.',
    hint: 'Use an intact file made by `vigil backup FILE`; nothing was restored.',
  },
  DB_BACKUP_INCOMPATIBLE: {
    status: 409,
    description:
      'The backup cannot be restored by this Vigil (its migrations are not a prefix of this version’s, or the schema differs), or the database has nothing to back up.',
    hint: "Restore with the Vigil version that made the backup (its migrations are in the file's header), then upgrade.",
  },
  DB_RESTORE_NOT_EMPTY: {
    status: 409,
    description:
      'A restore goes into an empty database only; the target already has Vigil tables or a migration journal.',
    hint: 'Restore into a fresh data folder (VIGIL_DATA_DIR) or an empty PostgreSQL database.',
  },
  // -- forensics
  SCAN_INPUT_INVALID: {
    status: 422,
    description:
      'The scan input is not an iOS backup (or the parent of exactly one), an iOS full-filesystem dump (folder or tar holding private/var/mobile/), an iOS sysdiagnose (.tar.gz or its folder), an AndroidQF acquisition (folder or zip), an Android bug report (zip) nor an Android backup (.ab), or its manifest is unreadable.',
    hint: 'Give the folder of one iOS backup (holding Manifest.db), its parent, an iOS filesystem dump (folder or .tar), an AndroidQF folder or zip, or an Android bug report zip.',
  },
  BACKUP_PASSWORD_REQUIRED: {
    status: 400,
    description:
      'The backup is encrypted and no password was given (VIGIL_BACKUP_PASSWORD or the prompt; never an argument).',
    hint: 'Set VIGIL_BACKUP_PASSWORD or run the scan in a terminal to be prompted; never put the password on the command line.',
  },
  BACKUP_PASSWORD_WRONG: {
    status: 422,
    description: 'The backup password does not unlock the backup key bag.',
    hint: 'Check the backup password (set when the backup was encrypted in Finder or iTunes) and try again.',
  },
  EVIDENCE_TOO_LARGE: {
    status: 422,
    description:
      'A zip in the evidence inflates past the per-member or per-archive limit (VIGIL_SCAN_MAX_MEMBER_BYTES, VIGIL_SCAN_MAX_ARCHIVE_BYTES): a zip bomb, or evidence larger than this server accepts.',
    hint: 'If the evidence is genuine, raise VIGIL_SCAN_MAX_MEMBER_BYTES or VIGIL_SCAN_MAX_ARCHIVE_BYTES; otherwise treat the file as hostile.',
  },
  IOC_FILE_INVALID: {
    status: 422,
    description: 'An indicator file is not a JSON STIX 2.1 bundle.',
    hint: 'Give a STIX 2.1 JSON bundle (a file starting with {"type": "bundle"}).',
  },
  IOC_FEED_FAILED: {
    status: 502,
    description:
      'An indicator feed could not be downloaded (network error or a non-2xx answer); nothing was replaced.',
    hint: 'Check the network path and retry `vigil iocs update`; the indicators already loaded stay in use.',
  },
  IOC_FEED_UNKNOWN: {
    status: 400,
    description: 'No public indicator feed has the name given.',
    hint: 'Run `vigil iocs list` for the public feeds and their names.',
  },
  // -- scan jobs
  SCAN_JOB_NOT_FOUND: {
    status: 404,
    description: 'No scan job has this id.',
    hint: 'List scan jobs with GET /api/v1/scans.',
  },
  SCAN_PATH_REFUSED: {
    status: 422,
    description:
      'The evidence path is not a relative path inside the evidence folder (VIGIL_EVIDENCE_DIR): absolute, with `..`, through a symbolic link leading out, or missing.',
    hint: "Give the evidence's path relative to the evidence folder (VIGIL_EVIDENCE_DIR), without `..` or links leading out.",
  },
  SCAN_NOT_CONFIGURED: {
    status: 409,
    description:
      'Scans from the API need an evidence folder on the server (VIGIL_EVIDENCE_DIR), and none is configured.',
    hint: 'Set VIGIL_EVIDENCE_DIR on the server, or scan locally with `vigil scan PATH`.',
  },
  SCAN_WORKER_LOST: {
    status: 500,
    description:
      'Only as the error of a failed scan job: its worker stopped (the process died) on every attempt (VIGIL_SCAN_MAX_ATTEMPTS).',
    hint: "Check the server's log for why the scan process died; scan the evidence locally with `vigil scan PATH` to see the failing module.",
  },
  SCAN_TIME_LIMIT: {
    status: 500,
    description:
      'Only as the error of a failed scan job (or `vigil scan`): the scan ran longer than VIGIL_SCAN_TIMEOUT and was stopped.',
    hint: 'If the evidence is genuine and large, raise VIGIL_SCAN_TIMEOUT; otherwise treat the file as hostile.',
  },
  SCAN_MEMORY_LIMIT: {
    status: 500,
    description:
      'Only as the error of a failed scan job (or `vigil scan`): the scan needed more memory than VIGIL_SCAN_MEMORY_MB and was stopped.',
    hint: 'If the evidence is genuine and large, raise VIGIL_SCAN_MEMORY_MB; otherwise treat the file as hostile.',
  },
  // -- dashboard auth
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    description: 'The user name or password is wrong (the same answer for an unknown or disabled user).',
    hint: 'Check the user name and password; an admin resets a password with `vigil user password USER`.',
  },
  CSRF_FAILED: {
    status: 403,
    description:
      'A request authenticated by the session cookie changes state without the X-CSRF-Token header of its session.',
    hint: 'Send the X-CSRF-Token header from GET /api/v1/session with every change, or use a bearer token.',
  },
  SESSION_NOT_FOUND: {
    status: 404,
    description: 'The caller authenticated with a bearer token: there is no sign-in session to show or end.',
    hint: 'Sign in on the dashboard (POST /api/v1/session) to have a session; bearer tokens have none.',
  },
  USER_NOT_FOUND: {
    status: 404,
    description: 'No user has this id.',
    hint: 'List users with `vigil user list`.',
  },
  USER_EXISTS: {
    status: 409,
    description: 'A user with this user name already exists.',
    hint: 'Choose another user name; `vigil user list` shows the existing ones.',
  },
  USER_INVALID: {
    status: 422,
    description:
      'The user record is inconsistent (a user without a person, an unknown person, the ingest role).',
    hint: 'Link the user to an existing person (`vigil person list`, `vigil user link USER --person PERSON`); ingest is a token role, not a user role.',
  },
  PASSWORD_WEAK: {
    status: 422,
    description:
      'The password is too easy to guess (strength score below 3 of 4: a repeated, common or personal word).',
    hint: 'Choose a longer passphrase of unrelated words, or let `vigil user password USER` generate one.',
  },
  PERSON_REQUIRED: {
    status: 403,
    description:
      'A two-person action (approving a waiver or a proposed protocol version, closing an incident) needs a credential linked to a person; this token or user is not (link the user, mint a new token).',
    hint: 'Link the user to a person with `vigil user link USER --person PERSON`, then mint a new token (`vigil token create`).',
  },
  TOKEN_FOR_OTHER: {
    status: 403,
    description:
      'A token is minted for the user who asks, in their own role; only an admin mints ingest tokens (which belong to no one).',
    hint: 'Ask that user to mint their own token; an admin mints ingest tokens with `vigil token create --role ingest`.',
  },
  TOKEN_INVALID: {
    status: 422,
    description:
      "The token request is inconsistent (a non-ingest token without a user, a role other than its user's, a disabled user).",
    hint: "Name an enabled user and that user's role (`vigil user list`); ingest tokens name no user.",
  },
  // -- passkeys
  AUTH_SECOND_FACTOR_REQUIRED: {
    status: 401,
    description:
      'The session passed the password but still owes its passkey (or, with none registered yet, the registration of one): only the passkey routes and sign-out answer until then.',
    hint: 'Complete the passkey step on the dashboard (or register a passkey if you have none yet).',
  },
  PASSKEY_INVALID: {
    status: 401,
    description:
      'The passkey answer does not verify: no live challenge (each is single use and expires), an unknown credential or one of another user, a bad signature or origin, or a signature counter that did not increase.',
    hint: 'Try the passkey again (each challenge is single use and short-lived); if it keeps failing, an admin can remove it so you can register another.',
  },
  // -- single sign-on
  OIDC_NOT_CONFIGURED: {
    status: 404,
    description:
      'Single sign-on (OpenID Connect) is not configured on this server (VIGIL_OIDC_ISSUER unset).',
    hint: 'Set VIGIL_OIDC_ISSUER, VIGIL_OIDC_CLIENT_ID and VIGIL_OIDC_CLIENT_SECRET, or sign in with a user name and password.',
  },
  OIDC_FAILED: {
    status: 401,
    description:
      'The single sign-on could not be verified: no sign-in was started in this browser, the state or nonce did not match, the provider refused the code or answered with an error.',
    hint: "Start the sign-in again from the dashboard's sign-in page, in the same browser.",
  },
  OIDC_UNAVAILABLE: {
    status: 502,
    description: 'The OpenID provider could not be reached, or its discovery document is unusable.',
    hint: 'Check that the provider at VIGIL_OIDC_ISSUER is reachable from the server and serves /.well-known/openid-configuration.',
  },
  OIDC_NO_ROLE: {
    status: 403,
    description:
      "The provider's role claim maps to no Vigil role (VIGIL_OIDC_ROLE_MAP): the sign-in is refused.",
    hint: "Ask the identity provider's administrator to give you a group mapped in VIGIL_OIDC_ROLE_MAP.",
  },
  OIDC_NOT_LINKED: {
    status: 403,
    description:
      'The provider identity (issuer and subject) is linked to no Vigil user, and first sign-ins may not create one (VIGIL_OIDC_PROVISION=off).',
    hint: 'Ask an admin to link your identity to a Vigil user, or to allow first sign-ins (VIGIL_OIDC_PROVISION).',
  },
  OIDC_USER_DISABLED: {
    status: 403,
    description: 'The provider identity is linked to a disabled user.',
    hint: 'Ask an admin to re-enable your Vigil user.',
  },
  IDENTITY_EXISTS: {
    status: 409,
    description: 'This provider identity (issuer and subject) is already linked to a user.',
    hint: 'The identity is already linked; `vigil user list` shows to which user.',
  },
  // -- exports
  EXPORT_INVALID: {
    status: 422,
    description:
      "The export request is inconsistent (a person and an office both named, an office that is not a principal's, a stream file that is not Vigil's).",
    hint: "Name either a person or an office (a principal's id), not both; `vigil export --help` lists the options.",
  },
  INTERNAL: {
    status: 500,
    description: 'An unexpected failure; the cause is logged, not returned.',
    hint: "Retry; if it happens again, send the server's log line for this request (it carries the request id) to the maintainers.",
  },
} as const satisfies Record<string, { status: number; description: string; hint: string }>;

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
