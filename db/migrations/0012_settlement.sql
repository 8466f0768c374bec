CREATE TYPE "public"."settlement_batch_status" AS ENUM('draft', 'approved', 'paid');--> statement-breakpoint
CREATE TYPE "public"."settlement_line_kind" AS ENUM('sale', 'refund');--> statement-breakpoint
CREATE TYPE "public"."settlement_statement_status" AS ENUM('pending', 'settled');--> statement-breakpoint
CREATE TABLE "settlement_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"fee_bp" integer NOT NULL,
	"status" "settlement_batch_status" DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlement_batches_period" CHECK ("settlement_batches"."period_from" <= "settlement_batches"."period_to"),
	CONSTRAINT "settlement_batches_fee_range" CHECK ("settlement_batches"."fee_bp" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "settlement_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"statement_id" uuid NOT NULL,
	"kind" "settlement_line_kind" NOT NULL,
	"order_part_id" uuid NOT NULL,
	"refund_id" uuid,
	"order_number" text NOT NULL,
	"paid_date" date NOT NULL,
	"goods_fen" integer NOT NULL,
	"shipping_fen" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlement_lines_kind_shape" CHECK (("settlement_lines"."kind" = 'sale' and "settlement_lines"."refund_id" is null and "settlement_lines"."goods_fen" >= 0 and "settlement_lines"."shipping_fen" >= 0) or ("settlement_lines"."kind" = 'refund' and "settlement_lines"."refund_id" is not null and "settlement_lines"."goods_fen" < 0 and "settlement_lines"."shipping_fen" = 0))
);
--> statement-breakpoint
CREATE TABLE "settlement_payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"statement_id" uuid NOT NULL,
	"bank_reference" text NOT NULL,
	"bank_reference_key" text NOT NULL,
	"paid_on" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlement_payouts_statement_id_unique" UNIQUE("statement_id"),
	CONSTRAINT "settlement_payouts_bank_reference_key_unique" UNIQUE("bank_reference_key"),
	CONSTRAINT "settlement_payouts_amount_positive" CHECK ("settlement_payouts"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "settlement_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"goods_fen" bigint NOT NULL,
	"refunds_fen" bigint NOT NULL,
	"shipping_fen" bigint NOT NULL,
	"fee_fen" bigint NOT NULL,
	"payable_fen" bigint NOT NULL,
	"status" "settlement_statement_status" DEFAULT 'pending' NOT NULL,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlement_statements_payable" CHECK ("settlement_statements"."payable_fen" = "settlement_statements"."goods_fen" + "settlement_statements"."refunds_fen" + "settlement_statements"."shipping_fen" - "settlement_statements"."fee_fen"),
	CONSTRAINT "settlement_statements_payable_nonneg" CHECK ("settlement_statements"."payable_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "settlement_batches" ADD CONSTRAINT "settlement_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_batches" ADD CONSTRAINT "settlement_batches_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_statement_id_settlement_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."settlement_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_order_part_id_order_parts_id_fk" FOREIGN KEY ("order_part_id") REFERENCES "public"."order_parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_payouts" ADD CONSTRAINT "settlement_payouts_statement_id_settlement_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."settlement_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_payouts" ADD CONSTRAINT "settlement_payouts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_batch_id_settlement_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."settlement_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "settlement_lines_statement_idx" ON "settlement_lines" USING btree ("statement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_lines_one_sale_per_part" ON "settlement_lines" USING btree ("order_part_id") WHERE "settlement_lines"."kind" = 'sale';--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_lines_one_refund_per_part" ON "settlement_lines" USING btree ("refund_id","order_part_id") WHERE "settlement_lines"."kind" = 'refund';--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_statements_batch_supplier" ON "settlement_statements" USING btree ("batch_id","supplier_id");--> statement-breakpoint
CREATE INDEX "settlement_statements_supplier_idx" ON "settlement_statements" USING btree ("supplier_id","created_at");