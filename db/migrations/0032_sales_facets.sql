CREATE TYPE "public"."sales_facet" AS ENUM('village', 'category', 'supplier_kind', 'buyer_kind');--> statement-breakpoint
CREATE TABLE "stats_sales_facets_daily" (
	"stat_date" date NOT NULL,
	"town_id" integer NOT NULL,
	"facet" "sales_facet" NOT NULL,
	"key" text NOT NULL,
	"certified" boolean NOT NULL,
	"sales_fen" bigint DEFAULT 0 NOT NULL,
	"quantity" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_sales_facets_daily_stat_date_town_id_facet_key_certified_pk" PRIMARY KEY("stat_date","town_id","facet","key","certified")
);
--> statement-breakpoint
CREATE TABLE "stats_sales_facets_monthly" (
	"month" date NOT NULL,
	"town_id" integer NOT NULL,
	"facet" "sales_facet" NOT NULL,
	"key" text NOT NULL,
	"certified" boolean NOT NULL,
	"sales_fen" bigint DEFAULT 0 NOT NULL,
	"quantity" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_sales_facets_monthly_month_town_id_facet_key_certified_pk" PRIMARY KEY("month","town_id","facet","key","certified")
);
--> statement-breakpoint
ALTER TABLE "stats_sales_facets_daily" ADD CONSTRAINT "stats_sales_facets_daily_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_sales_facets_monthly" ADD CONSTRAINT "stats_sales_facets_monthly_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Back-fill (issue 22, decision 155): each facet's sums from the daily sales rows, then the months from the days.
INSERT INTO "stats_sales_facets_daily" ("stat_date", "town_id", "facet", "key", "certified", "sales_fen", "quantity")
SELECT d.stat_date, d.town_id, f.facet, f.key, d.certified, sum(d.sales_fen), sum(d.quantity)
FROM stats_sales_daily d
CROSS JOIN LATERAL (VALUES ('village'::sales_facet, d.village_id::text), ('category'::sales_facet, d.category_id::text),
                           ('supplier_kind'::sales_facet, d.supplier_kind::text), ('buyer_kind'::sales_facet, d.buyer_kind::text)) f(facet, key)
GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
INSERT INTO "stats_sales_facets_monthly" ("month", "town_id", "facet", "key", "certified", "sales_fen", "quantity")
SELECT date_trunc('month', stat_date)::date, town_id, facet, key, certified, sum(sales_fen), sum(quantity)
FROM stats_sales_facets_daily GROUP BY 1, 2, 3, 4, 5;
