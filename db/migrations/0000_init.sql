CREATE TYPE "public"."beneficiary_type" AS ENUM('household', 'village_collective');--> statement-breakpoint
CREATE TYPE "public"."buyer_kind" AS ENUM('individual', 'budget_unit', 'union', 'enterprise');--> statement-breakpoint
CREATE TYPE "public"."buyer_org_kind" AS ENUM('budget_unit', 'union', 'enterprise');--> statement-breakpoint
CREATE TYPE "public"."certification_status" AS ENUM('applied', 'under_review', 'public_notice', 'certified', 'rejected', 'revoked', 'expired');--> statement-breakpoint
CREATE TYPE "public"."certification_subject" AS ENUM('supplier', 'product');--> statement-breakpoint
CREATE TYPE "public"."household_kind" AS ENUM('alleviated', 'monitored_unstable', 'monitored_marginal', 'monitored_hardship');--> statement-breakpoint
CREATE TYPE "public"."household_status" AS ENUM('active', 'inactive');--> statement-breakpoint
CREATE TYPE "public"."income_type" AS ENUM('operating', 'wage', 'property', 'transfer');--> statement-breakpoint
CREATE TYPE "public"."ledger_entry_kind" AS ENUM('sale', 'reversal');--> statement-breakpoint
CREATE TYPE "public"."linkage_mechanism" AS ENUM('order_purchase', 'employment', 'land_lease', 'equity_dividend', 'guaranteed_dividend', 'entrusted_farming', 'own_production', 'rebate_share');--> statement-breakpoint
CREATE TYPE "public"."linkage_status" AS ENUM('proposed', 'approved', 'rejected', 'terminated');--> statement-breakpoint
CREATE TYPE "public"."membership_status" AS ENUM('invited', 'active', 'removed');--> statement-breakpoint
CREATE TYPE "public"."order_part_status" AS ENUM('pending_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('pending_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."payment_provider" AS ENUM('demo', 'stripe', 'bank_transfer');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('created', 'pending', 'succeeded', 'failed', 'expired', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."product_status" AS ENUM('draft', 'active', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."refund_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."region_level" AS ENUM('district', 'town', 'subdistrict', 'village');--> statement-breakpoint
CREATE TYPE "public"."supplier_kind" AS ENUM('cooperative', 'enterprise', 'village_collective', 'workshop', 'household');--> statement-breakpoint
CREATE TYPE "public"."supplier_status" AS ENUM('active', 'suspended');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('customer', 'buyer_admin', 'supplier_staff', 'official', 'admin');--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "attribution_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attribution_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" "ledger_entry_kind" NOT NULL,
	"order_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"linkage_id" uuid NOT NULL,
	"refund_id" uuid,
	"amount_fen" integer NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"stat_date" date NOT NULL,
	"beneficiary_type" "beneficiary_type" NOT NULL,
	"household_id" uuid,
	"village_collective_id" uuid,
	"household_kind" "household_kind",
	"household_members" smallint,
	"town_id" integer NOT NULL,
	"village_id" integer NOT NULL,
	"mechanism" "linkage_mechanism" NOT NULL,
	"income_type" "income_type" NOT NULL,
	"category_id" integer NOT NULL,
	"supplier_id" uuid NOT NULL,
	"supplier_kind" "supplier_kind" NOT NULL,
	"buyer_kind" "buyer_kind" NOT NULL,
	"certified" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attribution_sign" CHECK (("attribution_entries"."kind" = 'sale' and "attribution_entries"."amount_fen" >= 0 and "attribution_entries"."refund_id" is null)
      or ("attribution_entries"."kind" = 'reversal' and "attribution_entries"."amount_fen" <= 0 and "attribution_entries"."refund_id" is not null)),
	CONSTRAINT "attribution_one_beneficiary" CHECK (("attribution_entries"."beneficiary_type" = 'household' and "attribution_entries"."household_id" is not null and "attribution_entries"."household_kind" is not null)
       or ("attribution_entries"."beneficiary_type" = 'village_collective' and "attribution_entries"."village_collective_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_role" "user_role",
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text,
	"region_id" integer,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "buyer_memberships" (
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" "membership_status" DEFAULT 'invited' NOT NULL,
	"approved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "buyer_memberships_organisation_id_user_id_pk" PRIMARY KEY("organisation_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "buyer_organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "buyer_org_kind" NOT NULL,
	"region_id" integer,
	"invoice_title" text NOT NULL,
	"tax_number" text NOT NULL,
	"member_yearly_allowance_fen" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "buyer_orgs_allowance_nonneg" CHECK ("buyer_organisations"."member_yearly_allowance_fen" is null or "buyer_organisations"."member_yearly_allowance_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "buyer_targets" (
	"organisation_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"target_fen" bigint NOT NULL,
	CONSTRAINT "buyer_targets_organisation_id_year_pk" PRIMARY KEY("organisation_id","year"),
	CONSTRAINT "buyer_targets_nonneg" CHECK ("buyer_targets"."target_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "cart_lines" (
	"cart_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cart_lines_cart_id_variant_id_pk" PRIMARY KEY("cart_id","variant_id"),
	CONSTRAINT "cart_lines_quantity_range" CHECK ("cart_lines"."quantity" between 1 and 999)
);
--> statement-breakpoint
CREATE TABLE "carts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "categories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"parent_id" integer,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "categories_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "certifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject" "certification_subject" NOT NULL,
	"supplier_id" uuid NOT NULL,
	"product_id" uuid,
	"status" "certification_status" DEFAULT 'applied' NOT NULL,
	"certificate_no" text,
	"issuer" text,
	"valid_from" date,
	"valid_until" date,
	"notice_starts_on" date,
	"notice_ends_on" date,
	"documents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rejection_reason" text,
	"applied_by" uuid,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "certifications_certificate_no_unique" UNIQUE("certificate_no"),
	CONSTRAINT "certifications_subject_product" CHECK (("certifications"."subject" = 'product') = ("certifications"."product_id" is not null)),
	CONSTRAINT "certifications_certified_complete" CHECK ("certifications"."status" <> 'certified' or ("certifications"."certificate_no" is not null and "certifications"."issuer" is not null and "certifications"."valid_until" is not null)),
	CONSTRAINT "certifications_validity_order" CHECK ("certifications"."valid_until" is null or "certifications"."valid_from" is null or "certifications"."valid_until" >= "certifications"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registry_code" text NOT NULL,
	"head_name" text NOT NULL,
	"id_card_cipher" text NOT NULL,
	"id_card_hash" text NOT NULL,
	"id_card_masked" text NOT NULL,
	"member_count" smallint NOT NULL,
	"village_id" integer NOT NULL,
	"town_id" integer NOT NULL,
	"kind" "household_kind" NOT NULL,
	"status" "household_status" DEFAULT 'active' NOT NULL,
	"risk_eliminated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_registry_code_unique" UNIQUE("registry_code"),
	CONSTRAINT "households_id_card_hash_unique" UNIQUE("id_card_hash"),
	CONSTRAINT "households_members_positive" CHECK ("households"."member_count" > 0),
	CONSTRAINT "households_risk_only_monitored" CHECK ("households"."risk_eliminated_at" is null or "households"."kind" <> 'alleviated')
);
--> statement-breakpoint
CREATE TABLE "linkage_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"linkage_id" uuid NOT NULL,
	"action" text NOT NULL,
	"reason" text,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"supplier_id" uuid NOT NULL,
	"product_id" uuid,
	"beneficiary_type" "beneficiary_type" NOT NULL,
	"household_id" uuid,
	"village_collective_id" uuid,
	"mechanism" "linkage_mechanism" NOT NULL,
	"weight" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date,
	"evidence" text DEFAULT '' NOT NULL,
	"evidence_path" text,
	"status" "linkage_status" DEFAULT 'proposed' NOT NULL,
	"rejection_reason" text,
	"proposed_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "linkages_weight_positive" CHECK ("linkages"."weight" > 0),
	CONSTRAINT "linkages_validity_order" CHECK ("linkages"."valid_until" is null or "linkages"."valid_until" >= "linkages"."valid_from"),
	CONSTRAINT "linkages_one_beneficiary" CHECK (("linkages"."beneficiary_type" = 'household' and "linkages"."household_id" is not null and "linkages"."village_collective_id" is null)
       or ("linkages"."beneficiary_type" = 'village_collective' and "linkages"."village_collective_id" is not null and "linkages"."household_id" is null))
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"order_part_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_fen" integer NOT NULL,
	"line_total_fen" integer NOT NULL,
	"refunded_fen" integer DEFAULT 0 NOT NULL,
	"refunded_quantity" integer DEFAULT 0 NOT NULL,
	"product_name" text NOT NULL,
	"variant_spec" text NOT NULL,
	"supplier_name" text NOT NULL,
	"supplier_kind" "supplier_kind" NOT NULL,
	"category_id" integer NOT NULL,
	"origin_village_id" integer NOT NULL,
	"origin_town_id" integer NOT NULL,
	"certified" boolean NOT NULL,
	"certificate_no" text,
	"benefit_rate_bp" integer NOT NULL,
	CONSTRAINT "order_lines_quantity_positive" CHECK ("order_lines"."quantity" > 0),
	CONSTRAINT "order_lines_price_nonneg" CHECK ("order_lines"."unit_price_fen" >= 0),
	CONSTRAINT "order_lines_total" CHECK ("order_lines"."line_total_fen" = "order_lines"."unit_price_fen" * "order_lines"."quantity"),
	CONSTRAINT "order_lines_refund_range" CHECK ("order_lines"."refunded_fen" between 0 and "order_lines"."line_total_fen"),
	CONSTRAINT "order_lines_refund_qty_range" CHECK ("order_lines"."refunded_quantity" between 0 and "order_lines"."quantity"),
	CONSTRAINT "order_lines_rate_range" CHECK ("order_lines"."benefit_rate_bp" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "order_number_sequences" (
	"day" date PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_parts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"status" "order_part_status" DEFAULT 'pending_payment' NOT NULL,
	"subtotal_fen" integer NOT NULL,
	"shipping_fen" integer NOT NULL,
	"accepted_at" timestamp with time zone,
	"invoice_path" text,
	"invoice_uploaded_at" timestamp with time zone,
	"invoice_confirmed_at" timestamp with time zone,
	"rating" smallint,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	CONSTRAINT "order_parts_amounts_nonneg" CHECK ("order_parts"."subtotal_fen" >= 0 and "order_parts"."shipping_fen" >= 0),
	CONSTRAINT "order_parts_rating_range" CHECK ("order_parts"."rating" is null or "order_parts"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_number" text NOT NULL,
	"user_id" uuid,
	"organisation_id" uuid,
	"buyer_kind" "buyer_kind" DEFAULT 'individual' NOT NULL,
	"contact_name" text NOT NULL,
	"contact_mobile" text NOT NULL,
	"shipping_address" jsonb NOT NULL,
	"status" "order_status" DEFAULT 'pending_payment' NOT NULL,
	"payment_provider" "payment_provider" NOT NULL,
	"subtotal_fen" integer NOT NULL,
	"shipping_fen" integer NOT NULL,
	"total_fen" integer NOT NULL,
	"refunded_fen" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_order_number_unique" UNIQUE("order_number"),
	CONSTRAINT "orders_amounts_nonneg" CHECK ("orders"."subtotal_fen" >= 0 and "orders"."shipping_fen" >= 0),
	CONSTRAINT "orders_total_sum" CHECK ("orders"."total_fen" = "orders"."subtotal_fen" + "orders"."shipping_fen"),
	CONSTRAINT "orders_refund_range" CHECK ("orders"."refunded_fen" between 0 and "orders"."total_fen"),
	CONSTRAINT "orders_paid_has_time" CHECK ("orders"."status" in ('pending_payment','cancelled') or "orders"."paid_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "payment_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" "payment_provider" NOT NULL,
	"provider_event_id" text NOT NULL,
	"type" text NOT NULL,
	"order_id" uuid,
	"payment_id" uuid,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"provider" "payment_provider" NOT NULL,
	"provider_ref" text,
	"provider_payment_id" text,
	"status" "payment_status" DEFAULT 'created' NOT NULL,
	"amount_fen" integer NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"checkout_url" text,
	"transfer_date" date,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"succeeded_at" timestamp with time zone,
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount_fen" > 0),
	CONSTRAINT "payments_currency_cny" CHECK ("payments"."currency" = 'CNY')
);
--> statement-breakpoint
CREATE TABLE "product_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"path" text NOT NULL,
	"alt" text DEFAULT '' NOT NULL,
	"width" integer,
	"height" integer,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_variants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"spec" text NOT NULL,
	"spec_en" text,
	"price_fen" integer NOT NULL,
	"stock" integer DEFAULT 0 NOT NULL,
	"weight_grams" integer,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "product_variants_sku_unique" UNIQUE("sku"),
	CONSTRAINT "product_variants_stock_nonneg" CHECK ("product_variants"."stock" >= 0),
	CONSTRAINT "product_variants_price_positive" CHECK ("product_variants"."price_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"supplier_id" uuid NOT NULL,
	"category_id" integer NOT NULL,
	"origin_village_id" integer NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"subtitle" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"status" "product_status" DEFAULT 'draft' NOT NULL,
	"benefit_rate_bp" integer,
	"featured" boolean DEFAULT false NOT NULL,
	"season_months" smallint[] DEFAULT '{}'::smallint[] NOT NULL,
	"trace_code" text,
	"sales_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_slug_unique" UNIQUE("slug"),
	CONSTRAINT "products_rate_range" CHECK ("products"."benefit_rate_bp" is null or "products"."benefit_rate_bp" between 0 and 10000),
	CONSTRAINT "products_sales_nonneg" CHECK ("products"."sales_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "refund_lines" (
	"refund_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"amount_fen" integer NOT NULL,
	"quantity" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "refund_lines_refund_id_order_line_id_pk" PRIMARY KEY("refund_id","order_line_id"),
	CONSTRAINT "refund_lines_amount_positive" CHECK ("refund_lines"."amount_fen" > 0),
	CONSTRAINT "refund_lines_quantity_nonneg" CHECK ("refund_lines"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"amount_fen" integer NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"status" "refund_status" DEFAULT 'pending' NOT NULL,
	"idempotency_key" text NOT NULL,
	"provider_refund_id" text,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"succeeded_at" timestamp with time zone,
	CONSTRAINT "refunds_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "refunds_provider_refund_id_unique" UNIQUE("provider_refund_id"),
	CONSTRAINT "refunds_amount_positive" CHECK ("refunds"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "regions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"level" "region_level" NOT NULL,
	"parent_id" integer,
	CONSTRAINT "regions_code_unique" UNIQUE("code"),
	CONSTRAINT "regions_parent_required" CHECK (("regions"."level" = 'district') = ("regions"."parent_id" is null))
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_part_id" uuid NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"shipped_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "stats_beneficiary_daily" (
	"stat_date" date NOT NULL,
	"beneficiary_type" "beneficiary_type" NOT NULL,
	"beneficiary_id" uuid NOT NULL,
	"income_type" "income_type" NOT NULL,
	"town_id" integer NOT NULL,
	"village_id" integer NOT NULL,
	"household_kind" "household_kind",
	"household_members" smallint,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_beneficiary_daily_stat_date_beneficiary_type_beneficiary_id_income_type_pk" PRIMARY KEY("stat_date","beneficiary_type","beneficiary_id","income_type")
);
--> statement-breakpoint
CREATE TABLE "stats_orders_daily" (
	"stat_date" date NOT NULL,
	"town_id" integer NOT NULL,
	"buyer_kind" "buyer_kind" NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_orders_daily_stat_date_town_id_buyer_kind_pk" PRIMARY KEY("stat_date","town_id","buyer_kind")
);
--> statement-breakpoint
CREATE TABLE "stats_sales_daily" (
	"stat_date" date NOT NULL,
	"town_id" integer NOT NULL,
	"village_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"supplier_id" uuid NOT NULL,
	"supplier_kind" "supplier_kind" NOT NULL,
	"buyer_kind" "buyer_kind" NOT NULL,
	"certified" boolean NOT NULL,
	"sales_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"quantity" integer DEFAULT 0 NOT NULL,
	"lines" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_sales_daily_stat_date_town_id_village_id_category_id_supplier_id_buyer_kind_certified_pk" PRIMARY KEY("stat_date","town_id","village_id","category_id","supplier_id","buyer_kind","certified")
);
--> statement-breakpoint
CREATE TABLE "suppliers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"kind" "supplier_kind" NOT NULL,
	"party_branch_led" boolean DEFAULT false NOT NULL,
	"village_id" integer NOT NULL,
	"town_id" integer NOT NULL,
	"credit_code" text,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"story" text DEFAULT '' NOT NULL,
	"benefit_rate_bp" integer NOT NULL,
	"shipping_flat_fen" integer DEFAULT 0 NOT NULL,
	"free_shipping_threshold_fen" integer,
	"status" "supplier_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppliers_slug_unique" UNIQUE("slug"),
	CONSTRAINT "suppliers_credit_code_unique" UNIQUE("credit_code"),
	CONSTRAINT "suppliers_rate_range" CHECK ("suppliers"."benefit_rate_bp" between 0 and 10000),
	CONSTRAINT "suppliers_shipping_nonneg" CHECK ("suppliers"."shipping_flat_fen" >= 0),
	CONSTRAINT "suppliers_threshold_nonneg" CHECK ("suppliers"."free_shipping_threshold_fen" is null or "suppliers"."free_shipping_threshold_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mobile" text,
	"email" text,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" DEFAULT 'customer' NOT NULL,
	"supplier_id" uuid,
	"region_id" integer,
	"organisation_id" uuid,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_mobile_unique" UNIQUE("mobile"),
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_has_login" CHECK ("users"."mobile" is not null or "users"."email" is not null),
	CONSTRAINT "users_staff_scope" CHECK ("users"."role" <> 'supplier_staff' or "users"."supplier_id" is not null),
	CONSTRAINT "users_official_scope" CHECK ("users"."role" <> 'official' or "users"."region_id" is not null),
	CONSTRAINT "users_buyer_admin_scope" CHECK ("users"."role" <> 'buyer_admin' or "users"."organisation_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "village_collectives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"village_id" integer NOT NULL,
	"town_id" integer NOT NULL,
	"name" text NOT NULL,
	"credit_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "village_collectives_village_id_unique" UNIQUE("village_id"),
	CONSTRAINT "village_collectives_credit_code_unique" UNIQUE("credit_code")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_entries" ADD CONSTRAINT "attribution_entries_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_entries" ADD CONSTRAINT "attribution_entries_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_entries" ADD CONSTRAINT "attribution_entries_linkage_id_linkages_id_fk" FOREIGN KEY ("linkage_id") REFERENCES "public"."linkages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_entries" ADD CONSTRAINT "attribution_entries_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_entries" ADD CONSTRAINT "attribution_entries_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_entries" ADD CONSTRAINT "attribution_entries_village_collective_id_village_collectives_id_fk" FOREIGN KEY ("village_collective_id") REFERENCES "public"."village_collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_entries" ADD CONSTRAINT "attribution_entries_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_entries" ADD CONSTRAINT "attribution_entries_village_id_regions_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_entries" ADD CONSTRAINT "attribution_entries_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_entries" ADD CONSTRAINT "attribution_entries_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buyer_memberships" ADD CONSTRAINT "buyer_memberships_organisation_id_buyer_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."buyer_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buyer_memberships" ADD CONSTRAINT "buyer_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buyer_memberships" ADD CONSTRAINT "buyer_memberships_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buyer_organisations" ADD CONSTRAINT "buyer_organisations_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buyer_targets" ADD CONSTRAINT "buyer_targets_organisation_id_buyer_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."buyer_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_lines" ADD CONSTRAINT "cart_lines_cart_id_carts_id_fk" FOREIGN KEY ("cart_id") REFERENCES "public"."carts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_lines" ADD CONSTRAINT "cart_lines_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_id_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_applied_by_users_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_village_id_regions_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_events" ADD CONSTRAINT "linkage_events_linkage_id_linkages_id_fk" FOREIGN KEY ("linkage_id") REFERENCES "public"."linkages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_events" ADD CONSTRAINT "linkage_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkages" ADD CONSTRAINT "linkages_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkages" ADD CONSTRAINT "linkages_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkages" ADD CONSTRAINT "linkages_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkages" ADD CONSTRAINT "linkages_village_collective_id_village_collectives_id_fk" FOREIGN KEY ("village_collective_id") REFERENCES "public"."village_collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkages" ADD CONSTRAINT "linkages_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkages" ADD CONSTRAINT "linkages_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_part_id_order_parts_id_fk" FOREIGN KEY ("order_part_id") REFERENCES "public"."order_parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_origin_village_id_regions_id_fk" FOREIGN KEY ("origin_village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_origin_town_id_regions_id_fk" FOREIGN KEY ("origin_town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_parts" ADD CONSTRAINT "order_parts_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_parts" ADD CONSTRAINT "order_parts_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_organisation_id_buyer_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."buyer_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_variants" ADD CONSTRAINT "product_variants_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_origin_village_id_regions_id_fk" FOREIGN KEY ("origin_village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_lines" ADD CONSTRAINT "refund_lines_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_lines" ADD CONSTRAINT "refund_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_parent_id_regions_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_order_part_id_order_parts_id_fk" FOREIGN KEY ("order_part_id") REFERENCES "public"."order_parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_shipped_by_users_id_fk" FOREIGN KEY ("shipped_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_beneficiary_daily" ADD CONSTRAINT "stats_beneficiary_daily_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_beneficiary_daily" ADD CONSTRAINT "stats_beneficiary_daily_village_id_regions_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_orders_daily" ADD CONSTRAINT "stats_orders_daily_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_sales_daily" ADD CONSTRAINT "stats_sales_daily_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_sales_daily" ADD CONSTRAINT "stats_sales_daily_village_id_regions_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_sales_daily" ADD CONSTRAINT "stats_sales_daily_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_sales_daily" ADD CONSTRAINT "stats_sales_daily_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppliers" ADD CONSTRAINT "suppliers_village_id_regions_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppliers" ADD CONSTRAINT "suppliers_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_buyer_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."buyer_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_collectives" ADD CONSTRAINT "village_collectives_village_id_regions_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_collectives" ADD CONSTRAINT "village_collectives_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attribution_sale_once" ON "attribution_entries" USING btree ("order_line_id","linkage_id") WHERE "attribution_entries"."kind" = 'sale';--> statement-breakpoint
CREATE UNIQUE INDEX "attribution_reversal_once" ON "attribution_entries" USING btree ("refund_id","order_line_id","linkage_id") WHERE "attribution_entries"."kind" = 'reversal';--> statement-breakpoint
CREATE INDEX "attribution_stat_date_idx" ON "attribution_entries" USING btree ("stat_date","town_id");--> statement-breakpoint
CREATE INDEX "attribution_household_idx" ON "attribution_entries" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "attribution_supplier_idx" ON "attribution_entries" USING btree ("supplier_id","stat_date");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "buyer_memberships_user_idx" ON "buyer_memberships" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carts_one_per_user" ON "carts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "categories_parent_idx" ON "categories" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "certifications_supplier_idx" ON "certifications" USING btree ("supplier_id","subject","status");--> statement-breakpoint
CREATE INDEX "certifications_product_idx" ON "certifications" USING btree ("product_id","status");--> statement-breakpoint
CREATE INDEX "certifications_status_idx" ON "certifications" USING btree ("status","notice_ends_on");--> statement-breakpoint
CREATE INDEX "households_town_kind_idx" ON "households" USING btree ("town_id","kind");--> statement-breakpoint
CREATE INDEX "households_village_idx" ON "households" USING btree ("village_id");--> statement-breakpoint
CREATE INDEX "linkage_events_linkage_idx" ON "linkage_events" USING btree ("linkage_id","created_at");--> statement-breakpoint
CREATE INDEX "linkages_supplier_in_force_idx" ON "linkages" USING btree ("supplier_id","status","valid_from");--> statement-breakpoint
CREATE INDEX "linkages_product_idx" ON "linkages" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "linkages_household_idx" ON "linkages" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "linkages_collective_idx" ON "linkages" USING btree ("village_collective_id");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_lines_part_idx" ON "order_lines" USING btree ("order_part_id");--> statement-breakpoint
CREATE INDEX "order_lines_supplier_idx" ON "order_lines" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "order_lines_product_idx" ON "order_lines" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "order_parts_order_supplier" ON "order_parts" USING btree ("order_id","supplier_id");--> statement-breakpoint
CREATE INDEX "order_parts_supplier_status_idx" ON "order_parts" USING btree ("supplier_id","status");--> statement-breakpoint
CREATE INDEX "orders_user_idx" ON "orders" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_org_idx" ON "orders" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_expiry_idx" ON "orders" USING btree ("expires_at") WHERE "orders"."status" = 'pending_payment';--> statement-breakpoint
CREATE INDEX "orders_paid_at_idx" ON "orders" USING btree ("paid_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_events_provider_event" ON "payment_events" USING btree ("provider","provider_event_id");--> statement-breakpoint
CREATE INDEX "payment_events_order_idx" ON "payment_events" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payments_order_idx" ON "payments" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_provider_ref" ON "payments" USING btree ("provider","provider_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_success_per_order" ON "payments" USING btree ("order_id") WHERE "payments"."status" = 'succeeded';--> statement-breakpoint
CREATE INDEX "product_images_product_idx" ON "product_images" USING btree ("product_id","sort_order");--> statement-breakpoint
CREATE INDEX "product_variants_product_idx" ON "product_variants" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "products_supplier_idx" ON "products" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "products_listing_idx" ON "products" USING btree ("status","category_id","created_at");--> statement-breakpoint
CREATE INDEX "products_popular_idx" ON "products" USING btree ("status","sales_count");--> statement-breakpoint
CREATE INDEX "products_origin_idx" ON "products" USING btree ("origin_village_id");--> statement-breakpoint
CREATE INDEX "refund_lines_line_idx" ON "refund_lines" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "refunds_order_idx" ON "refunds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "shipments_part_idx" ON "shipments" USING btree ("order_part_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_carrier_tracking" ON "shipments" USING btree ("carrier","tracking_number");--> statement-breakpoint
CREATE INDEX "stats_beneficiary_daily_town_idx" ON "stats_beneficiary_daily" USING btree ("town_id","stat_date");--> statement-breakpoint
CREATE INDEX "stats_sales_daily_town_idx" ON "stats_sales_daily" USING btree ("town_id","stat_date");--> statement-breakpoint
CREATE INDEX "suppliers_town_idx" ON "suppliers" USING btree ("town_id");--> statement-breakpoint
CREATE INDEX "village_collectives_town_idx" ON "village_collectives" USING btree ("town_id");