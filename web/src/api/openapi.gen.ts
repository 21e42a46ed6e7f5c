/* Generated from docs/openapi.json by `npm run generate` (openapi-typescript). Do not edit. */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process answers (does not touch the database)
         * @description Public: no token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The process is alive. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "ready";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: the database answers
         * @description Public: no token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready to serve. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "ready";
                        };
                    };
                };
                /** @description NOT_READY: the database cannot be reached. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This API as an OpenAPI 3.1 document
         * @description Public: no token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The OpenAPI 3.1.0 document. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List people
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every person, by id. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"][];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a person
         * @description Roles: admin, officer, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id?: string;
                        name: string;
                        /** @enum {string} */
                        kind: "principal" | "staff" | "operator";
                        protocol?: string | null;
                        principalId?: string | null;
                        email?: string | null;
                        since?: string;
                    };
                };
            };
            responses: {
                /** @description The person as stored. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a person
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The person. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people/{id}/protocol": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Assign (or clear, with null) a person's protocol
         * @description The assignment is recorded with the instant it takes effect (`at`, default now).
         *
         *     Roles: admin, officer.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        protocol: string | null;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The person with the new protocol. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Person"];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List devices
         * @description Each with its current status and custody. Ordered by id; page with `limit` and `offset`.
         *
         *     Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    holderId?: string;
                    role?: "calls" | "social" | "news" | "general";
                    status?: "staged" | "active" | "quarantined" | "retired" | "wiped";
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The devices. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Device"][];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Register a device
         * @description Roles: admin, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id?: string;
                        serial: string;
                        imei?: string | null;
                        /** @enum {string} */
                        platform: "ios" | "android";
                        model: string;
                        /** @enum {string} */
                        ownership: "issued" | "personal";
                        /** @enum {string} */
                        role: "calls" | "social" | "news" | "general";
                        holderId?: string | null;
                        location?: string | null;
                        /** @enum {string} */
                        status?: "staged" | "active" | "quarantined" | "retired" | "wiped";
                        issuedAt?: string | null;
                    };
                };
            };
            responses: {
                /** @description The device as registered. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Device"];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a device with its history
         * @description Status and custody histories, the latest posture reports, security checks and swaps, each fact with when it took effect and when Vigil recorded it. With `asOf` and/or `knownAt`, the device on a past day: only facts in effect at or before `asOf` ("as true then"; default now) and, with `knownAt`, only those recorded by then, with the corrections known then applied ("as known then"); its status and holder as they stood at `asOf`. A future instant is 422 `INSTANT_IN_FUTURE`; a device not recorded by `knownAt`, or not begun by `asOf`, is 404 `DEVICE_NOT_FOUND`.
         *
         *     Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    asOf?: string;
                    knownAt?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The device. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            device: components["schemas"]["Device"];
                            statuses: {
                                /** @enum {string} */
                                status: "staged" | "active" | "quarantined" | "retired" | "wiped";
                                at: string;
                                reason: string | null;
                                recordedAt: string;
                            }[];
                            custody: {
                                holderId: string | null;
                                location: string | null;
                                at: string;
                                recordedBy: string;
                                recordedAt: string;
                            }[];
                            posture: components["schemas"]["PostureReport"][];
                            inspections: components["schemas"]["Inspection"][];
                            rotations: {
                                id: string;
                                oldDeviceId: string;
                                newDeviceId: string | null;
                                at: string;
                                performedBy: string;
                                recordedAt: string;
                            }[];
                            asOf: string | null;
                            knownAt: string | null;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/custody": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hand a device to a person, or put it in storage
         * @description Roles: admin, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        holderId: string | null;
                        location?: string | null;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The device with its new custody. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Device"];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change a device's status (e.g. quarantine it)
         * @description Roles: admin, technician, officer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "staged" | "active" | "quarantined" | "retired" | "wiped";
                        reason?: string | null;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The device with its new status. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Device"];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/posture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A device's posture reports, newest first
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The reports. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PostureReport"][];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/posture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a posture report
         * @description Append-only: a report never replaces an earlier one. An unknown device is refused (422).
         *
         *     Roles: admin, technician, ingest.
         *
         *     Rate limited per caller: 600 ingest requests per 60 s (429 RATE_LIMITED with Retry-After).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        deviceId: string;
                        observedAt: string;
                        source: string;
                        osVersion?: string | null;
                        osBuild?: string | null;
                        patchLevel?: string | null;
                        sensors?: {
                            camera?: {
                                /** @enum {string} */
                                state: "enabled" | "disabled" | "unknown";
                                /** @enum {string} */
                                provenance: "enforced" | "reported" | "attested" | "observed";
                            };
                            microphone?: {
                                /** @enum {string} */
                                state: "enabled" | "disabled" | "unknown";
                                /** @enum {string} */
                                provenance: "enforced" | "reported" | "attested" | "observed";
                            };
                            location?: {
                                /** @enum {string} */
                                state: "enabled" | "disabled" | "unknown";
                                /** @enum {string} */
                                provenance: "enforced" | "reported" | "attested" | "observed";
                            };
                            bluetooth?: {
                                /** @enum {string} */
                                state: "enabled" | "disabled" | "unknown";
                                /** @enum {string} */
                                provenance: "enforced" | "reported" | "attested" | "observed";
                            };
                        };
                        apps?: string[] | null;
                        lockdownMode?: boolean | null;
                        supervised?: boolean | null;
                        applied?: {
                            /** @enum {string} */
                            target: "apple-ddm" | "amapi" | "intune";
                            items: {
                                id: string;
                                token: string;
                                /** @enum {string} */
                                state: "applied" | "pending" | "failed";
                                version?: string;
                            }[];
                            compliance: ("compliant" | "noncompliant" | "inGracePeriod") | null;
                        } | null;
                    };
                };
            };
            responses: {
                /** @description The id of the stored report. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description RATE_LIMITED: too many requests from this caller; retry after the Retry-After header (seconds). */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inspections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a security check of a device
         * @description Roles: admin, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id?: string;
                        deviceId: string;
                        at: string;
                        /** @enum {string} */
                        method: "forensic-scan" | "mdm-review" | "physical-inspection";
                        /** @enum {string} */
                        result: "clean" | "suspicious" | "compromised";
                        performedBy: string;
                        notes?: string | null;
                        evidence?: {
                            name: string;
                            sha256: string;
                            size?: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description The check as recorded. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Inspection"];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rotations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a swap: the old device leaves service, the new one (if any) replaces it
         * @description Roles: admin, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id?: string;
                        oldDeviceId: string;
                        newDeviceId?: string | null;
                        at: string;
                        performedBy: string;
                    };
                };
            };
            responses: {
                /** @description The swap as recorded. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            newDeviceId: string | null;
                            at: string;
                            performedBy: string;
                            recordedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/os-releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List known OS releases
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The releases. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OsRelease"][];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Record an OS release (replaces the same platform and version)
         * @description Roles: admin, officer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        platform: "ios" | "android";
                        version: string;
                        build?: string | null;
                        releasedAt: string;
                    };
                };
            };
            responses: {
                /** @description The release as stored. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OsRelease"];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/protocols": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the protocols in force
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The protocols, by name. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            title: string;
                            version: string;
                            extends: string | null;
                            effectiveAt: string;
                            versions: number;
                        }[];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Store a new version of a protocol
         * @description The text is stored exactly as sent; its name and version come from `metadata`. Storing the same version again with the same text is harmless; with other text it is refused. When the protocol asks for it (`changes.approval: two-person`, in the new version, the version in force or a protocol in force that extends it) the version is stored as `proposed`: it governs nothing until another person approves it.
         *
         *     Roles: admin, officer.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                        effectiveAt?: string;
                    };
                };
            };
            responses: {
                /** @description The stored version. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProtocolVersion"];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/protocols/proposals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Protocol versions awaiting a second person
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Proposed versions, oldest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            version: string;
                            sha256: string;
                            effectiveAt: string;
                            recordedAt: string;
                            recordedBy: string;
                            /** @enum {string} */
                            approval: "none" | "two-person";
                            /** @enum {string} */
                            state: "in-effect" | "proposed" | "approved" | "rejected";
                            inForceFrom: string | null;
                            decision: {
                                approved: boolean;
                                decidedBy: string;
                                personId: string | null;
                                reason: string | null;
                                at: string;
                                recordedAt: string;
                            } | null;
                            proposerPersonId: string | null;
                        }[];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/protocols/{name}/versions/{version}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a proposed protocol version (not its proposer)
         * @description A two-person action between people: the approver’s credential must belong to a person (else 403 PERSON_REQUIRED), and not to the person who proposed the version, whichever token or user they use (403 PROTOCOL_SAME_PERSON). The version governs from the later of its effectiveAt and the approval’s `at` (default now). A version awaiting no decision is 409 PROTOCOL_VERSION_NOT_PROPOSED.
         *
         *     Roles: officer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The approved version. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProtocolVersion"];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/protocols/{name}/versions/{version}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a proposed protocol version: it never governs
         * @description Its proposer may withdraw it this way. A decision is final: propose a new version instead.
         *
         *     Roles: admin, officer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    version: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The rejected version. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProtocolVersion"];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/protocols/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a protocol text without storing it
         * @description Syntax, schema, the `extends` chain against the stored protocols, and citations.
         *
         *     Roles: admin, officer, technician, auditor.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                        file?: string;
                    };
                };
            };
            responses: {
                /** @description Every problem found (none when valid). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            valid: boolean;
                            problems: {
                                file: string;
                                path: string;
                                line: number | null;
                                column: number | null;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/protocols/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Compare two protocols setting by setting
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query: {
                    a: string;
                    b: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Both resolved documents and every setting that differs. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            a: components["schemas"]["Protocol"];
                            b: components["schemas"]["Protocol"];
                            differences: {
                                path: string;
                                a: string | null;
                                b: string | null;
                                /** @enum {string} */
                                stricter: "a" | "b" | "equal" | "unknown";
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/protocols/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show a protocol: resolved document, version in force, stored text and history
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The protocol. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            resolved: components["schemas"]["Protocol"];
                            version: components["schemas"]["ProtocolVersion"];
                            text: string;
                            history: components["schemas"]["ProtocolVersion"][];
                            coverage: {
                                /** @enum {string} */
                                role: "calls" | "social" | "news" | "general";
                                settings: {
                                    /** @enum {string} */
                                    setting: "sensors.camera" | "sensors.microphone" | "sensors.location" | "sensors.bluetooth" | "apps.allow" | "os.minVersion.ios" | "os.minVersion.android" | "os.maxBehindLatest" | "os.lockdownMode" | "controls.passcode" | "controls.screenCapture" | "controls.cloudBackup" | "controls.hostPairing" | "rotation" | "inspection" | "posture.maxAge";
                                    targets: {
                                        /** @enum {string} */
                                        target: "apple-profile" | "apple-ddm" | "amapi" | "intune" | "intune-android";
                                        /** @enum {string} */
                                        level: "enforced" | "reported" | "attested" | "n/a";
                                        how: string;
                                    }[];
                                }[];
                            }[];
                            pushed: {
                                source: string;
                                /** @enum {string} */
                                target: "apple-profile" | "apple-ddm" | "amapi" | "intune";
                                version: string;
                                /** @enum {string} */
                                role: "calls" | "social" | "news" | "general";
                                file: string;
                                sha256: string;
                                remoteId: string;
                                remoteToken: string | null;
                                /** @enum {string} */
                                action: "created" | "updated" | "unchanged";
                                pushedAt: string;
                                actor: string;
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compliance/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Evaluate the fleet: findings and a verdict per device
         * @description As of now, or as of `asOf` (only facts in effect at or before it count: "as true then"); with `knownAt`, only facts Vigil had recorded by then count ("as known then"; it may precede `asOf`). `protocol` evaluates as if that protocol were assigned to everyone present at that instant (what-if; it must have a version in force then). The other parameters filter: `role` keeps the devices of that role and the findings about them (not those about a person or an unknown device), `status` the findings with that status; `limit` and `offset` page each list, and `total` gives the sizes of the filtered lists.
         *
         *     Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    asOf?: string;
                    knownAt?: string;
                    protocol?: string;
                    personId?: string;
                    deviceId?: string;
                    rule?: string;
                    severity?: "info" | "low" | "medium" | "high" | "critical";
                    limit?: number;
                    offset?: number;
                    role?: "calls" | "social" | "news" | "general";
                    status?: "open" | "waived" | "resolved";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Findings (worst first) and device verdicts. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            asOf: string;
                            knownAt: string | null;
                            findings: components["schemas"]["Finding"][];
                            devices: components["schemas"]["DeviceVerdict"][];
                            total: {
                                findings: number;
                                devices: number;
                            };
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compliance/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Counts of the evaluation by verdict, severity, rule, person and device role
         * @description Devices by verdict in all, per holder (`people`), per principal with their staff (`principals`) and per device role (`roles`, the roles the fleet has); findings by status, and open findings by severity and rule.
         *
         *     Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    asOf?: string;
                    knownAt?: string;
                    protocol?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The counts. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            asOf: string;
                            knownAt: string | null;
                            devices: {
                                total: number;
                                byVerdict: {
                                    compliant: number;
                                    "non-compliant": number;
                                    waived: number;
                                    "not-evaluated": number;
                                };
                            };
                            findings: {
                                open: number;
                                waived: number;
                                resolved: number;
                                bySeverity: {
                                    info: number;
                                    low: number;
                                    medium: number;
                                    high: number;
                                    critical: number;
                                };
                                byRule: {
                                    [key: string]: number;
                                };
                            };
                            people: {
                                personId: string | null;
                                devices: number;
                                byVerdict: {
                                    compliant: number;
                                    "non-compliant": number;
                                    waived: number;
                                    "not-evaluated": number;
                                };
                                openFindings: number;
                            }[];
                            principals: {
                                personId: string;
                                staff: string[];
                                devices: number;
                                byVerdict: {
                                    compliant: number;
                                    "non-compliant": number;
                                    waived: number;
                                    "not-evaluated": number;
                                };
                                openFindings: number;
                            }[];
                            roles: {
                                role: string;
                                devices: number;
                                byVerdict: {
                                    compliant: number;
                                    "non-compliant": number;
                                    waived: number;
                                    "not-evaluated": number;
                                };
                                openFindings: number;
                            }[];
                            tiles: {
                                /** @enum {string} */
                                id: "compliant" | "non-compliant" | "waived" | "not-evaluated" | "open-findings";
                                count: number;
                                parts: {
                                    label: string;
                                    count: number;
                                }[];
                                text: string;
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compliance/receipt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A compliance receipt anyone can check offline (`vigil receipt verify`)
         * @description The findings as of `asOf` (default now), for one person or the whole fleet, with every fact the evaluation used, the protocol versions in force, each fact’s audit-log entry with an inclusion proof, and a signed checkpoint. Its digest is recorded as a `compliance.receipt-issued` audit event.
         *
         *     Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    asOf?: string;
                    knownAt?: string;
                    personId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The receipt. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            format: "vigil-compliance-receipt/v1";
                            asOf: string;
                            knownAt: string;
                            person: string | null;
                            digest: string;
                            protocols: {
                                name: string;
                                version: string;
                                sha256: string;
                                effectiveAt: number;
                                text: string;
                                entries: number[];
                            }[];
                            facts: {
                                /** @enum {string} */
                                kind: "person" | "device" | "custody" | "status" | "posture" | "inspection" | "rotation" | "release" | "protocol" | "refusal" | "waiver" | "incident" | "detection" | "acknowledgement" | "push" | "intel";
                                value: unknown;
                                entries: number[];
                            }[];
                            findings: unknown[];
                            log: {
                                origin: string;
                                checkpoint: string;
                                issued: number;
                                entries: {
                                    index: number;
                                    entry: string;
                                    proof: string[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who am I: the token, and for a personal (staff) token my devices and open findings
         * @description Roles: admin, officer, technician, auditor, staff, ingest.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The caller. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            token: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                role: "admin" | "officer" | "technician" | "auditor" | "staff" | "ingest";
                                personId: string | null;
                            };
                            person: components["schemas"]["Person"] | null;
                            devices: components["schemas"]["Device"][];
                            findings: components["schemas"]["Finding"][];
                        };
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/page": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My page: my devices in plain words, what I must do and by when, my waivers, my facility rules
         * @description Roles: admin, officer, technician, auditor, staff.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The signed-in person’s page. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            at: string;
                            person: {
                                id: string;
                                name: string;
                                kind: string;
                            };
                            protocol: {
                                name: string;
                                title: string;
                            } | null;
                            devices: {
                                id: string;
                                label: string;
                                kind: string;
                                ownership: string;
                                /** @enum {string} */
                                verdict: "compliant" | "non-compliant" | "waived" | "not-evaluated";
                                words: string;
                                problems: {
                                    rule: string;
                                    message: string;
                                    remedy: string;
                                }[];
                            }[];
                            tasks: {
                                id: string;
                                /** @enum {string} */
                                kind: "acknowledge" | "attest" | "confirm-swap" | "return-old" | "swap" | "check";
                                text: string;
                                dueAt: string | null;
                                overdue: boolean;
                                deviceId: string | null;
                                facility: string | null;
                                policyVersion: string | null;
                                swapId: string | null;
                                setting: ("microphone" | "lockdown-mode") | null;
                                location: string | null;
                            }[];
                            waivers: {
                                id: string;
                                rule: string;
                                /** @enum {string} */
                                state: "requested" | "approved" | "rejected" | "revoked";
                                deviceId: string | null;
                                reason: string;
                                expiresAt: string;
                                expired: boolean;
                            }[];
                            rules: {
                                facility: string;
                                title: string;
                                personalDevices: string;
                                acknowledgement: string;
                                policyVersion: string;
                                acknowledgedAt: string | null;
                            }[];
                            attestations: {
                                id: string;
                                personId: string;
                                deviceId: string;
                                /** @enum {string} */
                                setting: "microphone" | "lockdown-mode";
                                state: string;
                                occurredAt: string;
                                recordedAt: string;
                            }[];
                        };
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/acknowledgements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept a facility policy, as myself
         * @description Roles: admin, officer, technician, auditor, staff.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        facility: string;
                        policyVersion?: string;
                    };
                };
            };
            responses: {
                /** @description Already acknowledged: the earlier acknowledgement. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            personId: string;
                            facility: string;
                            policyVersion: string;
                            at: string;
                        };
                    };
                };
                /** @description The acknowledgement recorded. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            personId: string;
                            facility: string;
                            policyVersion: string;
                            at: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/attestations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * State that a setting of my iPhone the MDM cannot see is as the protocol asks
         * @description Recorded as the caller, with a self-attestation.recorded audit event. Shown beside the finding; it does not satisfy the rule, which needs a named person’s check (POST /devices/{id}/attestations).
         *
         *     Roles: admin, officer, technician, auditor, staff.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        deviceId: string;
                        /** @enum {string} */
                        setting: "microphone" | "lockdown-mode";
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The attestation recorded. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            personId: string;
                            deviceId: string;
                            /** @enum {string} */
                            setting: "microphone" | "lockdown-mode";
                            state: string;
                            occurredAt: string;
                            recordedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/swaps/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm I collected the replacement staged for my swap (its handover, recorded as me)
         * @description Roles: admin, officer, technician, auditor, staff.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The swap, handed over. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            personId: string;
                            /** @enum {string} */
                            state: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                            dueAt: string | null;
                            stageBy: string | null;
                            newDeviceId: string | null;
                            custody: {
                                old: {
                                    holderId: string | null;
                                    location: string | null;
                                };
                                new: {
                                    holderId: string | null;
                                    location: string | null;
                                } | null;
                            };
                            rotationId: string | null;
                            inspectionId: string | null;
                            refusalId: string | null;
                            reason: string | null;
                            plannedAt: string;
                            plannedBy: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tokens (never their secrets)
         * @description Roles: admin.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every token, revoked ones included. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Token"][];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Mint a token of your own (or, admin, an ingest token)
         * @description The token is the caller’s user’s, in their role, with their person. Naming another user or another role is 403 TOKEN_FOR_OTHER; only an admin mints an ingest token (`role: ingest`), which belongs to no one.
         *
         *     Roles: admin, officer, technician, auditor, staff.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @enum {string} */
                        role?: "admin" | "officer" | "technician" | "auditor" | "staff" | "ingest";
                        userId?: string | null;
                    };
                };
            };
            responses: {
                /** @description The token, shown once, and its record. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            token: string;
                            record: components["schemas"]["Token"];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a token
         * @description Roles: admin.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List audit events
         * @description Events with a sequence number above `afterSeq`, oldest first; pass the last `seq` to page on.
         *
         *     Roles: admin, officer, auditor.
         */
        get: {
            parameters: {
                query?: {
                    afterSeq?: number;
                    limit?: number;
                    type?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The events. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuditEvent"][];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/events/{seq}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One audit event with its leaf
         * @description The event, its leaf index in the Merkle tree and the exact leaf bytes that were hashed.
         *
         *     Roles: admin, officer, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    seq: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The event. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            event: components["schemas"]["AuditEvent"];
                            index: number | null;
                            entry: string;
                            leafHash: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/checkpoint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The latest signed checkpoint
         * @description Signed at least every VIGIL_CHECKPOINT_INTERVAL seconds while the log grows.
         *
         *     Roles: admin, officer, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The checkpoint. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            note: string;
                            size: number;
                            root: string;
                            at: string;
                            verifierKey: string;
                            cosignatures: {
                                witness: string;
                                line: string;
                            }[];
                        };
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Sign a checkpoint now
         * @description Integrates pending events and signs a checkpoint if the log grew; returns the latest either way.
         *
         *     Roles: admin, officer, auditor.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The latest checkpoint. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            note: string;
                            size: number;
                            root: string;
                            at: string;
                            verifierKey: string;
                            cosignatures: {
                                witness: string;
                                line: string;
                            }[];
                        };
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The log’s signing-key history
         * @description The first key, then each later key with the key-transition checkpoint its predecessor and it signed (docs/adr/0024-log-key-rotation.md). One entry when the key was never rotated. A verifier holding any key of the chain follows it; none of it needs trusting from here.
         *
         *     Roles: admin, officer, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The key history, oldest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            keys: {
                                vkey: string;
                                transition: string | null;
                            }[];
                        };
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/proofs/inclusion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Inclusion proof of an event
         * @description Of the leaf `index`, or of the event `seq`, in the tree of `size` entries (default: the latest checkpoint).
         *
         *     Roles: admin, officer, auditor.
         */
        get: {
            parameters: {
                query?: {
                    seq?: number;
                    index?: number;
                    size?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The proof. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            index: number;
                            size: number;
                            leafHash: string;
                            root: string;
                            proof: string[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/proofs/consistency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Consistency proof between two tree sizes
         * @description Proves the tree of `to` entries (default: the latest checkpoint) extends the tree of `from`.
         *
         *     Roles: admin, officer, auditor.
         */
        get: {
            parameters: {
                query: {
                    from: number;
                    to?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The proof. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: number;
                            to: number;
                            fromRoot: string;
                            toRoot: string;
                            proof: string[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Leaf entries for mirroring and verification
         * @description Entries with start <= index < end (at most 1,000; `end` is clamped to the tree size), with their stored leaf hashes.
         *
         *     Roles: admin, officer, auditor.
         */
        get: {
            parameters: {
                query: {
                    start: number;
                    end: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The entries. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: {
                                index: number;
                                seq: number;
                                entry: string;
                                leafHash: string;
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/swaps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List swaps (by state, by device, or only those in progress)
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    state?: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                    open?: "true" | "false";
                    deviceId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Swaps, oldest planned first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            personId: string;
                            /** @enum {string} */
                            state: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                            dueAt: string | null;
                            stageBy: string | null;
                            newDeviceId: string | null;
                            custody: {
                                old: {
                                    holderId: string | null;
                                    location: string | null;
                                };
                                new: {
                                    holderId: string | null;
                                    location: string | null;
                                } | null;
                            };
                            rotationId: string | null;
                            inspectionId: string | null;
                            refusalId: string | null;
                            reason: string | null;
                            plannedAt: string;
                            plannedBy: string;
                            updatedAt: string;
                        }[];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Plan a swap of an issued device (due dates default to its protocol's schedule)
         * @description Roles: admin, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id?: string;
                        deviceId: string;
                        dueAt?: string;
                        stageBy?: string;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The planned swap. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            personId: string;
                            /** @enum {string} */
                            state: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                            dueAt: string | null;
                            stageBy: string | null;
                            newDeviceId: string | null;
                            custody: {
                                old: {
                                    holderId: string | null;
                                    location: string | null;
                                };
                                new: {
                                    holderId: string | null;
                                    location: string | null;
                                } | null;
                            };
                            rotationId: string | null;
                            inspectionId: string | null;
                            refusalId: string | null;
                            reason: string | null;
                            plannedAt: string;
                            plannedBy: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/swaps/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A swap with every transition it went through
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The swap. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            personId: string;
                            /** @enum {string} */
                            state: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                            dueAt: string | null;
                            stageBy: string | null;
                            newDeviceId: string | null;
                            custody: {
                                old: {
                                    holderId: string | null;
                                    location: string | null;
                                };
                                new: {
                                    holderId: string | null;
                                    location: string | null;
                                } | null;
                            };
                            rotationId: string | null;
                            inspectionId: string | null;
                            refusalId: string | null;
                            reason: string | null;
                            plannedAt: string;
                            plannedBy: string;
                            updatedAt: string;
                            transitions: {
                                from: string | null;
                                to: string;
                                command: string;
                                at: string;
                                actor: string;
                                details: {
                                    [key: string]: unknown;
                                };
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/swaps/{id}/stage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stage the replacement: a staged issued device, and who holds it or where it waits
         * @description Roles: admin, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        newDeviceId: string;
                        holderId?: string | null;
                        location?: string | null;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The swap after the step. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            personId: string;
                            /** @enum {string} */
                            state: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                            dueAt: string | null;
                            stageBy: string | null;
                            newDeviceId: string | null;
                            custody: {
                                old: {
                                    holderId: string | null;
                                    location: string | null;
                                };
                                new: {
                                    holderId: string | null;
                                    location: string | null;
                                } | null;
                            };
                            rotationId: string | null;
                            inspectionId: string | null;
                            refusalId: string | null;
                            reason: string | null;
                            plannedAt: string;
                            plannedBy: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/swaps/{id}/handover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hand the replacement to the holder (records the rotation and custody)
         * @description Roles: admin, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The swap after the step. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            personId: string;
                            /** @enum {string} */
                            state: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                            dueAt: string | null;
                            stageBy: string | null;
                            newDeviceId: string | null;
                            custody: {
                                old: {
                                    holderId: string | null;
                                    location: string | null;
                                };
                                new: {
                                    holderId: string | null;
                                    location: string | null;
                                } | null;
                            };
                            rotationId: string | null;
                            inspectionId: string | null;
                            refusalId: string | null;
                            reason: string | null;
                            plannedAt: string;
                            plannedBy: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/swaps/{id}/collect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take the old device back: to a holder (technician) or a location
         * @description Roles: admin, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        holderId?: string | null;
                        location?: string | null;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The swap after the step. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            personId: string;
                            /** @enum {string} */
                            state: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                            dueAt: string | null;
                            stageBy: string | null;
                            newDeviceId: string | null;
                            custody: {
                                old: {
                                    holderId: string | null;
                                    location: string | null;
                                };
                                new: {
                                    holderId: string | null;
                                    location: string | null;
                                } | null;
                            };
                            rotationId: string | null;
                            inspectionId: string | null;
                            refusalId: string | null;
                            reason: string | null;
                            plannedAt: string;
                            plannedBy: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/swaps/{id}/examine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record the examination of the old device (a security check, with evidence)
         * @description Roles: admin, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        method: "forensic-scan" | "mdm-review" | "physical-inspection";
                        /** @enum {string} */
                        result: "clean" | "suspicious" | "compromised";
                        notes?: string | null;
                        evidence?: {
                            name: string;
                            sha256: string;
                            size?: number;
                        }[];
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The swap after the step. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            personId: string;
                            /** @enum {string} */
                            state: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                            dueAt: string | null;
                            stageBy: string | null;
                            newDeviceId: string | null;
                            custody: {
                                old: {
                                    holderId: string | null;
                                    location: string | null;
                                };
                                new: {
                                    holderId: string | null;
                                    location: string | null;
                                } | null;
                            };
                            rotationId: string | null;
                            inspectionId: string | null;
                            refusalId: string | null;
                            reason: string | null;
                            plannedAt: string;
                            plannedBy: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/swaps/{id}/wipe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The old device was wiped: the swap is complete
         * @description Roles: admin, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The swap after the step. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            personId: string;
                            /** @enum {string} */
                            state: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                            dueAt: string | null;
                            stageBy: string | null;
                            newDeviceId: string | null;
                            custody: {
                                old: {
                                    holderId: string | null;
                                    location: string | null;
                                };
                                new: {
                                    holderId: string | null;
                                    location: string | null;
                                } | null;
                            };
                            rotationId: string | null;
                            inspectionId: string | null;
                            refusalId: string | null;
                            reason: string | null;
                            plannedAt: string;
                            plannedBy: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/swaps/{id}/retain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Keep the old device as evidence, where it was collected to
         * @description Roles: admin, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The swap after the step. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            personId: string;
                            /** @enum {string} */
                            state: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                            dueAt: string | null;
                            stageBy: string | null;
                            newDeviceId: string | null;
                            custody: {
                                old: {
                                    holderId: string | null;
                                    location: string | null;
                                };
                                new: {
                                    holderId: string | null;
                                    location: string | null;
                                } | null;
                            };
                            rotationId: string | null;
                            inspectionId: string | null;
                            refusalId: string | null;
                            reason: string | null;
                            plannedAt: string;
                            plannedBy: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/swaps/{id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The holder declined the swap: records a refusal; the device stays out of protocol
         * @description Roles: admin, officer, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        declinedBy?: string;
                        reason: string;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The swap after the step. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            personId: string;
                            /** @enum {string} */
                            state: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                            dueAt: string | null;
                            stageBy: string | null;
                            newDeviceId: string | null;
                            custody: {
                                old: {
                                    holderId: string | null;
                                    location: string | null;
                                };
                                new: {
                                    holderId: string | null;
                                    location: string | null;
                                } | null;
                            };
                            rotationId: string | null;
                            inspectionId: string | null;
                            refusalId: string | null;
                            reason: string | null;
                            plannedAt: string;
                            plannedBy: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/swaps/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a swap that has not been handed over
         * @description Roles: admin, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The swap after the step. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            oldDeviceId: string;
                            personId: string;
                            /** @enum {string} */
                            state: "planned" | "staged" | "handed-over" | "collected" | "examined" | "wiped" | "retained" | "declined" | "cancelled";
                            dueAt: string | null;
                            stageBy: string | null;
                            newDeviceId: string | null;
                            custody: {
                                old: {
                                    holderId: string | null;
                                    location: string | null;
                                };
                                new: {
                                    holderId: string | null;
                                    location: string | null;
                                } | null;
                            };
                            rotationId: string | null;
                            inspectionId: string | null;
                            refusalId: string | null;
                            reason: string | null;
                            plannedAt: string;
                            plannedBy: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Swaps and checks due, with stage-by dates, now or as of an instant
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    asOf?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Items sorted by due date. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            asOf: string;
                            items: {
                                /** @enum {string} */
                                kind: "swap" | "check";
                                deviceId: string;
                                personId: string | null;
                                protocol: string;
                                dueAt: string;
                                graceUntil: string;
                                stageBy?: string;
                                overdue: boolean;
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refusals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List refusals, newest first
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    personId?: string;
                    deviceId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Refusals. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            personId: string;
                            deviceId: string | null;
                            action: string;
                            rule: string;
                            at: string;
                            reason: string;
                            recordedBy: string;
                            recordedAt: string;
                            swapId: string | null;
                        }[];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Record a refusal: who declined which action, when and why
         * @description Roles: admin, officer, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id?: string;
                        personId: string;
                        deviceId?: string | null;
                        action: string;
                        rule?: string;
                        reason: string;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The refusal. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            personId: string;
                            deviceId: string | null;
                            action: string;
                            rule: string;
                            at: string;
                            reason: string;
                            recordedBy: string;
                            recordedAt: string;
                            swapId: string | null;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/waivers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List waivers
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    state?: "requested" | "approved" | "rejected" | "revoked";
                    deviceId?: string;
                    personId?: string;
                    rule?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Waivers, oldest request first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            rule: string;
                            scope: {
                                deviceId: string;
                            } | {
                                personId: string;
                            };
                            reason: string;
                            risk: string;
                            /** @enum {string} */
                            state: "requested" | "approved" | "rejected" | "revoked";
                            requestedBy: string;
                            requestedAt: string;
                            recordedAt: string;
                            approvedBy: string | null;
                            approvedAt: string | null;
                            approvalRecordedAt: string | null;
                            startsAt: string;
                            expiresAt: string;
                            endedAt: string | null;
                            endRecordedAt: string | null;
                            endedBy: string | null;
                            endReason: string | null;
                        }[];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Request a waiver for one rule, on a device or all of a person’s devices
         * @description Roles: admin, officer, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id?: string;
                        rule: string;
                        deviceId?: string;
                        personId?: string;
                        reason: string;
                        risk: string;
                        startsAt?: string;
                        expiresAt: string;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The requested waiver (it covers nothing until approved). */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            rule: string;
                            scope: {
                                deviceId: string;
                            } | {
                                personId: string;
                            };
                            reason: string;
                            risk: string;
                            /** @enum {string} */
                            state: "requested" | "approved" | "rejected" | "revoked";
                            requestedBy: string;
                            requestedAt: string;
                            recordedAt: string;
                            approvedBy: string | null;
                            approvedAt: string | null;
                            approvalRecordedAt: string | null;
                            startsAt: string;
                            expiresAt: string;
                            endedAt: string | null;
                            endRecordedAt: string | null;
                            endedBy: string | null;
                            endReason: string | null;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/waivers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A waiver with its transitions
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The waiver. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            rule: string;
                            scope: {
                                deviceId: string;
                            } | {
                                personId: string;
                            };
                            reason: string;
                            risk: string;
                            /** @enum {string} */
                            state: "requested" | "approved" | "rejected" | "revoked";
                            requestedBy: string;
                            requestedAt: string;
                            recordedAt: string;
                            approvedBy: string | null;
                            approvedAt: string | null;
                            approvalRecordedAt: string | null;
                            startsAt: string;
                            expiresAt: string;
                            endedAt: string | null;
                            endRecordedAt: string | null;
                            endedBy: string | null;
                            endReason: string | null;
                            transitions: {
                                from: string | null;
                                to: string;
                                command: string;
                                at: string;
                                actor: string;
                                details: {
                                    [key: string]: unknown;
                                };
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/waivers/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a waiver (not its requester; the role the protocol names in waivers.approverRole)
         * @description A two-person action between people: the approver’s credential must belong to a person (else 403 PERSON_REQUIRED), and not the person who requested the waiver, whichever token or user they use (403 WAIVER_SELF_APPROVAL).
         *
         *     Roles: officer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The approved waiver. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            rule: string;
                            scope: {
                                deviceId: string;
                            } | {
                                personId: string;
                            };
                            reason: string;
                            risk: string;
                            /** @enum {string} */
                            state: "requested" | "approved" | "rejected" | "revoked";
                            requestedBy: string;
                            requestedAt: string;
                            recordedAt: string;
                            approvedBy: string | null;
                            approvedAt: string | null;
                            approvalRecordedAt: string | null;
                            startsAt: string;
                            expiresAt: string;
                            endedAt: string | null;
                            endRecordedAt: string | null;
                            endedBy: string | null;
                            endReason: string | null;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/waivers/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a requested waiver
         * @description Roles: admin, officer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The waiver. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            rule: string;
                            scope: {
                                deviceId: string;
                            } | {
                                personId: string;
                            };
                            reason: string;
                            risk: string;
                            /** @enum {string} */
                            state: "requested" | "approved" | "rejected" | "revoked";
                            requestedBy: string;
                            requestedAt: string;
                            recordedAt: string;
                            approvedBy: string | null;
                            approvedAt: string | null;
                            approvalRecordedAt: string | null;
                            startsAt: string;
                            expiresAt: string;
                            endedAt: string | null;
                            endRecordedAt: string | null;
                            endedBy: string | null;
                            endReason: string | null;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/waivers/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an approved waiver: it covers nothing from now on
         * @description Roles: admin, officer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The waiver. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            rule: string;
                            scope: {
                                deviceId: string;
                            } | {
                                personId: string;
                            };
                            reason: string;
                            risk: string;
                            /** @enum {string} */
                            state: "requested" | "approved" | "rejected" | "revoked";
                            requestedBy: string;
                            requestedAt: string;
                            recordedAt: string;
                            approvedBy: string | null;
                            approvedAt: string | null;
                            approvalRecordedAt: string | null;
                            startsAt: string;
                            expiresAt: string;
                            endedAt: string | null;
                            endRecordedAt: string | null;
                            endedBy: string | null;
                            endReason: string | null;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List corrections, oldest first
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    kind?: "inspection" | "posture" | "status" | "custody" | "refusal";
                    factId?: string;
                    deviceId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Corrections. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            kind: "inspection" | "posture" | "status" | "custody" | "refusal";
                            factId: string;
                            deviceId: string | null;
                            effectiveAt: string;
                            values: {
                                [key: string]: unknown;
                            } | null;
                            reason: string;
                            recordedBy: string;
                            recordedAt: string;
                        }[];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Correct or retract a recorded fact (the fact is kept; evaluations as known before still read it)
         * @description Roles: admin, officer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "inspection" | "posture" | "status" | "custody" | "refusal";
                        factId: string;
                        reason: string;
                        /** @enum {boolean} */
                        retract?: true;
                        set?: {
                            [key: string]: string | null;
                        };
                    };
                };
            };
            responses: {
                /** @description The correction. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            kind: "inspection" | "posture" | "status" | "custody" | "refusal";
                            factId: string;
                            deviceId: string | null;
                            effectiveAt: string;
                            values: {
                                [key: string]: unknown;
                            } | null;
                            reason: string;
                            recordedBy: string;
                            recordedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List incidents, newest first
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    status?: "open" | "containing" | "contained" | "closed";
                    deviceId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Incidents. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            status: "open" | "containing" | "contained" | "closed";
                            /** @enum {string} */
                            compromise: "suspected" | "confirmed";
                            /** @enum {string} */
                            severity: "info" | "low" | "medium" | "high" | "critical";
                            summary: string;
                            devices: {
                                deviceId: string;
                                priorStatus: ("staged" | "active" | "quarantined" | "retired" | "wiped") | null;
                            }[];
                            personIds: string[];
                            inspectionId: string | null;
                            declaredBy: string;
                            openedAt: string;
                            recordedAt: string;
                            resolution: ("cleared" | "wiped" | "retained") | null;
                            closedAt: string | null;
                            closeRecordedAt: string | null;
                            closedBy: string | null;
                            closingNote: string | null;
                            involvedPersonIds?: string[];
                            steps: {
                                id: string;
                                title: string;
                                owner: {
                                    role: string;
                                } | {
                                    personId: string;
                                };
                                /** @enum {string} */
                                status: "pending" | "in-progress" | "done" | "skipped";
                                reason: string | null;
                                at: string | null;
                                by: string | null;
                                recordedAt: string | null;
                            }[];
                            timeline: {
                                at: string;
                                recordedAt: string;
                                actor: string;
                                /** @enum {string} */
                                kind: "opened" | "state" | "step" | "closed";
                                stepId: string | null;
                                from: string | null;
                                to: string;
                                text: string;
                            }[];
                        }[];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Declare an incident: its devices are quarantined and its containment playbook starts
         * @description Roles: admin, officer, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id?: string;
                        deviceIds: string[];
                        personIds?: string[];
                        /** @enum {string} */
                        compromise: "suspected" | "confirmed";
                        /** @enum {string} */
                        severity?: "info" | "low" | "medium" | "high" | "critical";
                        summary: string;
                        inspectionId?: string | null;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The incident with its playbook. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            status: "open" | "containing" | "contained" | "closed";
                            /** @enum {string} */
                            compromise: "suspected" | "confirmed";
                            /** @enum {string} */
                            severity: "info" | "low" | "medium" | "high" | "critical";
                            summary: string;
                            devices: {
                                deviceId: string;
                                priorStatus: ("staged" | "active" | "quarantined" | "retired" | "wiped") | null;
                            }[];
                            personIds: string[];
                            inspectionId: string | null;
                            declaredBy: string;
                            openedAt: string;
                            recordedAt: string;
                            resolution: ("cleared" | "wiped" | "retained") | null;
                            closedAt: string | null;
                            closeRecordedAt: string | null;
                            closedBy: string | null;
                            closingNote: string | null;
                            involvedPersonIds?: string[];
                            steps: {
                                id: string;
                                title: string;
                                owner: {
                                    role: string;
                                } | {
                                    personId: string;
                                };
                                /** @enum {string} */
                                status: "pending" | "in-progress" | "done" | "skipped";
                                reason: string | null;
                                at: string | null;
                                by: string | null;
                                recordedAt: string | null;
                            }[];
                            timeline: {
                                at: string;
                                recordedAt: string;
                                actor: string;
                                /** @enum {string} */
                                kind: "opened" | "state" | "step" | "closed";
                                stepId: string | null;
                                from: string | null;
                                to: string;
                                text: string;
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An incident with its playbook and timeline
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The incident. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            status: "open" | "containing" | "contained" | "closed";
                            /** @enum {string} */
                            compromise: "suspected" | "confirmed";
                            /** @enum {string} */
                            severity: "info" | "low" | "medium" | "high" | "critical";
                            summary: string;
                            devices: {
                                deviceId: string;
                                priorStatus: ("staged" | "active" | "quarantined" | "retired" | "wiped") | null;
                            }[];
                            personIds: string[];
                            inspectionId: string | null;
                            declaredBy: string;
                            openedAt: string;
                            recordedAt: string;
                            resolution: ("cleared" | "wiped" | "retained") | null;
                            closedAt: string | null;
                            closeRecordedAt: string | null;
                            closedBy: string | null;
                            closingNote: string | null;
                            involvedPersonIds?: string[];
                            steps: {
                                id: string;
                                title: string;
                                owner: {
                                    role: string;
                                } | {
                                    personId: string;
                                };
                                /** @enum {string} */
                                status: "pending" | "in-progress" | "done" | "skipped";
                                reason: string | null;
                                at: string | null;
                                by: string | null;
                                recordedAt: string | null;
                            }[];
                            timeline: {
                                at: string;
                                recordedAt: string;
                                actor: string;
                                /** @enum {string} */
                                kind: "opened" | "state" | "step" | "closed";
                                stepId: string | null;
                                from: string | null;
                                to: string;
                                text: string;
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/steps/{stepId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a playbook step forward (in-progress, done, or skipped with a reason)
         * @description Roles: admin, officer, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    stepId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "in-progress" | "done" | "skipped";
                        reason?: string | null;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The incident after the change. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            status: "open" | "containing" | "contained" | "closed";
                            /** @enum {string} */
                            compromise: "suspected" | "confirmed";
                            /** @enum {string} */
                            severity: "info" | "low" | "medium" | "high" | "critical";
                            summary: string;
                            devices: {
                                deviceId: string;
                                priorStatus: ("staged" | "active" | "quarantined" | "retired" | "wiped") | null;
                            }[];
                            personIds: string[];
                            inspectionId: string | null;
                            declaredBy: string;
                            openedAt: string;
                            recordedAt: string;
                            resolution: ("cleared" | "wiped" | "retained") | null;
                            closedAt: string | null;
                            closeRecordedAt: string | null;
                            closedBy: string | null;
                            closingNote: string | null;
                            involvedPersonIds?: string[];
                            steps: {
                                id: string;
                                title: string;
                                owner: {
                                    role: string;
                                } | {
                                    personId: string;
                                };
                                /** @enum {string} */
                                status: "pending" | "in-progress" | "done" | "skipped";
                                reason: string | null;
                                at: string | null;
                                by: string | null;
                                recordedAt: string | null;
                            }[];
                            timeline: {
                                at: string;
                                recordedAt: string;
                                actor: string;
                                /** @enum {string} */
                                kind: "opened" | "state" | "step" | "closed";
                                stepId: string | null;
                                from: string | null;
                                to: string;
                                text: string;
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close a contained incident; its devices leave quarantine as the resolution says
         * @description A two-person action between people: the caller’s credential must belong to a person (else 403 PERSON_REQUIRED), and not to the person who declared the incident or recorded one of its steps, whichever token or user they use (403 INCIDENT_SAME_PERSON).
         *
         *     Roles: admin, officer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        resolution: "cleared" | "wiped" | "retained";
                        note?: string | null;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description The closed incident. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            status: "open" | "containing" | "contained" | "closed";
                            /** @enum {string} */
                            compromise: "suspected" | "confirmed";
                            /** @enum {string} */
                            severity: "info" | "low" | "medium" | "high" | "critical";
                            summary: string;
                            devices: {
                                deviceId: string;
                                priorStatus: ("staged" | "active" | "quarantined" | "retired" | "wiped") | null;
                            }[];
                            personIds: string[];
                            inspectionId: string | null;
                            declaredBy: string;
                            openedAt: string;
                            recordedAt: string;
                            resolution: ("cleared" | "wiped" | "retained") | null;
                            closedAt: string | null;
                            closeRecordedAt: string | null;
                            closedBy: string | null;
                            closingNote: string | null;
                            involvedPersonIds?: string[];
                            steps: {
                                id: string;
                                title: string;
                                owner: {
                                    role: string;
                                } | {
                                    personId: string;
                                };
                                /** @enum {string} */
                                status: "pending" | "in-progress" | "done" | "skipped";
                                reason: string | null;
                                at: string | null;
                                by: string | null;
                                recordedAt: string | null;
                            }[];
                            timeline: {
                                at: string;
                                recordedAt: string;
                                actor: string;
                                /** @enum {string} */
                                kind: "opened" | "state" | "step" | "closed";
                                stepId: string | null;
                                from: string | null;
                                to: string;
                                text: string;
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/detections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List detections, newest first
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    facility?: string;
                    personId?: string;
                    since?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Detections. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            facility: string;
                            at: string;
                            identifier: string;
                            deviceId: string | null;
                            personId: string | null;
                            source: string;
                            receivedAt: string;
                        }[];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Record a device identifier seen in a facility by a sensor or check-point
         * @description Roles: admin, ingest.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        facility: string;
                        identifier: string;
                        at?: string;
                        source?: string;
                    };
                };
            };
            responses: {
                /** @description The detection as recorded, and whether it breaks the facility’s ban. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            facility: string;
                            at: string;
                            identifier: string;
                            deviceId: string | null;
                            personId: string | null;
                            source: string;
                            receivedAt: string;
                            violation: boolean;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/zones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Facilities declared by the protocols in force, with their policy versions
         * @description Roles: admin, officer, technician, auditor, staff.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Facilities. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            facility: string;
                            title: string;
                            protocol: string;
                            /** @enum {string} */
                            personalDevices: "banned" | "allowed";
                            /** @enum {string} */
                            acknowledgement: "required" | "optional";
                            policyVersion: string;
                        }[];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/acknowledgements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List policy acknowledgements (staff see their own)
         * @description Roles: admin, officer, technician, auditor, staff.
         */
        get: {
            parameters: {
                query?: {
                    personId?: string;
                    facility?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Acknowledgements, oldest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            personId: string;
                            facility: string;
                            policyVersion: string;
                            at: string;
                        }[];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Acknowledge a facility policy (staff for themselves; officers on someone’s behalf)
         * @description Roles: admin, officer, staff.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        personId?: string;
                        facility: string;
                        policyVersion?: string;
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description Already acknowledged: the earlier acknowledgement. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            personId: string;
                            facility: string;
                            policyVersion: string;
                            at: string;
                        };
                    };
                };
                /** @description The acknowledgement recorded. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            personId: string;
                            facility: string;
                            policyVersion: string;
                            at: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List notices, newest first
         * @description Roles: admin, officer, auditor.
         */
        get: {
            parameters: {
                query?: {
                    state?: "pending" | "sent" | "failed" | "cancelled";
                    kind?: string;
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Notices and their delivery state. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            key: string;
                            kind: string;
                            audience: {
                                /** @enum {string} */
                                role: "admin" | "officer" | "technician" | "auditor" | "staff" | "ingest";
                            } | {
                                personId: string;
                            };
                            subject: string;
                            text: string;
                            data: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            state: "pending" | "sent" | "failed" | "cancelled";
                            attempts: number;
                            notBefore: string;
                            nextAttemptAt: string;
                            createdAt: string;
                            sentAt: string | null;
                            lastError: string | null;
                            outcome: {
                                [key: string]: string;
                            };
                        }[];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notices/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a failed notice
         * @description Puts a failed (or pending) notice back in the queue, due now, with a fresh retry budget.
         *
         *     Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The notice, pending again. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            key: string;
                            kind: string;
                            audience: {
                                /** @enum {string} */
                                role: "admin" | "officer" | "technician" | "auditor" | "staff" | "ingest";
                            } | {
                                personId: string;
                            };
                            subject: string;
                            text: string;
                            data: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            state: "pending" | "sent" | "failed" | "cancelled";
                            attempts: number;
                            notBefore: string;
                            nextAttemptAt: string;
                            createdAt: string;
                            sentAt: string | null;
                            lastError: string | null;
                            outcome: {
                                [key: string]: string;
                            };
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notices/recipients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the e-mail recipients of roles
         * @description Roles: admin.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every role recipient. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            role: "admin" | "officer" | "technician" | "auditor" | "staff" | "ingest";
                            email: string;
                            createdAt: string;
                            createdBy: string;
                        }[];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add an e-mail recipient for a role
         * @description Notices addressed to the role are e-mailed to it. Adding an existing pair changes nothing.
         *
         *     Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "admin" | "officer" | "technician" | "auditor" | "staff" | "ingest";
                        /** Format: email */
                        email: string;
                    };
                };
            };
            responses: {
                /** @description The recipient. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            role: "admin" | "officer" | "technician" | "auditor" | "staff" | "ingest";
                            email: string;
                            createdAt: string;
                            createdBy: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Remove an e-mail recipient from a role
         * @description Roles: admin.
         */
        delete: {
            parameters: {
                query: {
                    role: "admin" | "officer" | "technician" | "auditor" | "staff" | "ingest";
                    email: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/{source}/push": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Compile a protocol and push it to an MDM (admin)
         * @description Compiles the version in force now for the connector's target (recorded as protocol.compiled) and sends it: `intune`: Graph `deviceCompliancePolicies` and `deviceConfigurations` next to the pull's URL (`VIGIL_INTUNE_URL`, `VIGIL_INTUNE_TOKEN`), found by `displayName` (which ends in the digest of the object's content): created, PATCHed or left as they are; with `VIGIL_INTUNE_GROUPS` (`calls=<group id>,…`) each is assigned to its role's Entra ID group, keeping its other assignments; objects Vigil created for superseded versions are deleted, their assignments first moved to the objects replacing them; `android-management`: `enterprises.policies.patch` of `vigil-{protocol}-{role}` next to the pull's URL (created when absent, left alone when equal); `apple-mdm`: a KMFDDM-style DDM server (`VIGIL_DDM_URL`, `VIGIL_DDM_API_KEY`): declarations and the set `vigil.{protocol}.{role}` assigned to the role's enrollments, then `DeclarativeManagement` enqueued through NanoMDM (`VIGIL_NANOMDM_ENQUEUE_URL` …`/v1/enqueue`, `VIGIL_NANOMDM_API_KEY`; without it the DDM server's `/v1/notify`). Idempotent: what the MDM already holds is left as it is. Records each artifact sent (protocol.pushed). Then removes from the MDM the objects Vigil itself created for superseded versions, once no device depends on them. With `withdraw`, sends nothing and removes every object Vigil created there for the protocol (409 PROTOCOL_IN_USE while it governs anyone). 409 INTEL_SOURCE_UNCONFIGURED when the push is not configured; 502 INTEL_FETCH_FAILED when the MDM refuses.
         *
         *     Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    source: "intune" | "android-management" | "apple-mdm";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        protocol: string;
                        /** @enum {string} */
                        role?: "calls" | "social" | "news" | "general";
                        /** Format: uri */
                        profileUrl?: string;
                        withdraw?: boolean;
                    };
                };
            };
            responses: {
                /** @description What each MDM took. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            source: string;
                            target: string;
                            protocol: string;
                            version: string;
                            notified: number;
                            artifacts: {
                                pushId: string;
                                pushedAt: string;
                                actor: string;
                                /** @enum {string} */
                                role: "calls" | "social" | "news" | "general";
                                file: string;
                                sha256: string;
                                remoteId: string;
                                remoteToken: string | null;
                                /** @enum {string} */
                                action: "created" | "updated" | "unchanged" | "removed";
                            }[];
                            assignments: {
                                /** @enum {string} */
                                role: "calls" | "social" | "news" | "general";
                                remoteId: string;
                                groupId: string;
                                /** @enum {string} */
                                action: "assigned" | "unchanged";
                                from?: string;
                            }[];
                            retired: {
                                /** @enum {string} */
                                role: "calls" | "social" | "news" | "general";
                                version: string;
                                file: string;
                                sha256: string;
                                remoteId: string;
                                /** @enum {string} */
                                action: "removed" | "gone" | "kept";
                                reason: string;
                            }[];
                            moved: {
                                pushId: string;
                                movedAt: string;
                                actor: string;
                                /** @enum {string} */
                                role: "calls" | "social" | "news" | "general";
                                device: string;
                                from: string | null;
                                to: string;
                            }[];
                            withdrawn: boolean;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/attestations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attest a sensor state the platform cannot enforce or report (e.g. microphone, location on iOS)
         * @description Records a posture report with `attested` provenance, and a posture.attested audit event naming who attested.
         *
         *     Roles: admin, officer, technician.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        sensor: "camera" | "microphone" | "location" | "bluetooth";
                        /** @enum {string} */
                        state: "disabled" | "enabled";
                        attestedBy: string;
                        statement?: string | null;
                        observedAt?: string;
                    };
                };
            };
            responses: {
                /** @description The attestation as recorded. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PostureReport"];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What Vigil knows of OS releases, CVE fixes and the KEV catalog
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Counts and the newest release per platform. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            releases: {
                                ios: number;
                                android: number;
                            };
                            newest: {
                                ios: string | null;
                                android: string | null;
                            };
                            fixes: number;
                            exploitedFixes: number;
                            kev: number;
                        };
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compliance/today": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The three things most worth doing now
         * @description Ranked from the incidents not closed, the open findings and the swaps and checks due by tomorrow: worst severity first, an incident before a finding before a deadline at equal severity, then the oldest; a device under an open incident is left to the incident's playbook, and each device, person or incident appears once.
         *
         *     Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description At most three items, most urgent first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            at: string;
                            items: {
                                /** @enum {string} */
                                kind: "incident" | "finding" | "deadline";
                                /** @enum {string} */
                                severity: "info" | "low" | "medium" | "high" | "critical";
                                title: string;
                                detail: string;
                                at: string;
                                deviceId: string | null;
                                personId: string | null;
                                incidentId: string | null;
                                rule: string | null;
                            }[];
                        };
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compliance/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verdict counts per day: the fleet re-evaluated as of the end of each past day
         * @description Default window: the last 30 days, today included (as of now); at most 366 days. `known=then` counts each day as known at its end, `known=now` (default) as true then. A past day is computed once and stored (as true then: again after a fact back-dated into it); days not computed yet come back as `pending` (with `counts: null`) while the server computes them: ask again.
         *
         *     Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                    known?: "now" | "then";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One entry per UTC day, oldest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: string;
                            to: string;
                            /** @enum {string} */
                            known: "now" | "then";
                            days: {
                                date: string;
                                at: string;
                                /** @enum {string} */
                                source: "stored" | "live" | "pending";
                                knownAt: string | null;
                                counts: {
                                    devices: number;
                                    byVerdict: {
                                        compliant: number;
                                        waived: number;
                                        "non-compliant": number;
                                        "not-evaluated": number;
                                    };
                                    findings: {
                                        open: number;
                                        waived: number;
                                    };
                                    bySeverity: {
                                        info: number;
                                        low: number;
                                        medium: number;
                                        high: number;
                                        critical: number;
                                    };
                                } | null;
                            }[];
                            pending: number;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people/{id}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A person's devices over time: swaps, checks, refusals, waivers against the protocol's limits
         * @description Default window: the last 180 days; at most 366 days. Every device the person held during the window (past ones included). A staff token sees only its own person (anyone else: 404).
         *
         *     Roles: admin, officer, technician, auditor, staff.
         */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The person and their devices, by id. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            person: components["schemas"]["Person"];
                            from: string;
                            to: string;
                            devices: {
                                deviceId: string;
                                /** @enum {string} */
                                role: "calls" | "social" | "news" | "general";
                                /** @enum {string} */
                                platform: "ios" | "android";
                                model: string;
                                serial: string;
                                /** @enum {string} */
                                ownership: "issued" | "personal";
                                servicePeriods: {
                                    from: string;
                                    to: string | null;
                                }[];
                                swaps: {
                                    at: string;
                                    /** @enum {string} */
                                    direction: "in" | "out";
                                    otherDeviceId: string | null;
                                    performedBy: string;
                                }[];
                                checks: {
                                    id: string;
                                    at: string;
                                    method: string;
                                    result: string;
                                    performedBy: string;
                                    qualifies: boolean;
                                }[];
                                refusals: {
                                    id: string;
                                    at: string;
                                    action: string;
                                    rule: string;
                                    reason: string;
                                    deviceId: string | null;
                                }[];
                                waivers: {
                                    id: string;
                                    rule: string;
                                    state: string;
                                    /** @enum {string} */
                                    scope: "device" | "person";
                                    requestedAt: string;
                                    approvedAt: string | null;
                                    startsAt: string;
                                    expiresAt: string;
                                    endedAt: string | null;
                                }[];
                                limits: {
                                    from: string;
                                    protocol: string | null;
                                    version: string | null;
                                    rotation: {
                                        everyDays: number;
                                        graceDays: number;
                                    } | null;
                                    inspection: {
                                        everyDays: number;
                                        graceDays: number;
                                        methods: string[];
                                    } | null;
                                }[];
                                series: {
                                    date: string;
                                    at: string;
                                    daysSinceSwap: number | null;
                                    daysSinceCheck: number | null;
                                    swapLimitDays: number | null;
                                    checkLimitDays: number | null;
                                }[];
                                current: {
                                    inServiceSince: string | null;
                                    lastCheckAt: string | null;
                                    daysSinceSwap: number | null;
                                    daysSinceCheck: number | null;
                                    rotationDueAt: string | null;
                                    checkDueAt: string | null;
                                    rotationOverdue: boolean;
                                    checkOverdue: boolean;
                                } | null;
                            }[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user and the session’s CSRF token
         * @description Roles: admin, officer, technician, auditor, staff.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The session. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                username: string;
                                name: string;
                                /** @enum {string} */
                                role: "admin" | "officer" | "technician" | "auditor" | "staff";
                                personId: string | null;
                            };
                            csrfToken: string;
                            pendingFactor: ("passkey" | "passkey-registration") | null;
                        };
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Sign in with a user name and password
         * @description Sets the `vigil_session` cookie (HttpOnly, Secure, SameSite=Strict). Failures slow down, never lock out: a user name failing from one client address backs off exponentially there (429 RATE_LIMITED with Retry-After) while it signs in normally from elsewhere; an address failing often is limited whatever the names.
         *
         *     Public: no token needed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Signed in; the cookie is set. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                username: string;
                                name: string;
                                /** @enum {string} */
                                role: "admin" | "officer" | "technician" | "auditor" | "staff";
                                personId: string | null;
                            };
                            csrfToken: string;
                            pendingFactor: ("passkey" | "passkey-registration") | null;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description RATE_LIMITED: too many requests from this caller; retry after the Retry-After header (seconds). */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Sign out: end this session and clear the cookie
         * @description Roles: admin, officer, technician, auditor, staff.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Sign out everywhere: end every session of the signed-in user
         * @description Roles: admin, officer, technician, auditor, staff.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List dashboard users (never their password hashes)
         * @description Roles: admin.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every user, disabled ones included. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            username: string;
                            name: string;
                            /** @enum {string} */
                            role: "admin" | "officer" | "technician" | "auditor" | "staff";
                            personId: string | null;
                            disabled: boolean;
                            createdAt: string;
                            passwordChangedAt: string;
                        }[];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a dashboard user
         * @description A staff user must name their person (`personId`). Omit `password` to have one generated.
         *
         *     Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        name: string;
                        /** @enum {string} */
                        role: "admin" | "officer" | "technician" | "auditor" | "staff";
                        personId: string;
                        password?: string;
                    };
                };
            };
            responses: {
                /** @description The user, and the generated password if any. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                username: string;
                                name: string;
                                /** @enum {string} */
                                role: "admin" | "officer" | "technician" | "auditor" | "staff";
                                personId: string | null;
                                disabled: boolean;
                                createdAt: string;
                                passwordChangedAt: string;
                            };
                            password: string | null;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable a user: no more sign-ins, every session ends at once
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The disabled user. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            username: string;
                            name: string;
                            /** @enum {string} */
                            role: "admin" | "officer" | "technician" | "auditor" | "staff";
                            personId: string | null;
                            disabled: boolean;
                            createdAt: string;
                            passwordChangedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/person": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Link a user to the person they are
         * @description For users created before every user had to be a person: until linked they may not take part in two-person actions (403 PERSON_REQUIRED).
         *
         *     Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        personId: string;
                    };
                };
            };
            responses: {
                /** @description The linked user. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            username: string;
                            name: string;
                            /** @enum {string} */
                            role: "admin" | "officer" | "technician" | "auditor" | "staff";
                            personId: string | null;
                            disabled: boolean;
                            createdAt: string;
                            passwordChangedAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reset a user’s password; every session of theirs ends
         * @description Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                    };
                };
            };
            responses: {
                /** @description The user, and the generated password if any. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                username: string;
                                name: string;
                                /** @enum {string} */
                                role: "admin" | "officer" | "technician" | "auditor" | "staff";
                                personId: string | null;
                                disabled: boolean;
                                createdAt: string;
                                passwordChangedAt: string;
                            };
                            password: string | null;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/passkeys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user’s passkeys
         * @description Roles: admin, officer, technician, auditor, staff.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Oldest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            createdAt: string;
                            lastUsedAt: string | null;
                            transports: string[];
                        }[];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/passkeys/registration/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start registering a passkey: a fresh single-use challenge
         * @description The challenge is kept for this session and expires after five minutes; a new request replaces it.
         *
         *     Roles: admin, officer, technician, auditor, staff.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The creation options. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            challenge: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/passkeys/registration/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish registering a passkey
         * @description Verifies the authenticator’s answer to the challenge and stores its public key. A session that had to register a passkey is complete.
         *
         *     Roles: admin, officer, technician, auditor, staff.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        rawId: string;
                        /** @enum {string} */
                        type: "public-key";
                        response: {
                            clientDataJSON: string;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        authenticatorAttachment?: "platform" | "cross-platform";
                        /** @default {} */
                        clientExtensionResults?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description The registered passkey. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            createdAt: string;
                            lastUsedAt: string | null;
                            transports: string[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/passkey/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Second factor: a fresh single-use challenge for one of the user’s passkeys
         * @description Roles: admin, officer, technician, auditor, staff.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The request options. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            challenge: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/passkey/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Second factor: prove a passkey; the session is complete
         * @description Checks the challenge, that the credential is the signed-in user’s, the signature and that the signature counter went up.
         *
         *     Roles: admin, officer, technician, auditor, staff.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        rawId: string;
                        /** @enum {string} */
                        type: "public-key";
                        response: {
                            clientDataJSON: string;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        authenticatorAttachment?: "platform" | "cross-platform";
                        /** @default {} */
                        clientExtensionResults?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description The passkey used; the session is complete. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            createdAt: string;
                            lastUsedAt: string | null;
                            transports: string[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/oidc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether single sign-on is offered, and the provider’s name
         * @description Public: no token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The sign-in page shows the button when enabled. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            enabled: boolean;
                            name: string | null;
                            startUrl: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/oidc/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start single sign-on: redirect to the OpenID provider
         * @description Sets the short-lived `vigil_oidc` transaction cookie and redirects (303) to the provider’s authorization endpoint (code flow with PKCE S256, state and nonce). When the provider cannot be reached: 303 to `/signin?error=OIDC_UNAVAILABLE`.
         *
         *     Public: no token needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                303: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Complete single sign-on: the provider redirects the browser here
         * @description Verifies the state (against the transaction cookie), exchanges the code with the PKCE verifier, verifies the ID token and its nonce, maps the role claim, then sets the `vigil_session` cookie as a password sign-in does and redirects (303) to `/` (to `/signin` when passkeys are required for the role and the session still owes its passkey). On any failure: 303 to `/signin?error=<code>` (OIDC_FAILED, OIDC_NO_ROLE, OIDC_NOT_LINKED, OIDC_USER_DISABLED, OIDC_UNAVAILABLE).
         *
         *     Public: no token needed.
         */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    state?: string;
                    iss?: string;
                    error?: string;
                    error_description?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                303: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Link an OpenID provider identity to a user (single sign-on)
         * @description The user may then sign in through the provider; the role claim still decides their role at each sign-in.
         *
         *     Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uri */
                        issuer: string;
                        subject: string;
                    };
                };
            };
            responses: {
                /** @description The link. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            userId: string;
                            issuer: string;
                            subject: string;
                            createdAt: string;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List scan jobs, newest first
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: {
                    state?: "queued" | "running" | "done" | "failed";
                    deviceId?: string;
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Scan jobs (without their alerts). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            deviceId: string;
                            path: string;
                            iocs: string[];
                            performedBy: string;
                            requestedBy: string;
                            /** @enum {string} */
                            state: "queued" | "running" | "done" | "failed";
                            attempts: number;
                            progress: {
                                module: string | null;
                                modulesDone: number;
                                modulesTotal: number;
                                filesRead: number;
                            } | null;
                            summary: {
                                kind: string;
                                encrypted: boolean;
                                verdict: string;
                                alertCounts: {
                                    [key: string]: number;
                                };
                                modules: {
                                    module: string;
                                    status: string;
                                }[];
                                coverage?: {
                                    complete: boolean;
                                    required: string[];
                                    missing: string[];
                                    failed: {
                                        module: string;
                                        error: string;
                                    }[];
                                };
                                inputs: number;
                                indicatorFiles: number;
                                postureReportId: string | null;
                                evidence: {
                                    name: string;
                                    sha256: string;
                                    size: number;
                                }[];
                                notice: string;
                            } | null;
                            alerts: {
                                [key: string]: unknown;
                            }[] | null;
                            error: {
                                code: string;
                                message: string;
                            } | null;
                            inspectionId: string | null;
                            incidentId: string | null;
                            createdAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                        }[];
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Start a forensic scan of evidence on the server
         * @description Queues a scan of an iOS backup, iOS full-filesystem dump (folder or .tar), sysdiagnose, AndroidQF acquisition, bug report or Android backup in the server’s evidence folder (VIGIL_EVIDENCE_DIR) for the device. A worker runs it; when it finishes, the scan is the device’s security check (inspection: `compromised` on a critical indicator match, `suspicious` from a high alert, else `clean`; the result files’ SHA-256 as evidence), a failed check opens an incident, and `scan.completed` names every input by its SHA-256. Encrypted backups use the server’s VIGIL_BACKUP_PASSWORD.
         *
         *     Roles: admin, officer, technician.
         *
         *     Rate limited per caller: 600 ingest requests per 60 s (429 RATE_LIMITED with Retry-After).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        deviceId: string;
                        path: string;
                        iocs?: string[];
                        performedBy?: string;
                    };
                };
            };
            responses: {
                /** @description The job, queued; follow it at GET /scans/{id}. */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobId: string;
                            /** @enum {string} */
                            state: "queued" | "running" | "done" | "failed";
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource already exists. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description RATE_LIMITED: too many requests from this caller; retry after the Retry-After header (seconds). */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A scan job: state, progress, summary and alerts
         * @description Roles: admin, officer, technician, auditor.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The job; `alerts` once it is done. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            deviceId: string;
                            path: string;
                            iocs: string[];
                            performedBy: string;
                            requestedBy: string;
                            /** @enum {string} */
                            state: "queued" | "running" | "done" | "failed";
                            attempts: number;
                            progress: {
                                module: string | null;
                                modulesDone: number;
                                modulesTotal: number;
                                filesRead: number;
                            } | null;
                            summary: {
                                kind: string;
                                encrypted: boolean;
                                verdict: string;
                                alertCounts: {
                                    [key: string]: number;
                                };
                                modules: {
                                    module: string;
                                    status: string;
                                }[];
                                coverage?: {
                                    complete: boolean;
                                    required: string[];
                                    missing: string[];
                                    failed: {
                                        module: string;
                                        error: string;
                                    }[];
                                };
                                inputs: number;
                                indicatorFiles: number;
                                postureReportId: string | null;
                                evidence: {
                                    name: string;
                                    sha256: string;
                                    size: number;
                                }[];
                                notice: string;
                            } | null;
                            alerts: {
                                [key: string]: unknown;
                            }[] | null;
                            error: {
                                code: string;
                                message: string;
                            } | null;
                            inspectionId: string | null;
                            incidentId: string | null;
                            createdAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exports/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export findings, devices, inspections, waivers or incidents as CSV or JSON
         * @description As in effect at or before `asOf` (findings as evaluated then); with `knownAt`, only facts recorded by then. Columns are documented in docs/exports.md; CSV is RFC 4180 with spreadsheet formulas neutralised.
         *
         *     Roles: admin, officer, auditor.
         *
         *     Rate limited per caller: 30 export requests per 60 s (429 RATE_LIMITED with Retry-After).
         */
        get: {
            parameters: {
                query?: {
                    asOf?: string;
                    knownAt?: string;
                };
                header?: never;
                path: {
                    file: "findings.csv" | "findings.json" | "devices.csv" | "devices.json" | "inspections.csv" | "inspections.json" | "waivers.csv" | "waivers.json" | "incidents.csv" | "incidents.json";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The export (attachment); `x-content-sha256` is recorded in `export.created`. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description RATE_LIMITED: too many requests from this caller; retry after the Retry-After header (seconds). */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exports/oscal/assessment-results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * OSCAL 1.2.1 Assessment Results for the fleet, an office or a person
         * @description Observations are the latest posture report and security check of each device; findings are Vigil’s findings against SP 800-53 controls (docs/exports.md). UUIDs are stable across exports.
         *
         *     Roles: admin, officer, auditor.
         *
         *     Rate limited per caller: 30 export requests per 60 s (429 RATE_LIMITED with Retry-After).
         */
        get: {
            parameters: {
                query?: {
                    asOf?: string;
                    knownAt?: string;
                    personId?: string;
                    officeId?: string;
                    receipt?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An OSCAL assessment-results document. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description RATE_LIMITED: too many requests from this caller; retry after the Retry-After header (seconds). */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exports/oscal/poam": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * OSCAL 1.2.1 Plan of Action and Milestones for the open findings
         * @description One POA&M item per open or waived finding, each with its risk and a deadline (waiver expiry, KEV due date or the severity’s window).
         *
         *     Roles: admin, officer, auditor.
         *
         *     Rate limited per caller: 30 export requests per 60 s (429 RATE_LIMITED with Retry-After).
         */
        get: {
            parameters: {
                query?: {
                    asOf?: string;
                    knownAt?: string;
                    personId?: string;
                    officeId?: string;
                    receipt?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An OSCAL plan-of-action-and-milestones document. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description RATE_LIMITED: too many requests from this caller; retry after the Retry-After header (seconds). */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a fleet document (JSON or YAML, up to 50 MiB)
         * @description People, devices and their history in one document (`kind: Fleet`, see docs/fleet.schema.json). Everything is checked first; a document with any problem is refused whole (IMPORT_INVALID, every problem listed) and nothing is written.
         *
         *     Roles: admin.
         *
         *     Rate limited per caller: 600 ingest requests per 60 s (429 RATE_LIMITED with Retry-After).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        apiVersion: "vigil/v1";
                        /** @enum {string} */
                        kind: "Fleet";
                        osReleases?: {
                            /** @enum {string} */
                            platform: "ios" | "android";
                            version: string;
                            build?: string | null;
                            releasedAt: string;
                        }[];
                        people?: {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "principal" | "staff" | "operator";
                            protocol?: string | null;
                            principalId?: string | null;
                            email?: string | null;
                            since?: string;
                            protocolSince?: string;
                        }[];
                        assignments?: {
                            personId: string;
                            protocol: string | null;
                            at: string;
                            until?: string;
                        }[];
                        devices?: {
                            id: string;
                            serial: string;
                            imei?: string | null;
                            /** @enum {string} */
                            platform: "ios" | "android";
                            model: string;
                            /** @enum {string} */
                            ownership: "issued" | "personal";
                            /** @enum {string} */
                            role: "calls" | "social" | "news" | "general";
                            holderId?: string | null;
                            location?: string | null;
                            /** @enum {string} */
                            status?: "staged" | "active" | "quarantined" | "retired" | "wiped";
                            issuedAt?: string | null;
                            custody?: {
                                holderId: string | null;
                                location?: string | null;
                                at: string;
                            }[];
                            statuses?: {
                                /** @enum {string} */
                                status: "staged" | "active" | "quarantined" | "retired" | "wiped";
                                at: string;
                                reason?: string | null;
                            }[];
                        }[];
                        posture?: {
                            deviceId: string;
                            observedAt: string;
                            source: string;
                            osVersion?: string | null;
                            osBuild?: string | null;
                            patchLevel?: string | null;
                            sensors?: {
                                camera?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                microphone?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                location?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                bluetooth?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                            };
                            apps?: string[] | null;
                            lockdownMode?: boolean | null;
                            supervised?: boolean | null;
                            applied?: {
                                /** @enum {string} */
                                target: "apple-ddm" | "amapi" | "intune";
                                items: {
                                    id: string;
                                    token: string;
                                    /** @enum {string} */
                                    state: "applied" | "pending" | "failed";
                                    version?: string;
                                }[];
                                compliance: ("compliant" | "noncompliant" | "inGracePeriod") | null;
                            } | null;
                        }[];
                        inspections?: {
                            id?: string;
                            deviceId: string;
                            at: string;
                            /** @enum {string} */
                            method: "forensic-scan" | "mdm-review" | "physical-inspection";
                            /** @enum {string} */
                            result: "clean" | "suspicious" | "compromised";
                            performedBy: string;
                            notes?: string | null;
                            evidence?: {
                                name: string;
                                sha256: string;
                                size?: number;
                            }[];
                        }[];
                        rotations?: {
                            id?: string;
                            oldDeviceId: string;
                            newDeviceId?: string | null;
                            at: string;
                            performedBy: string;
                        }[];
                        swaps?: {
                            id: string;
                            deviceId: string;
                            planned: {
                                at: string;
                                by?: string;
                            };
                            dueAt?: string | null;
                            stageBy?: string | null;
                            steps?: ({
                                /** @enum {string} */
                                type: "stage";
                                at: string;
                                by?: string;
                                replacementId: string;
                                holderId?: string | null;
                                location?: string | null;
                            } | {
                                /** @enum {string} */
                                type: "decline";
                                at: string;
                                by?: string;
                                declinedBy: string;
                                reason: string;
                                refusalId?: string;
                            } | {
                                /** @enum {string} */
                                type: "cancel";
                                at: string;
                                by?: string;
                                reason: string;
                            })[];
                        }[];
                        refusals?: {
                            id?: string;
                            personId: string;
                            deviceId?: string | null;
                            action: string;
                            rule?: string;
                            reason: string;
                            at: string;
                            by?: string;
                        }[];
                        waivers?: {
                            id: string;
                            rule: string;
                            deviceId?: string;
                            personId?: string;
                            reason: string;
                            risk: string;
                            startsAt?: string;
                            expiresAt: string;
                            requested: {
                                at: string;
                                by?: string;
                            };
                            approved?: {
                                at: string;
                                by?: string;
                                role?: string;
                            };
                            rejected?: {
                                at: string;
                                by?: string;
                                reason: string;
                            };
                            revoked?: {
                                at: string;
                                by?: string;
                                reason: string;
                            };
                        }[];
                        incidents?: {
                            id: string;
                            deviceIds: string[];
                            personIds?: string[];
                            /** @enum {string} */
                            compromise: "suspected" | "confirmed";
                            /** @enum {string} */
                            severity?: "info" | "low" | "medium" | "high" | "critical";
                            summary: string;
                            inspectionId?: string | null;
                            opened: {
                                at: string;
                                by?: string;
                            };
                            steps?: {
                                stepId: string;
                                /** @enum {string} */
                                status: "in-progress" | "done" | "skipped";
                                reason?: string | null;
                                at: string;
                                by?: string;
                            }[];
                            closed?: {
                                at: string;
                                by?: string;
                                /** @enum {string} */
                                resolution: "cleared" | "wiped" | "retained";
                                note?: string | null;
                            };
                        }[];
                        detections?: {
                            facility: string;
                            identifier: string;
                            at: string;
                            source?: string;
                        }[];
                        acknowledgements?: {
                            personId: string;
                            facility: string;
                            policyVersion?: string;
                            at: string;
                        }[];
                    };
                    "application/yaml": {
                        /** @enum {string} */
                        apiVersion: "vigil/v1";
                        /** @enum {string} */
                        kind: "Fleet";
                        osReleases?: {
                            /** @enum {string} */
                            platform: "ios" | "android";
                            version: string;
                            build?: string | null;
                            releasedAt: string;
                        }[];
                        people?: {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "principal" | "staff" | "operator";
                            protocol?: string | null;
                            principalId?: string | null;
                            email?: string | null;
                            since?: string;
                            protocolSince?: string;
                        }[];
                        assignments?: {
                            personId: string;
                            protocol: string | null;
                            at: string;
                            until?: string;
                        }[];
                        devices?: {
                            id: string;
                            serial: string;
                            imei?: string | null;
                            /** @enum {string} */
                            platform: "ios" | "android";
                            model: string;
                            /** @enum {string} */
                            ownership: "issued" | "personal";
                            /** @enum {string} */
                            role: "calls" | "social" | "news" | "general";
                            holderId?: string | null;
                            location?: string | null;
                            /** @enum {string} */
                            status?: "staged" | "active" | "quarantined" | "retired" | "wiped";
                            issuedAt?: string | null;
                            custody?: {
                                holderId: string | null;
                                location?: string | null;
                                at: string;
                            }[];
                            statuses?: {
                                /** @enum {string} */
                                status: "staged" | "active" | "quarantined" | "retired" | "wiped";
                                at: string;
                                reason?: string | null;
                            }[];
                        }[];
                        posture?: {
                            deviceId: string;
                            observedAt: string;
                            source: string;
                            osVersion?: string | null;
                            osBuild?: string | null;
                            patchLevel?: string | null;
                            sensors?: {
                                camera?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                microphone?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                location?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                bluetooth?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                            };
                            apps?: string[] | null;
                            lockdownMode?: boolean | null;
                            supervised?: boolean | null;
                            applied?: {
                                /** @enum {string} */
                                target: "apple-ddm" | "amapi" | "intune";
                                items: {
                                    id: string;
                                    token: string;
                                    /** @enum {string} */
                                    state: "applied" | "pending" | "failed";
                                    version?: string;
                                }[];
                                compliance: ("compliant" | "noncompliant" | "inGracePeriod") | null;
                            } | null;
                        }[];
                        inspections?: {
                            id?: string;
                            deviceId: string;
                            at: string;
                            /** @enum {string} */
                            method: "forensic-scan" | "mdm-review" | "physical-inspection";
                            /** @enum {string} */
                            result: "clean" | "suspicious" | "compromised";
                            performedBy: string;
                            notes?: string | null;
                            evidence?: {
                                name: string;
                                sha256: string;
                                size?: number;
                            }[];
                        }[];
                        rotations?: {
                            id?: string;
                            oldDeviceId: string;
                            newDeviceId?: string | null;
                            at: string;
                            performedBy: string;
                        }[];
                        swaps?: {
                            id: string;
                            deviceId: string;
                            planned: {
                                at: string;
                                by?: string;
                            };
                            dueAt?: string | null;
                            stageBy?: string | null;
                            steps?: ({
                                /** @enum {string} */
                                type: "stage";
                                at: string;
                                by?: string;
                                replacementId: string;
                                holderId?: string | null;
                                location?: string | null;
                            } | {
                                /** @enum {string} */
                                type: "decline";
                                at: string;
                                by?: string;
                                declinedBy: string;
                                reason: string;
                                refusalId?: string;
                            } | {
                                /** @enum {string} */
                                type: "cancel";
                                at: string;
                                by?: string;
                                reason: string;
                            })[];
                        }[];
                        refusals?: {
                            id?: string;
                            personId: string;
                            deviceId?: string | null;
                            action: string;
                            rule?: string;
                            reason: string;
                            at: string;
                            by?: string;
                        }[];
                        waivers?: {
                            id: string;
                            rule: string;
                            deviceId?: string;
                            personId?: string;
                            reason: string;
                            risk: string;
                            startsAt?: string;
                            expiresAt: string;
                            requested: {
                                at: string;
                                by?: string;
                            };
                            approved?: {
                                at: string;
                                by?: string;
                                role?: string;
                            };
                            rejected?: {
                                at: string;
                                by?: string;
                                reason: string;
                            };
                            revoked?: {
                                at: string;
                                by?: string;
                                reason: string;
                            };
                        }[];
                        incidents?: {
                            id: string;
                            deviceIds: string[];
                            personIds?: string[];
                            /** @enum {string} */
                            compromise: "suspected" | "confirmed";
                            /** @enum {string} */
                            severity?: "info" | "low" | "medium" | "high" | "critical";
                            summary: string;
                            inspectionId?: string | null;
                            opened: {
                                at: string;
                                by?: string;
                            };
                            steps?: {
                                stepId: string;
                                /** @enum {string} */
                                status: "in-progress" | "done" | "skipped";
                                reason?: string | null;
                                at: string;
                                by?: string;
                            }[];
                            closed?: {
                                at: string;
                                by?: string;
                                /** @enum {string} */
                                resolution: "cleared" | "wiped" | "retained";
                                note?: string | null;
                            };
                        }[];
                        detections?: {
                            facility: string;
                            identifier: string;
                            at: string;
                            source?: string;
                        }[];
                        acknowledgements?: {
                            personId: string;
                            facility: string;
                            policyVersion?: string;
                            at: string;
                        }[];
                    };
                    "application/x-yaml": {
                        /** @enum {string} */
                        apiVersion: "vigil/v1";
                        /** @enum {string} */
                        kind: "Fleet";
                        osReleases?: {
                            /** @enum {string} */
                            platform: "ios" | "android";
                            version: string;
                            build?: string | null;
                            releasedAt: string;
                        }[];
                        people?: {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "principal" | "staff" | "operator";
                            protocol?: string | null;
                            principalId?: string | null;
                            email?: string | null;
                            since?: string;
                            protocolSince?: string;
                        }[];
                        assignments?: {
                            personId: string;
                            protocol: string | null;
                            at: string;
                            until?: string;
                        }[];
                        devices?: {
                            id: string;
                            serial: string;
                            imei?: string | null;
                            /** @enum {string} */
                            platform: "ios" | "android";
                            model: string;
                            /** @enum {string} */
                            ownership: "issued" | "personal";
                            /** @enum {string} */
                            role: "calls" | "social" | "news" | "general";
                            holderId?: string | null;
                            location?: string | null;
                            /** @enum {string} */
                            status?: "staged" | "active" | "quarantined" | "retired" | "wiped";
                            issuedAt?: string | null;
                            custody?: {
                                holderId: string | null;
                                location?: string | null;
                                at: string;
                            }[];
                            statuses?: {
                                /** @enum {string} */
                                status: "staged" | "active" | "quarantined" | "retired" | "wiped";
                                at: string;
                                reason?: string | null;
                            }[];
                        }[];
                        posture?: {
                            deviceId: string;
                            observedAt: string;
                            source: string;
                            osVersion?: string | null;
                            osBuild?: string | null;
                            patchLevel?: string | null;
                            sensors?: {
                                camera?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                microphone?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                location?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                bluetooth?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                            };
                            apps?: string[] | null;
                            lockdownMode?: boolean | null;
                            supervised?: boolean | null;
                            applied?: {
                                /** @enum {string} */
                                target: "apple-ddm" | "amapi" | "intune";
                                items: {
                                    id: string;
                                    token: string;
                                    /** @enum {string} */
                                    state: "applied" | "pending" | "failed";
                                    version?: string;
                                }[];
                                compliance: ("compliant" | "noncompliant" | "inGracePeriod") | null;
                            } | null;
                        }[];
                        inspections?: {
                            id?: string;
                            deviceId: string;
                            at: string;
                            /** @enum {string} */
                            method: "forensic-scan" | "mdm-review" | "physical-inspection";
                            /** @enum {string} */
                            result: "clean" | "suspicious" | "compromised";
                            performedBy: string;
                            notes?: string | null;
                            evidence?: {
                                name: string;
                                sha256: string;
                                size?: number;
                            }[];
                        }[];
                        rotations?: {
                            id?: string;
                            oldDeviceId: string;
                            newDeviceId?: string | null;
                            at: string;
                            performedBy: string;
                        }[];
                        swaps?: {
                            id: string;
                            deviceId: string;
                            planned: {
                                at: string;
                                by?: string;
                            };
                            dueAt?: string | null;
                            stageBy?: string | null;
                            steps?: ({
                                /** @enum {string} */
                                type: "stage";
                                at: string;
                                by?: string;
                                replacementId: string;
                                holderId?: string | null;
                                location?: string | null;
                            } | {
                                /** @enum {string} */
                                type: "decline";
                                at: string;
                                by?: string;
                                declinedBy: string;
                                reason: string;
                                refusalId?: string;
                            } | {
                                /** @enum {string} */
                                type: "cancel";
                                at: string;
                                by?: string;
                                reason: string;
                            })[];
                        }[];
                        refusals?: {
                            id?: string;
                            personId: string;
                            deviceId?: string | null;
                            action: string;
                            rule?: string;
                            reason: string;
                            at: string;
                            by?: string;
                        }[];
                        waivers?: {
                            id: string;
                            rule: string;
                            deviceId?: string;
                            personId?: string;
                            reason: string;
                            risk: string;
                            startsAt?: string;
                            expiresAt: string;
                            requested: {
                                at: string;
                                by?: string;
                            };
                            approved?: {
                                at: string;
                                by?: string;
                                role?: string;
                            };
                            rejected?: {
                                at: string;
                                by?: string;
                                reason: string;
                            };
                            revoked?: {
                                at: string;
                                by?: string;
                                reason: string;
                            };
                        }[];
                        incidents?: {
                            id: string;
                            deviceIds: string[];
                            personIds?: string[];
                            /** @enum {string} */
                            compromise: "suspected" | "confirmed";
                            /** @enum {string} */
                            severity?: "info" | "low" | "medium" | "high" | "critical";
                            summary: string;
                            inspectionId?: string | null;
                            opened: {
                                at: string;
                                by?: string;
                            };
                            steps?: {
                                stepId: string;
                                /** @enum {string} */
                                status: "in-progress" | "done" | "skipped";
                                reason?: string | null;
                                at: string;
                                by?: string;
                            }[];
                            closed?: {
                                at: string;
                                by?: string;
                                /** @enum {string} */
                                resolution: "cleared" | "wiped" | "retained";
                                note?: string | null;
                            };
                        }[];
                        detections?: {
                            facility: string;
                            identifier: string;
                            at: string;
                            source?: string;
                        }[];
                        acknowledgements?: {
                            personId: string;
                            facility: string;
                            policyVersion?: string;
                            at: string;
                        }[];
                    };
                    "text/yaml": {
                        /** @enum {string} */
                        apiVersion: "vigil/v1";
                        /** @enum {string} */
                        kind: "Fleet";
                        osReleases?: {
                            /** @enum {string} */
                            platform: "ios" | "android";
                            version: string;
                            build?: string | null;
                            releasedAt: string;
                        }[];
                        people?: {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "principal" | "staff" | "operator";
                            protocol?: string | null;
                            principalId?: string | null;
                            email?: string | null;
                            since?: string;
                            protocolSince?: string;
                        }[];
                        assignments?: {
                            personId: string;
                            protocol: string | null;
                            at: string;
                            until?: string;
                        }[];
                        devices?: {
                            id: string;
                            serial: string;
                            imei?: string | null;
                            /** @enum {string} */
                            platform: "ios" | "android";
                            model: string;
                            /** @enum {string} */
                            ownership: "issued" | "personal";
                            /** @enum {string} */
                            role: "calls" | "social" | "news" | "general";
                            holderId?: string | null;
                            location?: string | null;
                            /** @enum {string} */
                            status?: "staged" | "active" | "quarantined" | "retired" | "wiped";
                            issuedAt?: string | null;
                            custody?: {
                                holderId: string | null;
                                location?: string | null;
                                at: string;
                            }[];
                            statuses?: {
                                /** @enum {string} */
                                status: "staged" | "active" | "quarantined" | "retired" | "wiped";
                                at: string;
                                reason?: string | null;
                            }[];
                        }[];
                        posture?: {
                            deviceId: string;
                            observedAt: string;
                            source: string;
                            osVersion?: string | null;
                            osBuild?: string | null;
                            patchLevel?: string | null;
                            sensors?: {
                                camera?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                microphone?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                location?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                bluetooth?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                            };
                            apps?: string[] | null;
                            lockdownMode?: boolean | null;
                            supervised?: boolean | null;
                            applied?: {
                                /** @enum {string} */
                                target: "apple-ddm" | "amapi" | "intune";
                                items: {
                                    id: string;
                                    token: string;
                                    /** @enum {string} */
                                    state: "applied" | "pending" | "failed";
                                    version?: string;
                                }[];
                                compliance: ("compliant" | "noncompliant" | "inGracePeriod") | null;
                            } | null;
                        }[];
                        inspections?: {
                            id?: string;
                            deviceId: string;
                            at: string;
                            /** @enum {string} */
                            method: "forensic-scan" | "mdm-review" | "physical-inspection";
                            /** @enum {string} */
                            result: "clean" | "suspicious" | "compromised";
                            performedBy: string;
                            notes?: string | null;
                            evidence?: {
                                name: string;
                                sha256: string;
                                size?: number;
                            }[];
                        }[];
                        rotations?: {
                            id?: string;
                            oldDeviceId: string;
                            newDeviceId?: string | null;
                            at: string;
                            performedBy: string;
                        }[];
                        swaps?: {
                            id: string;
                            deviceId: string;
                            planned: {
                                at: string;
                                by?: string;
                            };
                            dueAt?: string | null;
                            stageBy?: string | null;
                            steps?: ({
                                /** @enum {string} */
                                type: "stage";
                                at: string;
                                by?: string;
                                replacementId: string;
                                holderId?: string | null;
                                location?: string | null;
                            } | {
                                /** @enum {string} */
                                type: "decline";
                                at: string;
                                by?: string;
                                declinedBy: string;
                                reason: string;
                                refusalId?: string;
                            } | {
                                /** @enum {string} */
                                type: "cancel";
                                at: string;
                                by?: string;
                                reason: string;
                            })[];
                        }[];
                        refusals?: {
                            id?: string;
                            personId: string;
                            deviceId?: string | null;
                            action: string;
                            rule?: string;
                            reason: string;
                            at: string;
                            by?: string;
                        }[];
                        waivers?: {
                            id: string;
                            rule: string;
                            deviceId?: string;
                            personId?: string;
                            reason: string;
                            risk: string;
                            startsAt?: string;
                            expiresAt: string;
                            requested: {
                                at: string;
                                by?: string;
                            };
                            approved?: {
                                at: string;
                                by?: string;
                                role?: string;
                            };
                            rejected?: {
                                at: string;
                                by?: string;
                                reason: string;
                            };
                            revoked?: {
                                at: string;
                                by?: string;
                                reason: string;
                            };
                        }[];
                        incidents?: {
                            id: string;
                            deviceIds: string[];
                            personIds?: string[];
                            /** @enum {string} */
                            compromise: "suspected" | "confirmed";
                            /** @enum {string} */
                            severity?: "info" | "low" | "medium" | "high" | "critical";
                            summary: string;
                            inspectionId?: string | null;
                            opened: {
                                at: string;
                                by?: string;
                            };
                            steps?: {
                                stepId: string;
                                /** @enum {string} */
                                status: "in-progress" | "done" | "skipped";
                                reason?: string | null;
                                at: string;
                                by?: string;
                            }[];
                            closed?: {
                                at: string;
                                by?: string;
                                /** @enum {string} */
                                resolution: "cleared" | "wiped" | "retained";
                                note?: string | null;
                            };
                        }[];
                        detections?: {
                            facility: string;
                            identifier: string;
                            at: string;
                            source?: string;
                        }[];
                        acknowledgements?: {
                            personId: string;
                            facility: string;
                            policyVersion?: string;
                            at: string;
                        }[];
                    };
                    "text/x-yaml": {
                        /** @enum {string} */
                        apiVersion: "vigil/v1";
                        /** @enum {string} */
                        kind: "Fleet";
                        osReleases?: {
                            /** @enum {string} */
                            platform: "ios" | "android";
                            version: string;
                            build?: string | null;
                            releasedAt: string;
                        }[];
                        people?: {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "principal" | "staff" | "operator";
                            protocol?: string | null;
                            principalId?: string | null;
                            email?: string | null;
                            since?: string;
                            protocolSince?: string;
                        }[];
                        assignments?: {
                            personId: string;
                            protocol: string | null;
                            at: string;
                            until?: string;
                        }[];
                        devices?: {
                            id: string;
                            serial: string;
                            imei?: string | null;
                            /** @enum {string} */
                            platform: "ios" | "android";
                            model: string;
                            /** @enum {string} */
                            ownership: "issued" | "personal";
                            /** @enum {string} */
                            role: "calls" | "social" | "news" | "general";
                            holderId?: string | null;
                            location?: string | null;
                            /** @enum {string} */
                            status?: "staged" | "active" | "quarantined" | "retired" | "wiped";
                            issuedAt?: string | null;
                            custody?: {
                                holderId: string | null;
                                location?: string | null;
                                at: string;
                            }[];
                            statuses?: {
                                /** @enum {string} */
                                status: "staged" | "active" | "quarantined" | "retired" | "wiped";
                                at: string;
                                reason?: string | null;
                            }[];
                        }[];
                        posture?: {
                            deviceId: string;
                            observedAt: string;
                            source: string;
                            osVersion?: string | null;
                            osBuild?: string | null;
                            patchLevel?: string | null;
                            sensors?: {
                                camera?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                microphone?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                location?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                                bluetooth?: {
                                    /** @enum {string} */
                                    state: "enabled" | "disabled" | "unknown";
                                    /** @enum {string} */
                                    provenance: "enforced" | "reported" | "attested" | "observed";
                                };
                            };
                            apps?: string[] | null;
                            lockdownMode?: boolean | null;
                            supervised?: boolean | null;
                            applied?: {
                                /** @enum {string} */
                                target: "apple-ddm" | "amapi" | "intune";
                                items: {
                                    id: string;
                                    token: string;
                                    /** @enum {string} */
                                    state: "applied" | "pending" | "failed";
                                    version?: string;
                                }[];
                                compliance: ("compliant" | "noncompliant" | "inGracePeriod") | null;
                            } | null;
                        }[];
                        inspections?: {
                            id?: string;
                            deviceId: string;
                            at: string;
                            /** @enum {string} */
                            method: "forensic-scan" | "mdm-review" | "physical-inspection";
                            /** @enum {string} */
                            result: "clean" | "suspicious" | "compromised";
                            performedBy: string;
                            notes?: string | null;
                            evidence?: {
                                name: string;
                                sha256: string;
                                size?: number;
                            }[];
                        }[];
                        rotations?: {
                            id?: string;
                            oldDeviceId: string;
                            newDeviceId?: string | null;
                            at: string;
                            performedBy: string;
                        }[];
                        swaps?: {
                            id: string;
                            deviceId: string;
                            planned: {
                                at: string;
                                by?: string;
                            };
                            dueAt?: string | null;
                            stageBy?: string | null;
                            steps?: ({
                                /** @enum {string} */
                                type: "stage";
                                at: string;
                                by?: string;
                                replacementId: string;
                                holderId?: string | null;
                                location?: string | null;
                            } | {
                                /** @enum {string} */
                                type: "decline";
                                at: string;
                                by?: string;
                                declinedBy: string;
                                reason: string;
                                refusalId?: string;
                            } | {
                                /** @enum {string} */
                                type: "cancel";
                                at: string;
                                by?: string;
                                reason: string;
                            })[];
                        }[];
                        refusals?: {
                            id?: string;
                            personId: string;
                            deviceId?: string | null;
                            action: string;
                            rule?: string;
                            reason: string;
                            at: string;
                            by?: string;
                        }[];
                        waivers?: {
                            id: string;
                            rule: string;
                            deviceId?: string;
                            personId?: string;
                            reason: string;
                            risk: string;
                            startsAt?: string;
                            expiresAt: string;
                            requested: {
                                at: string;
                                by?: string;
                            };
                            approved?: {
                                at: string;
                                by?: string;
                                role?: string;
                            };
                            rejected?: {
                                at: string;
                                by?: string;
                                reason: string;
                            };
                            revoked?: {
                                at: string;
                                by?: string;
                                reason: string;
                            };
                        }[];
                        incidents?: {
                            id: string;
                            deviceIds: string[];
                            personIds?: string[];
                            /** @enum {string} */
                            compromise: "suspected" | "confirmed";
                            /** @enum {string} */
                            severity?: "info" | "low" | "medium" | "high" | "critical";
                            summary: string;
                            inspectionId?: string | null;
                            opened: {
                                at: string;
                                by?: string;
                            };
                            steps?: {
                                stepId: string;
                                /** @enum {string} */
                                status: "in-progress" | "done" | "skipped";
                                reason?: string | null;
                                at: string;
                                by?: string;
                            }[];
                            closed?: {
                                at: string;
                                by?: string;
                                /** @enum {string} */
                                resolution: "cleared" | "wiped" | "retained";
                                note?: string | null;
                            };
                        }[];
                        detections?: {
                            facility: string;
                            identifier: string;
                            at: string;
                            source?: string;
                        }[];
                        acknowledgements?: {
                            personId: string;
                            facility: string;
                            policyVersion?: string;
                            at: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description What was imported. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sha256: string;
                            people: number;
                            devices: number;
                            posture: number;
                            inspections: number;
                            rotations: number;
                            osReleases: number;
                            assignments: number;
                            swaps: number;
                            refusals: number;
                            waivers: number;
                            incidents: number;
                            detections: number;
                            acknowledgements: number;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description RATE_LIMITED: too many requests from this caller; retry after the Retry-After header (seconds). */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/{source}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ingest an MDM payload (Microsoft Intune, Jamf Pro, Android Management API, Fleet, Apple MDM, CSV)
         * @description The body is the source’s own payload: `intune`: Graph `managedDevice` JSON, single or `{ value: [...] }` pages; `jamf`: mobile device inventory (`/api/v2/mobile-devices/detail` pages, flattened records); `android-management`: Device resources (+ Policy resources), Pub/Sub push notifications; `fleet`: host JSON (`{ host }`, `{ hosts: [...] }`); `apple-mdm`: XML or binary plist check-ins and command results; MicroMDM/NanoMDM webhook JSON; MicroMDM's `/v1/devices` list; `csv`: the column set in `src/adapters/mdm/csv/README.md`. Devices are matched by serial, IMEI or a linked source id; re-deliveries are skipped. A malformed field is 422 CONNECTOR_PAYLOAD_INVALID naming it.
         *
         *     Roles: admin, ingest.
         *
         *     Rate limited per caller: 600 ingest requests per 60 s (429 RATE_LIMITED with Retry-After).
         */
        post: {
            parameters: {
                query?: {
                    serial?: string;
                    udid?: string;
                    observedAt?: string;
                };
                header?: never;
                path: {
                    source: "intune" | "jamf" | "android-management" | "fleet" | "apple-mdm" | "csv";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What was recorded. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            source: string;
                            received: number;
                            recorded: number;
                            duplicates: number;
                            unmatched: number;
                            linked: number;
                            unenrolled: number;
                            reportIds: string[];
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The resource does not exist. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description RATE_LIMITED: too many requests from this caller; retry after the Retry-After header (seconds). */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intel/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a SOFA iOS feed, the CISA KEV catalog, or Android patch levels
         * @description The body is the published JSON (SOFA v2 `ios_data_feed.json`, `known_exploited_vulnerabilities.json`) or Vigil's Android patch-level format (src/core/intel/README.md). Releases, CVE fixes and KEV entries are upserted in one transaction with an intel.imported audit event.
         *
         *     Roles: admin.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: "sofa" | "kev" | "android";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What was imported. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            kind: "sofa" | "kev" | "android";
                            origin: string;
                            sha256: string;
                            version: string | null;
                            releases: number;
                            fixes: number;
                            kev: number;
                        };
                    };
                };
                /** @description Malformed request: VALIDATION_FAILED (details list every issue) or BAD_JSON. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_REQUIRED (no bearer token) or AUTH_INVALID_TOKEN (unknown or revoked). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AUTH_FORBIDDEN: the token's role may not call this route. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: the body exceeds the limit. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: the body has a content type this route does not accept. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request is well-formed but inconsistent; details list every problem. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AuditEvent: {
            seq: number;
            type: string;
            at: string;
            actor: string;
            actorPersonId: string | null;
            subject: string;
            payload: {
                [key: string]: unknown;
            };
        };
        Device: {
            id: string;
            serial: string;
            imei: string | null;
            /** @enum {string} */
            platform: "ios" | "android";
            model: string;
            /** @enum {string} */
            ownership: "issued" | "personal";
            /** @enum {string} */
            role: "calls" | "social" | "news" | "general";
            status: ("staged" | "active" | "quarantined" | "retired" | "wiped") | null;
            holderId: string | null;
            location: string | null;
            issuedAt: string | null;
            createdAt: string;
        };
        DeviceVerdict: {
            deviceId: string;
            personId: string | null;
            protocol: string | null;
            role: string;
            /** @enum {string} */
            verdict: "compliant" | "non-compliant" | "waived" | "not-evaluated";
            reason: string | null;
            openFindings: number;
        };
        /** @description An error; `code` is stable and listed in docs/errors.md. */
        Error: {
            error: {
                /** @enum {string} */
                code: "VALIDATION_FAILED" | "BAD_JSON" | "BAD_YAML" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "AUTH_REQUIRED" | "AUTH_INVALID_TOKEN" | "AUTH_FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "RATE_LIMITED" | "HISTORY_IMMUTABLE" | "PERSON_NOT_FOUND" | "PERSON_EXISTS" | "PERSON_INVALID" | "DEVICE_NOT_FOUND" | "DEVICE_EXISTS" | "DEVICE_INVALID" | "POSTURE_INVALID" | "PROTOCOL_INVALID" | "PROTOCOL_VERSION_EXISTS" | "PROTOCOL_NOT_FOUND" | "PROTOCOL_EXTENDS_CYCLE" | "PROTOCOL_VERSION_NOT_PROPOSED" | "PROTOCOL_SAME_PERSON" | "PROTOCOL_IN_USE" | "TOKEN_NOT_FOUND" | "IMPORT_INVALID" | "AS_OF_INVALID" | "INSTANT_IN_FUTURE" | "INSTANT_BEFORE_SUBJECT" | "TRANSITION_OUT_OF_ORDER" | "CLI_USAGE" | "FILE_UNREADABLE" | "SIGNING_KEY_INVALID" | "CONFIG_INVALID" | "EMBEDDED_DB_IN_USE" | "DEMO_NOT_EMPTY" | "NOT_READY" | "SWAP_NOT_FOUND" | "SWAP_EXISTS" | "SWAP_TRANSITION_INVALID" | "SWAP_INVALID" | "DEVICE_QUARANTINED" | "CUSTODY_INVALID" | "REFUSAL_INVALID" | "FACT_NOT_FOUND" | "CORRECTION_INVALID" | "WAIVER_NOT_FOUND" | "WAIVER_INVALID" | "WAIVER_TOO_LONG" | "WAIVER_NOT_PERMITTED" | "WAIVER_TRANSITION_INVALID" | "WAIVER_SELF_APPROVAL" | "WAIVER_APPROVER_ROLE" | "INCIDENT_NOT_FOUND" | "INCIDENT_INVALID" | "INCIDENT_CLOSED" | "INCIDENT_STEP_NOT_FOUND" | "INCIDENT_STEP_INVALID" | "INCIDENT_SAME_PERSON" | "INCIDENT_NOT_CONTAINED" | "DETECTION_INVALID" | "ACKNOWLEDGEMENT_INVALID" | "NOTICE_NOT_FOUND" | "NOTICE_NOT_RETRYABLE" | "RECIPIENT_NOT_FOUND" | "AUDIT_EVENT_NOT_FOUND" | "AUDIT_EVENT_NOT_INTEGRATED" | "AUDIT_SIZE_INVALID" | "AUDIT_INDEX_INVALID" | "AUDIT_RANGE_INVALID" | "AUDIT_KEY_FILE_INVALID" | "AUDIT_KEY_RETIRED" | "AUDIT_BUNDLE_INVALID" | "RECEIPT_MALFORMED" | "RECEIPT_SIGNATURE_INVALID" | "RECEIPT_PROOF_INVALID" | "RECEIPT_DIGEST_MISMATCH" | "RECEIPT_FACT_MISMATCH" | "RECEIPT_FINDINGS_DIFFER" | "RECEIPT_FACT_UNLOGGED" | "INTEL_FEED_INVALID" | "INTEL_SOURCE_UNCONFIGURED" | "INTEL_FETCH_FAILED" | "OUTBOUND_INSECURE_URL" | "OUTBOUND_REDIRECT_REFUSED" | "CONNECTOR_NOT_FOUND" | "CONNECTOR_PAYLOAD_INVALID" | "ATTESTATION_INVALID" | "DB_BACKUP_INVALID" | "DB_BACKUP_INCOMPATIBLE" | "DB_RESTORE_NOT_EMPTY" | "SCAN_INPUT_INVALID" | "BACKUP_PASSWORD_REQUIRED" | "BACKUP_PASSWORD_WRONG" | "EVIDENCE_TOO_LARGE" | "IOC_FILE_INVALID" | "IOC_FEED_FAILED" | "IOC_FEED_UNKNOWN" | "SCAN_JOB_NOT_FOUND" | "SCAN_PATH_REFUSED" | "SCAN_NOT_CONFIGURED" | "SCAN_WORKER_LOST" | "SCAN_TIME_LIMIT" | "SCAN_MEMORY_LIMIT" | "AUTH_INVALID_CREDENTIALS" | "CSRF_FAILED" | "SESSION_NOT_FOUND" | "USER_NOT_FOUND" | "USER_EXISTS" | "USER_INVALID" | "PASSWORD_WEAK" | "PERSON_REQUIRED" | "TOKEN_FOR_OTHER" | "TOKEN_INVALID" | "AUTH_SECOND_FACTOR_REQUIRED" | "PASSKEY_INVALID" | "OIDC_NOT_CONFIGURED" | "OIDC_FAILED" | "OIDC_UNAVAILABLE" | "OIDC_NO_ROLE" | "OIDC_NOT_LINKED" | "OIDC_USER_DISABLED" | "IDENTITY_EXISTS" | "EXPORT_INVALID" | "INTERNAL";
                message: string;
                details: ({
                    path: string;
                    message: string;
                } & {
                    [key: string]: unknown;
                })[];
                hint: string;
            };
        };
        Finding: {
            deviceId: string | null;
            personId: string | null;
            protocol: string | null;
            rule: string;
            /** @enum {string} */
            severity: "info" | "low" | "medium" | "high" | "critical";
            /** @enum {string} */
            status: "open" | "waived" | "resolved";
            /** @enum {string} */
            outcome: "fail" | "unverified";
            since: string;
            message: string;
            evidence: {
                [key: string]: unknown;
            };
            remedy: string;
            waiver: string | null;
        };
        Inspection: {
            id: string;
            deviceId: string;
            at: string;
            /** @enum {string} */
            method: "forensic-scan" | "mdm-review" | "physical-inspection";
            /** @enum {string} */
            result: "clean" | "suspicious" | "compromised";
            performedBy: string;
            notes: string | null;
            evidence: {
                name: string;
                sha256: string;
                size?: number;
            }[];
            recordedAt: string;
        };
        OsRelease: {
            /** @enum {string} */
            platform: "ios" | "android";
            version: string;
            build: string | null;
            releasedAt: string;
        };
        Person: {
            id: string;
            name: string;
            /** @enum {string} */
            kind: "principal" | "staff" | "operator";
            protocol: string | null;
            principalId: string | null;
            email: string | null;
            since: string;
            createdAt: string;
        };
        PostureReport: {
            id: string;
            deviceId: string;
            observedAt: string;
            receivedAt: string;
            source: string;
            osVersion: string | null;
            osBuild: string | null;
            patchLevel: string | null;
            sensors: {
                [key: string]: {
                    /** @enum {string} */
                    state: "enabled" | "disabled" | "unknown";
                    /** @enum {string} */
                    provenance: "enforced" | "reported" | "attested" | "observed";
                };
            };
            apps: string[] | null;
            lockdownMode: boolean | null;
            supervised: boolean | null;
            applied: {
                /** @enum {string} */
                target: "apple-ddm" | "amapi" | "intune";
                items: {
                    id: string;
                    token: string;
                    /** @enum {string} */
                    state: "applied" | "pending" | "failed";
                    version?: string;
                }[];
                compliance: ("compliant" | "noncompliant" | "inGracePeriod") | null;
            } | null;
        };
        /** @description A protocol document (apiVersion vigil/v1), with its `extends` chain merged in. */
        Protocol: {
            /** @constant */
            apiVersion: "vigil/v1";
            /** @constant */
            kind: "Protocol";
            metadata: {
                name: string;
                title: string;
                version: string;
                description?: string;
                extends?: string | null;
                sources?: {
                    id: string;
                    title: string;
                    /** Format: uri */
                    url?: string;
                    section?: string;
                }[];
            };
            roles?: {
                [key: string]: {
                    rotation?: {
                        every: string;
                        grace?: string;
                        leadTime?: string;
                        cite?: string[];
                    } | null;
                    inspection?: {
                        every: string;
                        grace?: string;
                        methods?: ("forensic-scan" | "mdm-review" | "physical-inspection")[];
                        coverage?: {
                            ios?: ("backup_info" | "manifest" | "applications" | "global_preferences" | "datausage" | "safari_history" | "safari_browser_state" | "sms" | "sms_attachments" | "whatsapp" | "calendar" | "tcc" | "configuration_profiles" | "profile_events" | "locationd_clients" | "os_analytics_ad_daily" | "calls" | "chrome_history" | "chrome_favicon" | "firefox_history" | "firefox_favicon" | "id_status_cache" | "webkit_resource_load_statistics" | "webkit_session_resource_log" | "shortcuts" | "interaction_c" | "contacts" | "netusage" | "safari_favicon" | "cache_files" | "version_history" | "webkit_indexeddb" | "webkit_localstorage" | "webkit_safariviewservice" | "analytics" | "shutdown_log" | "ps")[];
                            android?: ("getprop" | "packages" | "processes" | "settings" | "files" | "root_binaries" | "mounts" | "dumpsys_accessibility" | "dumpsys_appops" | "dumpsys_receivers" | "dumpsys_packages" | "dumpsys_battery_history" | "logcat" | "tombstones" | "sms" | "backup_packages" | "backup_sms" | "backup_backup_packages" | "bugreport_getprop" | "bugreport_processes" | "bugreport_settings" | "bugreport_dumpsys_accessibility" | "bugreport_dumpsys_appops" | "bugreport_dumpsys_receivers" | "bugreport_dumpsys_packages" | "bugreport_dumpsys_battery_history" | "bugreport_logcat" | "bugreport_tombstones")[];
                        };
                        cite?: string[];
                    } | null;
                    sensors?: {
                        /** @enum {string} */
                        camera?: "disabled" | "allowed";
                        /** @enum {string} */
                        microphone?: "disabled" | "allowed";
                        /** @enum {string} */
                        location?: "disabled" | "allowed";
                        /** @enum {string} */
                        bluetooth?: "disabled" | "allowed";
                        cite?: string[];
                    } | null;
                    apps?: {
                        allow: string[];
                        cite?: string[];
                    } | null;
                    os?: {
                        minVersion?: {
                            ios?: string;
                            android?: string;
                        };
                        maxBehindLatest?: string;
                        /** @enum {string} */
                        lockdownMode?: "required" | "optional";
                        cite?: string[];
                    } | null;
                    posture?: {
                        maxAge: string;
                        cite?: string[];
                    } | null;
                    controls?: {
                        passcode?: {
                            minLength?: number;
                            alphanumeric?: boolean;
                            maxFailedAttempts?: number;
                            autoLock?: string;
                        };
                        /** @enum {string} */
                        screenCapture?: "disabled" | "allowed";
                        /** @enum {string} */
                        cloudBackup?: "disabled" | "allowed";
                        /** @enum {string} */
                        hostPairing?: "disabled" | "allowed";
                        cite?: string[];
                    } | null;
                } | null;
            };
            facilities?: {
                [key: string]: {
                    title?: string;
                    /** @enum {string} */
                    personalDevices: "banned" | "allowed";
                    /** @enum {string} */
                    acknowledgement?: "required" | "optional";
                    policyVersion?: string;
                    cite?: string[];
                } | null;
            };
            waivers?: {
                maxDuration: string;
                /** @enum {string} */
                approverRole: "officer" | "admin";
                cite?: string[];
            };
            incidents?: {
                playbook: {
                    id: string;
                    title: string;
                    /** @enum {string} */
                    owner: "officer" | "technician" | "admin";
                }[];
                cite?: string[];
            };
            changes?: {
                /** @enum {string} */
                approval: "none" | "two-person";
                cite?: string[];
            };
            severities?: {
                [key: string]: "info" | "low" | "medium" | "high" | "critical";
            };
        };
        ProtocolVersion: {
            name: string;
            version: string;
            sha256: string;
            effectiveAt: string;
            recordedAt: string;
            recordedBy: string;
            /** @enum {string} */
            approval: "none" | "two-person";
            /** @enum {string} */
            state: "in-effect" | "proposed" | "approved" | "rejected";
            inForceFrom: string | null;
            decision: {
                approved: boolean;
                decidedBy: string;
                personId: string | null;
                reason: string | null;
                at: string;
                recordedAt: string;
            } | null;
        };
        Token: {
            id: string;
            name: string;
            /** @enum {string} */
            role: "admin" | "officer" | "technician" | "auditor" | "staff" | "ingest";
            personId: string | null;
            userId: string | null;
            createdAt: string;
            createdBy: string;
            revokedAt: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
