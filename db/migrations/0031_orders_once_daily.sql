ALTER TABLE "stats_orders_daily" ADD COLUMN "orders_once" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Back-fill (issue 22): each day's orders counted once, in their first town, from the per-buyer rows.
UPDATE "stats_orders_daily" d SET "orders_once" = b.once
FROM (SELECT stat_date, town_id, buyer_kind, sum(orders_once)::int AS once FROM stats_buyers_daily GROUP BY 1, 2, 3) b
WHERE b.stat_date = d.stat_date AND b.town_id = d.town_id AND b.buyer_kind = d.buyer_kind;
