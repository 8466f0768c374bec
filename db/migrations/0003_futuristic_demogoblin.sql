CREATE TABLE "stats_buyers_daily" (
	"stat_date" date NOT NULL,
	"town_id" integer NOT NULL,
	"buyer_kind" "buyer_kind" NOT NULL,
	"buyer_key" text NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"orders_once" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_buyers_daily_stat_date_town_id_buyer_kind_buyer_key_pk" PRIMARY KEY("stat_date","town_id","buyer_kind","buyer_key")
);
--> statement-breakpoint
ALTER TABLE "stats_buyers_daily" ADD CONSTRAINT "stats_buyers_daily_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stats_buyers_daily_town_idx" ON "stats_buyers_daily" USING btree ("town_id","stat_date");