ALTER TABLE "products" ADD COLUMN "subtitle_en" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "description_en" text;--> statement-breakpoint
ALTER TABLE "suppliers" ADD COLUMN "story_en" text;