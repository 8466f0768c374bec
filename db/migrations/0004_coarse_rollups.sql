CREATE TABLE "stats_beneficiary_yearly" (
	"year" smallint NOT NULL,
	"beneficiary_type" "beneficiary_type" NOT NULL,
	"beneficiary_id" uuid NOT NULL,
	"town_id" integer NOT NULL,
	"village_id" integer NOT NULL,
	"household_kind" "household_kind",
	"household_members" smallint,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	"moved_town" boolean DEFAULT false NOT NULL,
	CONSTRAINT "stats_beneficiary_yearly_year_beneficiary_type_beneficiary_id_pk" PRIMARY KEY("year","beneficiary_type","beneficiary_id")
);
--> statement-breakpoint
CREATE TABLE "stats_buyer_counts" (
	"year" smallint NOT NULL,
	"region_id" integer NOT NULL,
	"buyer_kind" "buyer_kind" NOT NULL,
	"buyers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_buyer_counts_year_region_id_buyer_kind_pk" PRIMARY KEY("year","region_id","buyer_kind")
);
--> statement-breakpoint
CREATE TABLE "stats_buyers_yearly" (
	"year" smallint NOT NULL,
	"region_id" integer NOT NULL,
	"buyer_key" text NOT NULL,
	"buyer_kind" "buyer_kind" NOT NULL,
	CONSTRAINT "stats_buyers_yearly_year_region_id_buyer_key_pk" PRIMARY KEY("year","region_id","buyer_key")
);
--> statement-breakpoint
CREATE TABLE "stats_income_monthly" (
	"month" date NOT NULL,
	"beneficiary_type" "beneficiary_type" NOT NULL,
	"town_id" integer NOT NULL,
	"village_id" integer NOT NULL,
	"household_kind" "household_kind",
	"income_type" "income_type" NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_income_monthly_key" UNIQUE NULLS NOT DISTINCT("month","beneficiary_type","town_id","village_id","household_kind","income_type")
);
--> statement-breakpoint
CREATE TABLE "stats_orders_monthly" (
	"month" date NOT NULL,
	"town_id" integer NOT NULL,
	"buyer_kind" "buyer_kind" NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"orders_once" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_orders_monthly_month_town_id_buyer_kind_pk" PRIMARY KEY("month","town_id","buyer_kind")
);
--> statement-breakpoint
CREATE TABLE "stats_sales_monthly" (
	"month" date NOT NULL,
	"town_id" integer NOT NULL,
	"village_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"supplier_kind" "supplier_kind" NOT NULL,
	"buyer_kind" "buyer_kind" NOT NULL,
	"certified" boolean NOT NULL,
	"sales_fen" bigint DEFAULT 0 NOT NULL,
	"quantity" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_sales_monthly_month_town_id_village_id_category_id_supplier_kind_buyer_kind_certified_pk" PRIMARY KEY("month","town_id","village_id","category_id","supplier_kind","buyer_kind","certified")
);
--> statement-breakpoint
CREATE TABLE "stats_sales_yearly" (
	"year" smallint NOT NULL,
	"town_id" integer NOT NULL,
	"village_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"supplier_kind" "supplier_kind" NOT NULL,
	"buyer_kind" "buyer_kind" NOT NULL,
	"certified" boolean NOT NULL,
	"sales_fen" bigint DEFAULT 0 NOT NULL,
	"quantity" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_sales_yearly_year_town_id_village_id_category_id_supplier_kind_buyer_kind_certified_pk" PRIMARY KEY("year","town_id","village_id","category_id","supplier_kind","buyer_kind","certified")
);
--> statement-breakpoint
ALTER TABLE "stats_beneficiary_yearly" ADD CONSTRAINT "stats_beneficiary_yearly_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_beneficiary_yearly" ADD CONSTRAINT "stats_beneficiary_yearly_village_id_regions_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_buyer_counts" ADD CONSTRAINT "stats_buyer_counts_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_buyers_yearly" ADD CONSTRAINT "stats_buyers_yearly_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_income_monthly" ADD CONSTRAINT "stats_income_monthly_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_income_monthly" ADD CONSTRAINT "stats_income_monthly_village_id_regions_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_orders_monthly" ADD CONSTRAINT "stats_orders_monthly_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_sales_monthly" ADD CONSTRAINT "stats_sales_monthly_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_sales_monthly" ADD CONSTRAINT "stats_sales_monthly_village_id_regions_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_sales_monthly" ADD CONSTRAINT "stats_sales_monthly_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_sales_yearly" ADD CONSTRAINT "stats_sales_yearly_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_sales_yearly" ADD CONSTRAINT "stats_sales_yearly_village_id_regions_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_sales_yearly" ADD CONSTRAINT "stats_sales_yearly_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stats_beneficiary_yearly_moved_idx" ON "stats_beneficiary_yearly" USING btree ("year") WHERE "stats_beneficiary_yearly"."moved_town";--> statement-breakpoint
CREATE INDEX "households_monitored_idx" ON "households" USING btree ("village_id","registry_code") WHERE "households"."status" = 'active' and "households"."risk_eliminated_at" is null and "households"."kind" <> 'alleviated';--> statement-breakpoint
-- Back-fill from the daily rollups (the same statements as db/coarse-rollups.ts).
insert into stats_sales_monthly (month, town_id, village_id, category_id, supplier_kind, buyer_kind, certified, sales_fen, quantity)
select date_trunc('month', stat_date)::date, town_id, village_id, category_id, supplier_kind, buyer_kind, certified, sum(sales_fen), sum(quantity)
from stats_sales_daily group by 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
insert into stats_sales_yearly (year, town_id, village_id, category_id, supplier_kind, buyer_kind, certified, sales_fen, quantity)
select extract(year from month)::smallint, town_id, village_id, category_id, supplier_kind, buyer_kind, certified, sum(sales_fen), sum(quantity)
from stats_sales_monthly group by 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
insert into stats_orders_monthly (month, town_id, buyer_kind, orders, orders_once)
select date_trunc('month', stat_date)::date, town_id, buyer_kind, sum(orders), sum(orders_once)
from stats_buyers_daily group by 1, 2, 3;
--> statement-breakpoint
insert into stats_income_monthly (month, beneficiary_type, town_id, village_id, household_kind, income_type, amount_fen)
select date_trunc('month', stat_date)::date, beneficiary_type, town_id, village_id, household_kind, income_type, sum(amount_fen)
from stats_beneficiary_daily group by 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
insert into stats_beneficiary_yearly (year, beneficiary_type, beneficiary_id, town_id, village_id, household_kind, household_members, amount_fen, moved_town)
select extract(year from stat_date)::smallint, beneficiary_type, beneficiary_id, min(town_id), min(village_id), min(household_kind),
       max(household_members), sum(amount_fen), count(distinct town_id) > 1
from stats_beneficiary_daily group by 1, 2, 3;
--> statement-breakpoint
insert into stats_buyers_yearly (year, region_id, buyer_key, buyer_kind)
select distinct on (1, 2, 3) extract(year from b.stat_date)::smallint, v.region_id, b.buyer_key, b.buyer_kind
from stats_buyers_daily b join regions t on t.id = b.town_id
cross join lateral (values (b.town_id), (t.parent_id)) v(region_id)
where v.region_id is not null and b.orders > 0
order by 1, 2, 3, b.stat_date;
--> statement-breakpoint
insert into stats_buyer_counts (year, region_id, buyer_kind, buyers)
select year, region_id, buyer_kind, count(*) from stats_buyers_yearly group by 1, 2, 3;
