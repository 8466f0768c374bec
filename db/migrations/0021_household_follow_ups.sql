CREATE TABLE "household_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"town_id" integer NOT NULL,
	"contacted" boolean NOT NULL,
	"action" text NOT NULL,
	"followed_on" date NOT NULL,
	"reason_keys" text[] NOT NULL,
	"resolved" boolean DEFAULT false NOT NULL,
	"resolution_key" text,
	"actor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_follow_ups_resolution" CHECK ("household_follow_ups"."resolved" = ("household_follow_ups"."resolution_key" is not null)),
	CONSTRAINT "household_follow_ups_action_length" CHECK (char_length("household_follow_ups"."action") between 1 and 500)
);
--> statement-breakpoint
ALTER TABLE "household_follow_ups" ADD CONSTRAINT "household_follow_ups_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_follow_ups" ADD CONSTRAINT "household_follow_ups_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_follow_ups" ADD CONSTRAINT "household_follow_ups_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_follow_ups_household_idx" ON "household_follow_ups" USING btree ("household_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "household_follow_ups_resolved_once" ON "household_follow_ups" USING btree ("household_id","resolution_key") WHERE "household_follow_ups"."resolved";