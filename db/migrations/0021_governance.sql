CREATE TYPE "public"."canteen_mode" AS ENUM('none', 'own', 'shared', 'outsourced');--> statement-breakpoint
CREATE TYPE "public"."institution_application_status" AS ENUM('submitted', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."product_report_kind" AS ENUM('price', 'quality');--> statement-breakpoint
CREATE TYPE "public"."product_report_status" AS ENUM('open', 'dismissed', 'warned', 'suspended');--> statement-breakpoint
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
ALTER TABLE "institution_applications" ADD CONSTRAINT "institution_applications_applicant_id_users_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_applications" ADD CONSTRAINT "institution_applications_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_applications" ADD CONSTRAINT "institution_applications_parent_organisation_id_buyer_organisations_id_fk" FOREIGN KEY ("parent_organisation_id") REFERENCES "public"."buyer_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_applications" ADD CONSTRAINT "institution_applications_canteen_operator_id_users_id_fk" FOREIGN KEY ("canteen_operator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_applications" ADD CONSTRAINT "institution_applications_organisation_id_buyer_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."buyer_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_applications" ADD CONSTRAINT "institution_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_reports" ADD CONSTRAINT "product_reports_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_reports" ADD CONSTRAINT "product_reports_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_reports" ADD CONSTRAINT "product_reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_reports" ADD CONSTRAINT "product_reports_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_prices" ADD CONSTRAINT "reference_prices_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_prices" ADD CONSTRAINT "reference_prices_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_settings" ADD CONSTRAINT "region_settings_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_settings" ADD CONSTRAINT "region_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "institution_applications_live_credit_code" ON "institution_applications" USING btree ("credit_code") WHERE "institution_applications"."status" <> 'rejected';--> statement-breakpoint
CREATE UNIQUE INDEX "institution_applications_one_open" ON "institution_applications" USING btree ("applicant_id") WHERE "institution_applications"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "institution_applications_status_idx" ON "institution_applications" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "product_reports_status_idx" ON "product_reports" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "product_reports_supplier_idx" ON "product_reports" USING btree ("supplier_id");--> statement-breakpoint
ALTER TABLE "buyer_organisations" ADD CONSTRAINT "buyer_organisations_parent_id_buyer_organisations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."buyer_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_org_paid_idx" ON "orders" USING btree ("organisation_id","paid_at") WHERE "orders"."organisation_id" is not null;