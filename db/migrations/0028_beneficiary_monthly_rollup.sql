CREATE TABLE "stats_beneficiary_monthly" (
	"month" date NOT NULL,
	"beneficiary_type" "beneficiary_type" NOT NULL,
	"beneficiary_id" uuid NOT NULL,
	"town_id" integer NOT NULL,
	"village_id" integer NOT NULL,
	"household_kind" "household_kind",
	"household_members" smallint,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_beneficiary_monthly_month_beneficiary_type_beneficiary_id_town_id_pk" PRIMARY KEY("month","beneficiary_type","beneficiary_id","town_id")
);
--> statement-breakpoint
ALTER TABLE "stats_beneficiary_monthly" ADD CONSTRAINT "stats_beneficiary_monthly_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_beneficiary_monthly" ADD CONSTRAINT "stats_beneficiary_monthly_village_id_regions_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stats_beneficiary_monthly_town_idx" ON "stats_beneficiary_monthly" USING btree ("town_id","month");--> statement-breakpoint
insert into stats_beneficiary_monthly (month, beneficiary_type, beneficiary_id, town_id, village_id, household_kind, household_members, amount_fen)
select date_trunc('month', stat_date)::date, beneficiary_type, beneficiary_id, town_id, min(village_id), min(household_kind),
       max(household_members), sum(amount_fen)
from stats_beneficiary_daily group by 1, 2, 3, 4;
