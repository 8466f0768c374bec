CREATE TABLE "stats_buyer_days" (
	"region_id" integer NOT NULL,
	"kind" text NOT NULL,
	"stat_date" date NOT NULL,
	"prev_day" smallint NOT NULL,
	"buyers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_buyer_days_region_id_stat_date_kind_prev_day_pk" PRIMARY KEY("region_id","stat_date","kind","prev_day")
);
--> statement-breakpoint
CREATE TABLE "stats_buyer_months" (
	"region_id" integer NOT NULL,
	"kind" text NOT NULL,
	"month" date NOT NULL,
	"first_day" smallint NOT NULL,
	"last_before" date NOT NULL,
	"buyers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_buyer_months_region_id_month_kind_first_day_last_before_pk" PRIMARY KEY("region_id","month","kind","first_day","last_before")
);
--> statement-breakpoint
ALTER TABLE "stats_buyer_days" ADD CONSTRAINT "stats_buyer_days_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_buyer_months" ADD CONSTRAINT "stats_buyer_months_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stats_buyers_daily_buyer_idx" ON "stats_buyers_daily" USING btree ("buyer_key","stat_date");--> statement-breakpoint
-- Branch b-dash (decision 142): append to the migration drizzle-kit generates for stats_buyer_days,
-- stats_buyer_months and stats_buyers_daily_buyer_idx. The back-fill of the buyers' chains of active
-- days from stats_buyers_daily (the same statements as BUYER_DAYS_FROM_CHAINS / BUYER_MONTHS_FROM_CHAINS
-- in db/rollups.ts, frozen here as of this migration).
insert into stats_buyer_days (region_id, kind, stat_date, prev_day, buyers)
select region_id, kind, stat_date,
       (case when date_trunc('month', prev) = date_trunc('month', stat_date) then extract(day from prev) else 0 end)::smallint as prev_day,
       count(*)::int as buyers
from (select region_id, kind, buyer_key, stat_date,
             lag(stat_date) over (partition by region_id, kind, buyer_key order by stat_date) as prev
      from (select distinct v.region_id, k.kind, b.buyer_key, b.stat_date
            from stats_buyers_daily b join regions t on t.id = b.town_id
            cross join lateral (values (b.town_id), (t.parent_id)) v(region_id)
            cross join lateral (values (b.buyer_kind::text), ('all')) k(kind)
            where v.region_id is not null and b.orders > 0) d) c
group by 1, 2, 3, 4;
--> statement-breakpoint
insert into stats_buyer_months (region_id, kind, month, first_day, last_before, buyers)
select region_id, kind, month, coalesce(first_day, 0)::smallint as first_day, last_before, count(*)::int as buyers
from (select region_id, kind, date_trunc('month', stat_date)::date as month, extract(day from stat_date)::smallint as first_day,
             coalesce(prev, '1900-01-01'::date) as last_before
      from (select region_id, kind, buyer_key, stat_date,
                   lag(stat_date) over (partition by region_id, kind, buyer_key order by stat_date) as prev
            from (select distinct v.region_id, k.kind, b.buyer_key, b.stat_date
                  from stats_buyers_daily b join regions t on t.id = b.town_id
                  cross join lateral (values (b.town_id), (t.parent_id)) v(region_id)
                  cross join lateral (values (b.buyer_kind::text), ('all')) k(kind)
                  where v.region_id is not null and b.orders > 0) d) c
      where prev is null or date_trunc('month', prev) < date_trunc('month', stat_date)) f
group by grouping sets ((region_id, kind, month, first_day, last_before), (region_id, kind, month, last_before));
--> statement-breakpoint
analyze stats_buyer_days;
--> statement-breakpoint
analyze stats_buyer_months;
