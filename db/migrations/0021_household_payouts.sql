CREATE TYPE "public"."household_payout_kind" AS ENUM('purchase', 'wage', 'dividend', 'rebate');--> statement-breakpoint
CREATE TYPE "public"."household_payout_method" AS ENUM('bank_transfer', 'mobile_pay', 'cash', 'other');--> statement-breakpoint
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
ALTER TABLE "household_payouts" ADD CONSTRAINT "household_payouts_linkage_id_linkages_id_fk" FOREIGN KEY ("linkage_id") REFERENCES "public"."linkages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_payouts" ADD CONSTRAINT "household_payouts_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_payouts" ADD CONSTRAINT "household_payouts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "household_payouts_reference_once" ON "household_payouts" USING btree ("linkage_id","reference_key");--> statement-breakpoint
CREATE INDEX "household_payouts_supplier_period_idx" ON "household_payouts" USING btree ("supplier_id","period");