CREATE TABLE "reach_potential" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"supplier_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"monitored_unreached" integer NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reach_potential_nonneg" CHECK ("reach_potential"."monitored_unreached" >= 0)
);
--> statement-breakpoint
ALTER TABLE "reach_potential" ADD CONSTRAINT "reach_potential_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reach_potential" ADD CONSTRAINT "reach_potential_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reach_potential_rank_idx" ON "reach_potential" USING btree ("monitored_unreached");--> statement-breakpoint
CREATE INDEX "stats_beneficiary_yearly_village_idx" ON "stats_beneficiary_yearly" USING btree ("year","village_id");