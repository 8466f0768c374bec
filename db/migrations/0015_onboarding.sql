CREATE TYPE "public"."supplier_application_status" AS ENUM('submitted', 'more_material', 'recommended', 'public_notice', 'active', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."supplier_role" AS ENUM('owner', 'staff');--> statement-breakpoint
CREATE TYPE "public"."supplier_standing_action" AS ENUM('warned', 'suspended', 'reinstated', 'closed');--> statement-breakpoint
ALTER TYPE "public"."supplier_status" ADD VALUE 'closed';--> statement-breakpoint
CREATE TABLE "staff_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"supplier_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"mobile" text,
	"email" text,
	"supplier_role" "supplier_role" DEFAULT 'staff' NOT NULL,
	"invited_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "staff_invitations_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "staff_invitations_contact" CHECK ("staff_invitations"."mobile" is not null or "staff_invitations"."email" is not null)
);
--> statement-breakpoint
CREATE TABLE "supplier_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"applicant_id" uuid NOT NULL,
	"status" "supplier_application_status" DEFAULT 'submitted' NOT NULL,
	"entity_name" text NOT NULL,
	"kind" "supplier_kind" NOT NULL,
	"credit_code" text,
	"id_card_cipher" text,
	"id_card_hash" text,
	"id_card_masked" text,
	"legal_representative" text NOT NULL,
	"contact_mobile" text NOT NULL,
	"town_id" integer NOT NULL,
	"village_id" integer NOT NULL,
	"party_branch_led" boolean DEFAULT false NOT NULL,
	"bank_name" text NOT NULL,
	"bank_account_name" text NOT NULL,
	"bank_account_no" text NOT NULL,
	"documents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"linkage_plan" text NOT NULL,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rejection_reason" text,
	"notice_starts_on" date,
	"notice_ends_on" date,
	"town_reviewed_by" uuid,
	"district_decided_by" uuid,
	"supplier_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supplier_applications_identity" CHECK (("supplier_applications"."kind" = 'household') = ("supplier_applications"."id_card_hash" is not null) and ("supplier_applications"."kind" = 'household') = ("supplier_applications"."credit_code" is null)),
	CONSTRAINT "supplier_applications_notice" CHECK ("supplier_applications"."status" not in ('public_notice', 'active') or ("supplier_applications"."notice_starts_on" is not null and "supplier_applications"."notice_ends_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "supplier_standing_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"supplier_id" uuid NOT NULL,
	"action" "supplier_standing_action" NOT NULL,
	"reason" text NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "supplier_role" "supplier_role" DEFAULT 'staff' NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_applications" ADD CONSTRAINT "supplier_applications_applicant_id_users_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_applications" ADD CONSTRAINT "supplier_applications_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_applications" ADD CONSTRAINT "supplier_applications_village_id_regions_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_applications" ADD CONSTRAINT "supplier_applications_town_reviewed_by_users_id_fk" FOREIGN KEY ("town_reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_applications" ADD CONSTRAINT "supplier_applications_district_decided_by_users_id_fk" FOREIGN KEY ("district_decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_applications" ADD CONSTRAINT "supplier_applications_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_standing_events" ADD CONSTRAINT "supplier_standing_events_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_standing_events" ADD CONSTRAINT "supplier_standing_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_invitations_supplier_idx" ON "staff_invitations" USING btree ("supplier_id","created_at");--> statement-breakpoint
CREATE INDEX "supplier_applications_status_idx" ON "supplier_applications" USING btree ("status","town_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_applications_one_open" ON "supplier_applications" USING btree ("applicant_id") WHERE "supplier_applications"."status" in ('submitted', 'more_material', 'recommended', 'public_notice');--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_applications_credit_code" ON "supplier_applications" USING btree ("credit_code") WHERE "supplier_applications"."status" <> 'rejected' and "supplier_applications"."credit_code" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_applications_id_card" ON "supplier_applications" USING btree ("id_card_hash") WHERE "supplier_applications"."status" <> 'rejected' and "supplier_applications"."id_card_hash" is not null;--> statement-breakpoint
CREATE INDEX "supplier_standing_events_supplier_idx" ON "supplier_standing_events" USING btree ("supplier_id","created_at");