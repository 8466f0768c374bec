ALTER TABLE "aftersales_claims" ADD COLUMN "restock" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "aftersales_claims" ADD COLUMN "restocked_quantity" integer DEFAULT 0 NOT NULL;