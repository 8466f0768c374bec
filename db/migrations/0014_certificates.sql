CREATE TYPE "public"."impact_certificate_subject" AS ENUM('order', 'institution_year');--> statement-breakpoint
CREATE TABLE "impact_certificates" (
	"id" text PRIMARY KEY NOT NULL,
	"subject" "impact_certificate_subject" NOT NULL,
	"order_id" uuid,
	"organisation_id" uuid,
	"year" smallint,
	"payload" text NOT NULL,
	"signature" text NOT NULL,
	"key_id" text NOT NULL,
	"raw_salt" text NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "impact_certificates_subject_shape" CHECK (("impact_certificates"."subject" = 'order' and "impact_certificates"."order_id" is not null and "impact_certificates"."organisation_id" is null)
       or ("impact_certificates"."subject" = 'institution_year' and "impact_certificates"."organisation_id" is not null and "impact_certificates"."year" is not null and "impact_certificates"."order_id" is null))
);
--> statement-breakpoint
CREATE TABLE "product_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"supplier_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"produced_on" date NOT NULL,
	"quantity" integer NOT NULL,
	"unit" text NOT NULL,
	"document_path" text NOT NULL,
	"document_name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_batches_code_unique" UNIQUE("code"),
	CONSTRAINT "product_batches_quantity_positive" CHECK ("product_batches"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
ALTER TABLE "impact_certificates" ADD CONSTRAINT "impact_certificates_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_certificates" ADD CONSTRAINT "impact_certificates_organisation_id_buyer_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."buyer_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_certificates" ADD CONSTRAINT "impact_certificates_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_batches" ADD CONSTRAINT "product_batches_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_batches" ADD CONSTRAINT "product_batches_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_batches" ADD CONSTRAINT "product_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "impact_certificates_order_idx" ON "impact_certificates" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "impact_certificates_org_idx" ON "impact_certificates" USING btree ("organisation_id","year");--> statement-breakpoint
CREATE INDEX "product_batches_supplier_idx" ON "product_batches" USING btree ("supplier_id","created_at");--> statement-breakpoint
CREATE INDEX "product_batches_product_idx" ON "product_batches" USING btree ("product_id","produced_on");--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_batch_id_product_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."product_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attribution_order_idx" ON "attribution_entries" USING btree ("order_id");