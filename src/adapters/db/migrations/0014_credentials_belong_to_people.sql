ALTER TABLE "inventory_people" DROP CONSTRAINT "inventory_people_kind_check";--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD COLUMN "user_id" text;--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_user_id_auth_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_people" ADD CONSTRAINT "inventory_people_kind_check" CHECK ("kind" in ('principal', 'staff', 'operator'));