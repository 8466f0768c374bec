CREATE TYPE "public"."aftersales_kind" AS ENUM('refund_only', 'return_refund', 'reshipment');--> statement-breakpoint
CREATE TYPE "public"."aftersales_status" AS ENUM('awaiting_supplier', 'proposed', 'escalated', 'refunded', 'reshipped', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TABLE "aftersales_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"order_part_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"user_id" uuid,
	"kind" "aftersales_kind" NOT NULL,
	"reason" text NOT NULL,
	"description" text NOT NULL,
	"requested_fen" integer NOT NULL,
	"proposed_fen" integer,
	"refunded_fen" integer DEFAULT 0 NOT NULL,
	"status" "aftersales_status" DEFAULT 'awaiting_supplier' NOT NULL,
	"reply_by" timestamp with time zone NOT NULL,
	"refund_id" uuid,
	"shipment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "aftersales_claims_amounts" CHECK ("aftersales_claims"."requested_fen" >= 0 and "aftersales_claims"."refunded_fen" >= 0),
	CONSTRAINT "aftersales_claims_proposed" CHECK ("aftersales_claims"."proposed_fen" is null or "aftersales_claims"."proposed_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "aftersales_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "aftersales_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"claim_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"amount_fen" integer,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "aftersales_photos" (
	"claim_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"path" text NOT NULL,
	CONSTRAINT "aftersales_photos_claim_id_position_pk" PRIMARY KEY("claim_id","position"),
	CONSTRAINT "aftersales_photos_position" CHECK ("aftersales_photos"."position" between 0 and 5)
);
--> statement-breakpoint
CREATE TABLE "order_part_receipts" (
	"order_part_id" uuid PRIMARY KEY NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	"automatic" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "aftersales_claims" ADD CONSTRAINT "aftersales_claims_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_claims" ADD CONSTRAINT "aftersales_claims_order_part_id_order_parts_id_fk" FOREIGN KEY ("order_part_id") REFERENCES "public"."order_parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_claims" ADD CONSTRAINT "aftersales_claims_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_claims" ADD CONSTRAINT "aftersales_claims_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_claims" ADD CONSTRAINT "aftersales_claims_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_claims" ADD CONSTRAINT "aftersales_claims_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_claims" ADD CONSTRAINT "aftersales_claims_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_events" ADD CONSTRAINT "aftersales_events_claim_id_aftersales_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."aftersales_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_events" ADD CONSTRAINT "aftersales_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_photos" ADD CONSTRAINT "aftersales_photos_claim_id_aftersales_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."aftersales_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_part_receipts" ADD CONSTRAINT "order_part_receipts_order_part_id_order_parts_id_fk" FOREIGN KEY ("order_part_id") REFERENCES "public"."order_parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "aftersales_claims_order_idx" ON "aftersales_claims" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "aftersales_claims_supplier_idx" ON "aftersales_claims" USING btree ("supplier_id","created_at");--> statement-breakpoint
CREATE INDEX "aftersales_claims_due_idx" ON "aftersales_claims" USING btree ("reply_by") WHERE "aftersales_claims"."status" = 'awaiting_supplier';--> statement-breakpoint
CREATE UNIQUE INDEX "aftersales_claims_one_open_per_line" ON "aftersales_claims" USING btree ("order_line_id") WHERE "aftersales_claims"."status" in ('awaiting_supplier','proposed','escalated');--> statement-breakpoint
CREATE INDEX "aftersales_events_claim_idx" ON "aftersales_events" USING btree ("claim_id","created_at");