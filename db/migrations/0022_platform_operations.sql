CREATE TYPE "public"."canteen_mode" AS ENUM('none', 'own', 'shared', 'outsourced');--> statement-breakpoint
CREATE TYPE "public"."household_payout_kind" AS ENUM('purchase', 'wage', 'dividend', 'rebate');--> statement-breakpoint
CREATE TYPE "public"."household_payout_method" AS ENUM('bank_transfer', 'mobile_pay', 'cash', 'other');--> statement-breakpoint
CREATE TYPE "public"."institution_application_status" AS ENUM('submitted', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."product_report_kind" AS ENUM('price', 'quality');--> statement-breakpoint
CREATE TYPE "public"."product_report_status" AS ENUM('open', 'dismissed', 'warned', 'suspended');--> statement-breakpoint
CREATE TABLE "addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"contact_name" text NOT NULL,
	"contact_mobile" text NOT NULL,
	"province" text NOT NULL,
	"city" text NOT NULL,
	"district" text NOT NULL,
	"district_code" text NOT NULL,
	"detail" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demo_sms_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"outbox_id" uuid NOT NULL,
	"mobile" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_sms_messages_outbox_id_unique" UNIQUE("outbox_id")
);
--> statement-breakpoint
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
CREATE TABLE "household_payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"linkage_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"period" text NOT NULL,
	"kind" "household_payout_kind" NOT NULL,
	"method" "household_payout_method" NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text NOT NULL,
	"reference_key" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_payouts_amount_positive" CHECK ("household_payouts"."amount_fen" > 0),
	CONSTRAINT "household_payouts_period_format" CHECK ("household_payouts"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "institution_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"applicant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" "buyer_org_kind" NOT NULL,
	"credit_code" text NOT NULL,
	"region_id" integer NOT NULL,
	"parent_organisation_id" uuid,
	"canteen" "canteen_mode" NOT NULL,
	"canteen_operator_id" uuid,
	"canteen_budget_fen" bigint,
	"ratio_bp" integer,
	"reserved_share_fen" bigint NOT NULL,
	"year" smallint NOT NULL,
	"status" "institution_application_status" DEFAULT 'submitted' NOT NULL,
	"rejection_reason" text,
	"organisation_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institution_applications_share_nonneg" CHECK ("institution_applications"."reserved_share_fen" >= 0),
	CONSTRAINT "institution_applications_budget" CHECK (("institution_applications"."canteen" = 'none') = ("institution_applications"."canteen_budget_fen" is null) and ("institution_applications"."canteen_budget_fen" is null or "institution_applications"."canteen_budget_fen" >= 0)),
	CONSTRAINT "institution_applications_operator" CHECK (("institution_applications"."canteen" = 'outsourced') = ("institution_applications"."canteen_operator_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"user_id" uuid,
	"locale" text DEFAULT 'zh' NOT NULL,
	"template" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claim_token" uuid,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_outbox_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "notification_outbox_channel" CHECK ("notification_outbox"."channel" in ('email', 'sms')),
	CONSTRAINT "notification_outbox_status" CHECK ("notification_outbox"."status" in ('pending', 'sent', 'failed', 'not_configured')),
	CONSTRAINT "notification_outbox_attempts" CHECK ("notification_outbox"."attempts" >= 0 and "notification_outbox"."max_attempts" >= 1)
);
--> statement-breakpoint
CREATE TABLE "product_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"reporter_id" uuid,
	"kind" "product_report_kind" NOT NULL,
	"message" text NOT NULL,
	"photo_path" text,
	"status" "product_report_status" DEFAULT 'open' NOT NULL,
	"decision_note" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reach_potential" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"supplier_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"monitored_unreached" integer NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reach_potential_nonneg" CHECK ("reach_potential"."monitored_unreached" >= 0)
);
--> statement-breakpoint
CREATE TABLE "reference_prices" (
	"category_id" integer NOT NULL,
	"spec_key" text NOT NULL,
	"price_fen" integer NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reference_prices_category_id_spec_key_pk" PRIMARY KEY("category_id","spec_key"),
	CONSTRAINT "reference_prices_positive" CHECK ("reference_prices"."price_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "region_settings" (
	"region_id" integer PRIMARY KEY NOT NULL,
	"reserve_ratio_bp" integer,
	"price_flag_threshold_bp" integer,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "region_settings_ratio_range" CHECK ("region_settings"."reserve_ratio_bp" is null or "region_settings"."reserve_ratio_bp" between 0 and 10000),
	CONSTRAINT "region_settings_threshold_range" CHECK ("region_settings"."price_flag_threshold_bp" is null or "region_settings"."price_flag_threshold_bp" between 0 and 100000)
);
--> statement-breakpoint
ALTER TABLE "buyer_organisations" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "subtitle_en" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "description_en" text;--> statement-breakpoint
ALTER TABLE "suppliers" ADD COLUMN "story_en" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_sms_messages" ADD CONSTRAINT "demo_sms_messages_outbox_id_notification_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."notification_outbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_follow_ups" ADD CONSTRAINT "household_follow_ups_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_follow_ups" ADD CONSTRAINT "household_follow_ups_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_follow_ups" ADD CONSTRAINT "household_follow_ups_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_payouts" ADD CONSTRAINT "household_payouts_linkage_id_linkages_id_fk" FOREIGN KEY ("linkage_id") REFERENCES "public"."linkages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_payouts" ADD CONSTRAINT "household_payouts_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_payouts" ADD CONSTRAINT "household_payouts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_applications" ADD CONSTRAINT "institution_applications_applicant_id_users_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_applications" ADD CONSTRAINT "institution_applications_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_applications" ADD CONSTRAINT "institution_applications_parent_organisation_id_buyer_organisations_id_fk" FOREIGN KEY ("parent_organisation_id") REFERENCES "public"."buyer_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_applications" ADD CONSTRAINT "institution_applications_canteen_operator_id_users_id_fk" FOREIGN KEY ("canteen_operator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_applications" ADD CONSTRAINT "institution_applications_organisation_id_buyer_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."buyer_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_applications" ADD CONSTRAINT "institution_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_reports" ADD CONSTRAINT "product_reports_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_reports" ADD CONSTRAINT "product_reports_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_reports" ADD CONSTRAINT "product_reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_reports" ADD CONSTRAINT "product_reports_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reach_potential" ADD CONSTRAINT "reach_potential_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reach_potential" ADD CONSTRAINT "reach_potential_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_prices" ADD CONSTRAINT "reference_prices_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_prices" ADD CONSTRAINT "reference_prices_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_settings" ADD CONSTRAINT "region_settings_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_settings" ADD CONSTRAINT "region_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "addresses_user_idx" ON "addresses" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "addresses_one_default" ON "addresses" USING btree ("user_id") WHERE "addresses"."is_default";--> statement-breakpoint
CREATE INDEX "demo_sms_messages_mobile_idx" ON "demo_sms_messages" USING btree ("mobile","created_at");--> statement-breakpoint
CREATE INDEX "household_follow_ups_household_idx" ON "household_follow_ups" USING btree ("household_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "household_follow_ups_resolved_once" ON "household_follow_ups" USING btree ("household_id","resolution_key") WHERE "household_follow_ups"."resolved";--> statement-breakpoint
CREATE UNIQUE INDEX "household_payouts_reference_once" ON "household_payouts" USING btree ("linkage_id","reference_key");--> statement-breakpoint
CREATE INDEX "household_payouts_supplier_period_idx" ON "household_payouts" USING btree ("supplier_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "institution_applications_live_credit_code" ON "institution_applications" USING btree ("credit_code") WHERE "institution_applications"."status" <> 'rejected';--> statement-breakpoint
CREATE UNIQUE INDEX "institution_applications_one_open" ON "institution_applications" USING btree ("applicant_id") WHERE "institution_applications"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "institution_applications_status_idx" ON "institution_applications" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "notification_outbox_due_idx" ON "notification_outbox" USING btree ("next_attempt_at") WHERE "notification_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notification_outbox_user_idx" ON "notification_outbox" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "product_reports_status_idx" ON "product_reports" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "product_reports_supplier_idx" ON "product_reports" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "reach_potential_rank_idx" ON "reach_potential" USING btree ("monitored_unreached");--> statement-breakpoint
ALTER TABLE "buyer_organisations" ADD CONSTRAINT "buyer_organisations_parent_id_buyer_organisations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."buyer_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_org_paid_idx" ON "orders" USING btree ("organisation_id","paid_at") WHERE "orders"."organisation_id" is not null;--> statement-breakpoint
CREATE INDEX "stats_beneficiary_yearly_village_idx" ON "stats_beneficiary_yearly" USING btree ("year","village_id");