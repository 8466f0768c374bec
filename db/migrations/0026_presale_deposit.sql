ALTER TYPE "public"."order_part_status" ADD VALUE 'deposit_paid' BEFORE 'paid';--> statement-breakpoint
ALTER TYPE "public"."order_status" ADD VALUE 'deposit_paid' BEFORE 'paid';--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_paid_has_time";--> statement-breakpoint
ALTER TABLE "settlement_lines" DROP CONSTRAINT "settlement_lines_kind_shape";--> statement-breakpoint
DROP INDEX "payments_one_success_per_order";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "deposit_fen" integer;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "purpose" text DEFAULT 'full' NOT NULL;--> statement-breakpoint
ALTER TABLE "presale_order_lines" ADD COLUMN "deposit_fen" integer;--> statement-breakpoint
ALTER TABLE "presale_order_lines" ADD COLUMN "balance_from" date;--> statement-breakpoint
ALTER TABLE "presale_order_lines" ADD COLUMN "balance_until" date;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "shipping_fen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "variant_presales" ADD COLUMN "deposit_fen" integer;--> statement-breakpoint
ALTER TABLE "variant_presales" ADD COLUMN "balance_from" date;--> statement-breakpoint
ALTER TABLE "variant_presales" ADD COLUMN "balance_until" date;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_success_per_purpose" ON "payments" USING btree ("order_id","purpose") WHERE "payments"."status" = 'succeeded';--> statement-breakpoint
CREATE INDEX "presale_order_lines_balance_idx" ON "presale_order_lines" USING btree ("balance_until") WHERE "presale_order_lines"."deposit_fen" is not null;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_deposit_range" CHECK ("orders"."deposit_fen" is null or ("orders"."deposit_fen" > 0 and "orders"."deposit_fen" < "orders"."total_fen"));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_paid_has_time" CHECK ("orders"."status" not in ('paid','shipped','delivered','completed') or "orders"."paid_at" is not null);--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_purpose" CHECK ("payments"."purpose" in ('full','deposit','balance'));--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_shipping_range" CHECK ("refunds"."shipping_fen" between 0 and "refunds"."amount_fen");--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_kind_shape" CHECK (("settlement_lines"."kind" = 'sale' and "settlement_lines"."refund_id" is null and "settlement_lines"."goods_fen" >= 0 and "settlement_lines"."shipping_fen" >= 0) or ("settlement_lines"."kind" = 'refund' and "settlement_lines"."refund_id" is not null and "settlement_lines"."goods_fen" < 0 and "settlement_lines"."shipping_fen" <= 0));--> statement-breakpoint
ALTER TABLE "variant_presales" ADD CONSTRAINT "variant_presales_deposit" CHECK (("variant_presales"."deposit_fen" is null and "variant_presales"."balance_from" is null and "variant_presales"."balance_until" is null) or
        ("variant_presales"."deposit_fen" > 0 and "variant_presales"."balance_from" <= "variant_presales"."balance_until" and "variant_presales"."balance_until" <= "variant_presales"."ships_by"));