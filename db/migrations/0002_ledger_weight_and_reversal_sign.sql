ALTER TABLE "attribution_entries" DROP CONSTRAINT "attribution_sign";--> statement-breakpoint
ALTER TABLE "attribution_entries" ADD COLUMN "linkage_weight" integer;--> statement-breakpoint
ALTER TABLE "attribution_entries" ADD CONSTRAINT "attribution_sign" CHECK (("attribution_entries"."kind" = 'sale' and "attribution_entries"."amount_fen" >= 0 and "attribution_entries"."refund_id" is null)
      or ("attribution_entries"."kind" = 'reversal' and "attribution_entries"."refund_id" is not null));