ALTER TYPE "public"."payment_provider" ADD VALUE 'alipay';--> statement-breakpoint
ALTER TYPE "public"."payment_provider" ADD VALUE 'wechat_pay';