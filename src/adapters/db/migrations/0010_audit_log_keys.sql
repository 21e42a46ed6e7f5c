CREATE TABLE "audit_log_keys" (
	"position" integer PRIMARY KEY NOT NULL,
	"from_vkey" text NOT NULL,
	"vkey" text NOT NULL,
	"size" bigint NOT NULL,
	"note" text NOT NULL,
	"at" bigint NOT NULL,
	CONSTRAINT "audit_log_keys_vkey_key" UNIQUE("vkey")
);
