ALTER TABLE "notification_outbox" ADD COLUMN "read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "supplier_applications" ADD COLUMN "notice_ends_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "notification_outbox_unread_user_idx" ON "notification_outbox" USING btree ("user_id") WHERE "notification_outbox"."read_at" is null;--> statement-breakpoint
CREATE INDEX "notification_outbox_unread_recipient_idx" ON "notification_outbox" USING btree ("recipient") WHERE "notification_outbox"."read_at" is null;
--> statement-breakpoint
-- b-journey (decision 120): applications already under notice or active get the end of their 公示 as a
-- moment, the midnight (Asia/Shanghai) after their last notice day, as decideApplication now writes it.
UPDATE "supplier_applications"
  SET "notice_ends_at" = (("notice_ends_on" + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
  WHERE "notice_ends_on" IS NOT NULL AND "notice_ends_at" IS NULL;
