-- b-perf (issue 22): append to the migration that creates stats_beneficiary_monthly.
-- Back-fill of the per-beneficiary monthly rollup from the daily rows it sums
-- (the same statement as BACKFILL_BENEFICIARY_MONTHLY in db/rollups.ts, frozen here).
--> statement-breakpoint
insert into stats_beneficiary_monthly (month, beneficiary_type, beneficiary_id, town_id, village_id, household_kind, household_members, amount_fen)
select date_trunc('month', stat_date)::date, beneficiary_type, beneficiary_id, town_id, min(village_id), min(household_kind),
       max(household_members), sum(amount_fen)
from stats_beneficiary_daily group by 1, 2, 3, 4;
