// The monthly and yearly statistics rollups rebuilt from the daily ones (which they sum): used by
// the data generator after its bulk load, and the same statements back-fill an existing database
// in migration 0004. The app keeps them in step row by row (app/models/impact/attribution.server.ts).
export const REBUILD_COARSE_ROLLUPS: string[] = [
  `truncate stats_sales_monthly, stats_sales_yearly, stats_orders_monthly, stats_income_monthly, stats_beneficiary_yearly, stats_buyers_yearly, stats_buyer_counts`,
  `insert into stats_sales_monthly (month, town_id, village_id, category_id, supplier_kind, buyer_kind, certified, sales_fen, quantity)
   select date_trunc('month', stat_date)::date, town_id, village_id, category_id, supplier_kind, buyer_kind, certified, sum(sales_fen), sum(quantity)
   from stats_sales_daily group by 1, 2, 3, 4, 5, 6, 7`,
  `insert into stats_sales_yearly (year, town_id, village_id, category_id, supplier_kind, buyer_kind, certified, sales_fen, quantity)
   select extract(year from month)::smallint, town_id, village_id, category_id, supplier_kind, buyer_kind, certified, sum(sales_fen), sum(quantity)
   from stats_sales_monthly group by 1, 2, 3, 4, 5, 6, 7`,
  `insert into stats_orders_monthly (month, town_id, buyer_kind, orders, orders_once)
   select date_trunc('month', stat_date)::date, town_id, buyer_kind, sum(orders), sum(orders_once)
   from stats_buyers_daily group by 1, 2, 3`,
  `insert into stats_income_monthly (month, beneficiary_type, town_id, village_id, household_kind, income_type, amount_fen)
   select date_trunc('month', stat_date)::date, beneficiary_type, town_id, village_id, household_kind, income_type, sum(amount_fen)
   from stats_beneficiary_daily group by 1, 2, 3, 4, 5, 6`,
  `insert into stats_beneficiary_yearly (year, beneficiary_type, beneficiary_id, town_id, village_id, household_kind, household_members, amount_fen, moved_town)
   select extract(year from stat_date)::smallint, beneficiary_type, beneficiary_id, min(town_id), min(village_id), min(household_kind),
          max(household_members), sum(amount_fen), count(distinct town_id) > 1
   from stats_beneficiary_daily group by 1, 2, 3`,
  `insert into stats_buyers_yearly (year, region_id, buyer_key, buyer_kind)
   select distinct on (1, 2, 3) extract(year from b.stat_date)::smallint, v.region_id, b.buyer_key, b.buyer_kind
   from stats_buyers_daily b join regions t on t.id = b.town_id
   cross join lateral (values (b.town_id), (t.parent_id)) v(region_id)
   where v.region_id is not null and b.orders > 0
   order by 1, 2, 3, b.stat_date`,
  `insert into stats_buyer_counts (year, region_id, buyer_kind, buyers)
   select year, region_id, buyer_kind, count(*) from stats_buyers_yearly group by 1, 2, 3`,
];
