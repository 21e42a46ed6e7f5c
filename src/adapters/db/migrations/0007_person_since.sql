-- People recorded before "since" existed counted from when they were recorded.
ALTER TABLE "inventory_people" ADD COLUMN "since" timestamp(3) with time zone;--> statement-breakpoint
UPDATE "inventory_people" SET "since" = "created_at";--> statement-breakpoint
ALTER TABLE "inventory_people" ALTER COLUMN "since" SET NOT NULL;
