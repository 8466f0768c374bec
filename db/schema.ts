// The whole domain of DESIGN.md §3 in one schema. Money is integer fen (integer per line/order,
// bigint where sums over many rows accumulate); times are timestamptz; business dates are `date`
// values already converted to Asia/Shanghai.
import { sql } from "drizzle-orm";
import { INCOME_TYPES, MECHANISMS } from "../core/mechanisms";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const id = () => uuid("id").primaryKey().defaultRandom();
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const tstz = (name: string) => timestamp(name, { withTimezone: true });
const fen = (name: string) => integer(name);
const bigFen = (name: string) => bigint(name, { mode: "number" });

// ─── enums ────────────────────────────────────────────────────────────────────────────────
export const regionLevel = pgEnum("region_level", ["district", "town", "subdistrict", "village"]);
export const householdKind = pgEnum("household_kind", [
  "alleviated",
  "monitored_unstable",
  "monitored_marginal",
  "monitored_hardship",
]);
export const householdStatus = pgEnum("household_status", ["active", "inactive"]);
export const beneficiaryType = pgEnum("beneficiary_type", ["household", "village_collective"]);
export const supplierKind = pgEnum("supplier_kind", [
  "cooperative",
  "enterprise",
  "village_collective",
  "workshop",
  "household",
]);
export const supplierStatus = pgEnum("supplier_status", ["active", "suspended", "closed"]);
// onboarding (helper D): owners of a supplier manage its staff (users.supplier_role).
export const supplierRole = pgEnum("supplier_role", ["owner", "staff"]);
export const certificationSubject = pgEnum("certification_subject", ["supplier", "product"]);
export const certificationStatus = pgEnum("certification_status", [
  "applied",
  "under_review",
  "public_notice",
  "certified",
  "rejected",
  "revoked",
  "expired",
]);
export const productStatus = pgEnum("product_status", ["draft", "active", "withdrawn"]);
export const linkageMechanism = pgEnum("linkage_mechanism", MECHANISMS);
export const incomeType = pgEnum("income_type", INCOME_TYPES);
export const linkageStatus = pgEnum("linkage_status", ["proposed", "approved", "rejected", "terminated"]);
export const userRole = pgEnum("user_role", [
  "customer",
  "buyer_admin",
  "supplier_staff",
  "official",
  "admin",
]);
export const buyerKind = pgEnum("buyer_kind", ["individual", "budget_unit", "union", "enterprise"]);
export const buyerOrgKind = pgEnum("buyer_org_kind", ["budget_unit", "union", "enterprise"]);
export const membershipStatus = pgEnum("membership_status", ["invited", "active", "removed"]);
export const orderStatus = pgEnum("order_status", [
  "pending_payment",
  // 待付尾款: a pre-sale's deposit (定金) is paid, its balance (尾款) is due (decision 114).
  "deposit_paid",
  "paid",
  "shipped",
  "delivered",
  "completed",
  "cancelled",
]);
export const orderPartStatus = pgEnum("order_part_status", [
  "pending_payment",
  "deposit_paid",
  "paid",
  "shipped",
  "delivered",
  "completed",
  "cancelled",
]);
export const paymentProvider = pgEnum("payment_provider", [
  "demo",
  "stripe",
  "bank_transfer",
  "alipay", // helper A: Alipay (alipay-sdk)
  "wechat_pay", // helper A: WeChat Pay API v3
]);
export const paymentStatus = pgEnum("payment_status", [
  "created",
  "pending",
  "succeeded",
  "failed",
  "expired",
  "cancelled",
]);
export const refundStatus = pgEnum("refund_status", ["pending", "succeeded", "failed"]);
export const ledgerEntryKind = pgEnum("ledger_entry_kind", ["sale", "reversal"]);

// ─── regions and beneficiaries ───────────────────────────────────────────────────────────
export const regions = pgTable(
  "regions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    code: text("code").notNull().unique(), // 行政区划代码 (12 digits)
    name: text("name").notNull(),
    nameEn: text("name_en"),
    level: regionLevel("level").notNull(),
    parentId: integer("parent_id").references((): AnyPgColumn => regions.id),
  },
  (t) => [
    index("regions_parent_idx").on(t.parentId),
    check("regions_parent_required", sql`(${t.level} = 'district') = (${t.parentId} is null)`),
  ],
);

export const households = pgTable(
  "households",
  {
    id: id(),
    registryCode: text("registry_code").notNull().unique(), // 户编码 used by officials
    headName: text("head_name").notNull(),
    idCardCipher: text("id_card_cipher").notNull(), // AES-GCM with PII_KEY
    idCardHash: text("id_card_hash").notNull().unique(), // HMAC-SHA256 with PII_KEY, for look-up
    idCardMasked: text("id_card_masked").notNull(), // 4101**********1234
    memberCount: smallint("member_count").notNull(),
    villageId: integer("village_id")
      .notNull()
      .references(() => regions.id),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id), // denormalised for scope filters
    kind: householdKind("kind").notNull(),
    status: householdStatus("status").notNull().default("active"),
    riskEliminatedAt: tstz("risk_eliminated_at"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("households_town_kind_idx").on(t.townId, t.kind),
    index("households_village_idx").on(t.villageId),
    // The monitored households still to reach, in registry-code order per village (statistics).
    index("households_monitored_idx")
      .on(t.villageId, t.registryCode)
      .where(sql`${t.status} = 'active' and ${t.riskEliminatedAt} is null and ${t.kind} <> 'alleviated'`),
    check("households_members_positive", sql`${t.memberCount} > 0`),
    check("households_risk_only_monitored", sql`${t.riskEliminatedAt} is null or ${t.kind} <> 'alleviated'`),
  ],
);

export const villageCollectives = pgTable(
  "village_collectives",
  {
    id: id(),
    villageId: integer("village_id")
      .notNull()
      .unique()
      .references(() => regions.id),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id),
    name: text("name").notNull(),
    creditCode: text("credit_code").unique(), // 统一社会信用代码
    createdAt: createdAt(),
  },
  (t) => [index("village_collectives_town_idx").on(t.townId)],
);

// ─── suppliers, catalog, certification ───────────────────────────────────────────────────
export const suppliers = pgTable(
  "suppliers",
  {
    id: id(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    nameEn: text("name_en"),
    kind: supplierKind("kind").notNull(),
    partyBranchLed: boolean("party_branch_led").notNull().default(false),
    villageId: integer("village_id")
      .notNull()
      .references(() => regions.id),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id),
    creditCode: text("credit_code").unique(),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    story: text("story").notNull().default(""),
    storyEn: text("story_en"), // optional English story (issue 17)
    benefitRateBp: integer("benefit_rate_bp").notNull(), // 带农比例 in basis points
    shippingFlatFen: fen("shipping_flat_fen").notNull().default(0),
    freeShippingThresholdFen: fen("free_shipping_threshold_fen"),
    status: supplierStatus("status").notNull().default("active"),
    createdAt: createdAt(),
  },
  (t) => [
    index("suppliers_town_idx").on(t.townId),
    check("suppliers_rate_range", sql`${t.benefitRateBp} between 0 and 10000`),
    check("suppliers_shipping_nonneg", sql`${t.shippingFlatFen} >= 0`),
    check(
      "suppliers_threshold_nonneg",
      sql`${t.freeShippingThresholdFen} is null or ${t.freeShippingThresholdFen} >= 0`,
    ),
  ],
);

export const categories = pgTable(
  "categories",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    parentId: integer("parent_id").references((): AnyPgColumn => categories.id),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [index("categories_parent_idx").on(t.parentId)],
);

export const products = pgTable(
  "products",
  {
    id: id(),
    slug: text("slug").notNull().unique(),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    originVillageId: integer("origin_village_id")
      .notNull()
      .references(() => regions.id),
    name: text("name").notNull(),
    nameEn: text("name_en"),
    subtitle: text("subtitle").notNull().default(""),
    description: text("description").notNull().default(""),
    subtitleEn: text("subtitle_en"), // optional English tagline and description (issue 17)
    descriptionEn: text("description_en"),
    searchText: text("search_text").notNull().default(""), // name, pinyin, initials, supplier, village
    // Its bigrams, kept by the database (function in migration 0008): the search index.
    searchGrams: text("search_grams")
      .array()
      .generatedAlwaysAs(sql`search_bigrams(search_text)`),
    status: productStatus("status").notNull().default("draft"),
    benefitRateBp: integer("benefit_rate_bp"), // overrides the supplier's rate when set
    featured: boolean("featured").notNull().default(false),
    seasonMonths: smallint("season_months")
      .array()
      .notNull()
      .default(sql`'{}'::smallint[]`),
    traceCode: text("trace_code"), // 追溯码
    // 已售: units paid minus units refunded, kept by markOrderPaid and refundOrderLinesIn (decision 090).
    salesCount: integer("sales_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("products_supplier_idx").on(t.supplierId),
    index("products_listing_idx").on(t.status, t.categoryId, t.createdAt),
    index("products_popular_idx").on(t.status, t.salesCount),
    index("products_origin_idx").on(t.originVillageId),
    index("products_search_grams_idx").using("gin", t.searchGrams),
    check("products_rate_range", sql`${t.benefitRateBp} is null or ${t.benefitRateBp} between 0 and 10000`),
    check("products_sales_nonneg", sql`${t.salesCount} >= 0`),
  ],
);

export const productVariants = pgTable(
  "product_variants",
  {
    id: id(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    sku: text("sku").notNull().unique(),
    spec: text("spec").notNull(), // e.g. "5 kg 礼盒"
    specEn: text("spec_en"),
    priceFen: fen("price_fen").notNull(),
    stock: integer("stock").notNull().default(0),
    weightGrams: integer("weight_grams"),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [
    index("product_variants_product_idx").on(t.productId),
    check("product_variants_stock_nonneg", sql`${t.stock} >= 0`),
    check("product_variants_price_positive", sql`${t.priceFen} > 0`),
  ],
);

export const productImages = pgTable(
  "product_images",
  {
    id: id(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    path: text("path").notNull(), // under /public or the upload folder
    alt: text("alt").notNull().default(""),
    width: integer("width"),
    height: integer("height"),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [index("product_images_product_idx").on(t.productId, t.sortOrder)],
);

// One counter that moves whenever something an anonymous storefront page shows changes (a product,
// a price, stock reaching or leaving zero, a supplier, a certification): triggers in migration 0011
// bump it in the writer's own transaction, and every app process compares it before serving a
// cached page (app/lib/page-cache.server.ts, decision 059).
export const pageCacheGeneration = pgTable(
  "page_cache_generation",
  {
    id: smallint("id").primaryKey().default(1),
    generation: bigint("generation", { mode: "number" }).notNull().default(0),
  },
  (t) => [check("page_cache_generation_single_row", sql`${t.id} = 1`)],
);

export const certifications = pgTable(
  "certifications",
  {
    id: id(),
    subject: certificationSubject("subject").notNull(),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    productId: uuid("product_id").references(() => products.id),
    status: certificationStatus("status").notNull().default("applied"),
    certificateNo: text("certificate_no").unique(),
    issuer: text("issuer"),
    validFrom: date("valid_from"),
    validUntil: date("valid_until"),
    noticeStartsOn: date("notice_starts_on"), // 公示
    noticeEndsOn: date("notice_ends_on"),
    documents: jsonb("documents").$type<{ name: string; path: string }[]>().notNull().default([]),
    rejectionReason: text("rejection_reason"),
    appliedBy: uuid("applied_by").references(() => users.id),
    decidedBy: uuid("decided_by").references(() => users.id),
    appliedAt: createdAt(),
    decidedAt: tstz("decided_at"),
  },
  (t) => [
    index("certifications_supplier_idx").on(t.supplierId, t.subject, t.status),
    index("certifications_product_idx").on(t.productId, t.status),
    index("certifications_status_idx").on(t.status, t.noticeEndsOn),
    check("certifications_subject_product", sql`(${t.subject} = 'product') = (${t.productId} is not null)`),
    check(
      "certifications_certified_complete",
      sql`${t.status} <> 'certified' or (${t.certificateNo} is not null and ${t.issuer} is not null and ${t.validUntil} is not null)`,
    ),
    check(
      "certifications_validity_order",
      sql`${t.validUntil} is null or ${t.validFrom} is null or ${t.validUntil} >= ${t.validFrom}`,
    ),
  ],
);

// ─── linkages (利益联结) ───────────────────────────────────────────────────────────────────
export const linkages = pgTable(
  "linkages",
  {
    id: id(),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    productId: uuid("product_id").references(() => products.id), // null: all the supplier's products
    beneficiaryType: beneficiaryType("beneficiary_type").notNull(),
    householdId: uuid("household_id").references(() => households.id),
    villageCollectiveId: uuid("village_collective_id").references(() => villageCollectives.id),
    mechanism: linkageMechanism("mechanism").notNull(),
    weight: integer("weight").notNull(),
    validFrom: date("valid_from").notNull(),
    validUntil: date("valid_until"),
    evidence: text("evidence").notNull().default(""),
    evidencePath: text("evidence_path"),
    status: linkageStatus("status").notNull().default("proposed"),
    rejectionReason: text("rejection_reason"),
    proposedBy: uuid("proposed_by").references(() => users.id),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: tstz("decided_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("linkages_supplier_in_force_idx").on(t.supplierId, t.status, t.validFrom),
    index("linkages_product_idx").on(t.productId),
    index("linkages_household_idx").on(t.householdId),
    index("linkages_collective_idx").on(t.villageCollectiveId),
    check("linkages_weight_positive", sql`${t.weight} > 0`),
    check("linkages_validity_order", sql`${t.validUntil} is null or ${t.validUntil} >= ${t.validFrom}`),
    check(
      "linkages_one_beneficiary",
      sql`(${t.beneficiaryType} = 'household' and ${t.householdId} is not null and ${t.villageCollectiveId} is null)
       or (${t.beneficiaryType} = 'village_collective' and ${t.villageCollectiveId} is not null and ${t.householdId} is null)`,
    ),
  ],
);

export const linkageEvents = pgTable(
  "linkage_events",
  {
    id: id(),
    linkageId: uuid("linkage_id")
      .notNull()
      .references(() => linkages.id),
    action: text("action").notNull(), // proposed, approved, rejected, terminated, edited
    reason: text("reason"),
    actorId: uuid("actor_id").references(() => users.id),
    at: createdAt(),
  },
  (t) => [index("linkage_events_linkage_idx").on(t.linkageId, t.at)],
);

// ─── users and institutional buyers ──────────────────────────────────────────────────────
export const buyerOrganisations = pgTable(
  "buyer_organisations",
  {
    id: id(),
    name: text("name").notNull(),
    kind: buyerOrgKind("kind").notNull(),
    regionId: integer("region_id").references(() => regions.id),
    invoiceTitle: text("invoice_title").notNull(),
    taxNumber: text("tax_number").notNull(),
    memberYearlyAllowanceFen: fen("member_yearly_allowance_fen"), // unions: e.g. ¥600 per member
    parentId: uuid("parent_id").references((): AnyPgColumn => buyerOrganisations.id), // governance: 上级单位
    createdAt: createdAt(),
  },
  (t) => [
    check(
      "buyer_orgs_allowance_nonneg",
      sql`${t.memberYearlyAllowanceFen} is null or ${t.memberYearlyAllowanceFen} >= 0`,
    ),
  ],
);

export const buyerTargets = pgTable(
  "buyer_targets",
  {
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => buyerOrganisations.id),
    year: smallint("year").notNull(),
    targetFen: bigFen("target_fen").notNull(), // 预留份额
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.year] }),
    check("buyer_targets_nonneg", sql`${t.targetFen} >= 0`),
  ],
);

export const users = pgTable(
  "users",
  {
    id: id(),
    mobile: text("mobile").unique(),
    email: text("email").unique(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull().default("customer"),
    supplierId: uuid("supplier_id").references(() => suppliers.id), // scope of supplier_staff
    supplierRole: supplierRole("supplier_role").notNull().default("staff"), // onboarding: owners manage staff
    regionId: integer("region_id").references(() => regions.id), // scope of official
    organisationId: uuid("organisation_id").references(() => buyerOrganisations.id), // scope of buyer_admin
    locale: text("locale").notNull().default("zh-CN"),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: tstz("locked_until"),
    // Consent to the user agreement and privacy policy at sign-up (PIPL: consent must be provable):
    // when, and which version of the documents. Null for accounts made by staff or the seed.
    termsAcceptedAt: tstz("terms_accepted_at"),
    termsVersion: text("terms_version"),
    createdAt: createdAt(),
    deactivatedAt: tstz("deactivated_at"), // official accounts (issue 18): no sign-in from then on
  },
  (t) => [
    check("users_has_login", sql`${t.mobile} is not null or ${t.email} is not null`),
    check("users_staff_scope", sql`${t.role} <> 'supplier_staff' or ${t.supplierId} is not null`),
    check("users_official_scope", sql`${t.role} <> 'official' or ${t.regionId} is not null`),
    check("users_buyer_admin_scope", sql`${t.role} <> 'buyer_admin' or ${t.organisationId} is not null`),
  ],
);

// Signed-in sessions (DESIGN.md §5): the cookie carries only this id, so logging out, a password
// change or an admin can end a session for good; a copied cookie dies with its row.
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(), // 32 random bytes, base64url
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
    revokedAt: tstz("revoked_at"),
    lastSeenAt: tstz("last_seen_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const buyerMemberships = pgTable(
  "buyer_memberships",
  {
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => buyerOrganisations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    status: membershipStatus("status").notNull().default("invited"),
    approvedBy: uuid("approved_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.userId] }),
    index("buyer_memberships_user_idx").on(t.userId),
  ],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(), // SHA-256; the token itself is shown once
    createdAt: createdAt(),
    lastUsedAt: tstz("last_used_at"),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

// ─── carts ───────────────────────────────────────────────────────────────────────────────
export const carts = pgTable(
  "carts",
  {
    id: id(),
    userId: uuid("user_id").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("carts_one_per_user").on(t.userId)],
);

export const cartLines = pgTable(
  "cart_lines",
  {
    cartId: uuid("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    variantId: uuid("variant_id")
      .notNull()
      .references(() => productVariants.id),
    quantity: integer("quantity").notNull(),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.cartId, t.variantId] }),
    check("cart_lines_quantity_range", sql`${t.quantity} between 1 and 999`),
  ],
);

// ─── orders ──────────────────────────────────────────────────────────────────────────────
export const orderNumberSequences = pgTable("order_number_sequences", {
  day: date("day").primaryKey(), // Asia/Shanghai business date
  last: integer("last").notNull(),
});

export const orders = pgTable(
  "orders",
  {
    id: id(),
    orderNumber: text("order_number").notNull().unique(), // 20261122-000123
    userId: uuid("user_id").references(() => users.id),
    // The cart it was placed from: a repeated submit of that checkout finds this order (checkout.server.ts).
    cartId: uuid("cart_id").references(() => carts.id, { onDelete: "set null" }),
    organisationId: uuid("organisation_id").references(() => buyerOrganisations.id),
    buyerKind: buyerKind("buyer_kind").notNull().default("individual"),
    contactName: text("contact_name").notNull(),
    contactMobile: text("contact_mobile").notNull(), // with the number, a guest can open the order
    shippingAddress: jsonb("shipping_address")
      .$type<{ province: string; city: string; district: string; detail: string; postcode?: string }>()
      .notNull(),
    status: orderStatus("status").notNull().default("pending_payment"),
    paymentProvider: paymentProvider("payment_provider").notNull(),
    subtotalFen: fen("subtotal_fen").notNull(),
    shippingFen: fen("shipping_fen").notNull(),
    totalFen: fen("total_fen").notNull(),
    refundedFen: fen("refunded_fen").notNull().default(0),
    expiresAt: tstz("expires_at").notNull(), // stock is released when unpaid by then
    paidAt: tstz("paid_at"),
    cancelledAt: tstz("cancelled_at"),
    cancelReason: text("cancel_reason"),
    completedAt: tstz("completed_at"),
    // A pre-sale bought with a deposit (定金, decision 114): what the first payment takes; the
    // balance (尾款) is totalFen − depositFen. Null: paid in full at once.
    depositFen: fen("deposit_fen"),
    createdAt: createdAt(),
  },
  (t) => [
    index("orders_user_idx").on(t.userId, t.createdAt),
    index("orders_org_idx").on(t.organisationId, t.createdAt),
    index("orders_expiry_idx")
      .on(t.expiresAt)
      .where(sql`${t.status} = 'pending_payment'`),
    index("orders_cart_pending_idx")
      .on(t.cartId)
      .where(sql`${t.status} = 'pending_payment'`),
    index("orders_paid_at_idx").on(t.paidAt),
    // governance: the officials' monthly ranking of institutions reads paid organisation orders by month
    index("orders_org_paid_idx")
      .on(t.organisationId, t.paidAt)
      .where(sql`${t.organisationId} is not null`),
    check("orders_amounts_nonneg", sql`${t.subtotalFen} >= 0 and ${t.shippingFen} >= 0`),
    check("orders_total_sum", sql`${t.totalFen} = ${t.subtotalFen} + ${t.shippingFen}`),
    check("orders_refund_range", sql`${t.refundedFen} between 0 and ${t.totalFen}`),
    // Written without the newer statuses (deposit_paid) so the migration that adds them can create it.
    check(
      "orders_paid_has_time",
      sql`${t.status} not in ('paid','shipped','delivered','completed') or ${t.paidAt} is not null`,
    ),
    check(
      "orders_deposit_range",
      sql`${t.depositFen} is null or (${t.depositFen} > 0 and ${t.depositFen} < ${t.totalFen})`,
    ),
  ],
);

// Each supplier fulfils its own part of an order.
export const orderParts = pgTable(
  "order_parts",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    status: orderPartStatus("status").notNull().default("pending_payment"),
    subtotalFen: fen("subtotal_fen").notNull(),
    shippingFen: fen("shipping_fen").notNull(),
    acceptedAt: tstz("accepted_at"), // 验收 by an institutional buyer
    invoicePath: text("invoice_path"),
    invoiceUploadedAt: tstz("invoice_uploaded_at"),
    invoiceConfirmedAt: tstz("invoice_confirmed_at"),
    rating: smallint("rating"),
    ratingComment: text("rating_comment"),
    ratedAt: tstz("rated_at"),
  },
  (t) => [
    uniqueIndex("order_parts_order_supplier").on(t.orderId, t.supplierId),
    index("order_parts_supplier_status_idx").on(t.supplierId, t.status),
    check("order_parts_amounts_nonneg", sql`${t.subtotalFen} >= 0 and ${t.shippingFen} >= 0`),
    check("order_parts_rating_range", sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    orderPartId: uuid("order_part_id")
      .notNull()
      .references(() => orderParts.id),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    variantId: uuid("variant_id")
      .notNull()
      .references(() => productVariants.id),
    quantity: integer("quantity").notNull(),
    unitPriceFen: fen("unit_price_fen").notNull(),
    lineTotalFen: fen("line_total_fen").notNull(),
    refundedFen: fen("refunded_fen").notNull().default(0),
    refundedQuantity: integer("refunded_quantity").notNull().default(0),
    // Snapshots taken at checkout: later edits never change what was sold.
    productName: text("product_name").notNull(),
    variantSpec: text("variant_spec").notNull(),
    supplierName: text("supplier_name").notNull(),
    supplierKind: supplierKind("supplier_kind").notNull(),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    originVillageId: integer("origin_village_id")
      .notNull()
      .references(() => regions.id),
    originTownId: integer("origin_town_id")
      .notNull()
      .references(() => regions.id),
    certified: boolean("certified").notNull(), // product and supplier certified at that moment
    certificateNo: text("certificate_no"),
    benefitRateBp: integer("benefit_rate_bp").notNull(),
    batchId: uuid("batch_id").references((): AnyPgColumn => productBatches.id), // trace code (helper F)
  },
  (t) => [
    index("order_lines_order_idx").on(t.orderId),
    index("order_lines_part_idx").on(t.orderPartId),
    index("order_lines_supplier_idx").on(t.supplierId),
    index("order_lines_product_idx").on(t.productId),
    check("order_lines_quantity_positive", sql`${t.quantity} > 0`),
    check("order_lines_price_nonneg", sql`${t.unitPriceFen} >= 0`),
    check("order_lines_total", sql`${t.lineTotalFen} = ${t.unitPriceFen} * ${t.quantity}`),
    check("order_lines_refund_range", sql`${t.refundedFen} between 0 and ${t.lineTotalFen}`),
    check("order_lines_refund_qty_range", sql`${t.refundedQuantity} between 0 and ${t.quantity}`),
    check("order_lines_rate_range", sql`${t.benefitRateBp} between 0 and 10000`),
  ],
);

export const shipments = pgTable(
  "shipments",
  {
    id: id(),
    orderPartId: uuid("order_part_id")
      .notNull()
      .references(() => orderParts.id),
    carrier: text("carrier").notNull(),
    trackingNumber: text("tracking_number").notNull(),
    shippedBy: uuid("shipped_by").references(() => users.id),
    shippedAt: createdAt(),
    deliveredAt: tstz("delivered_at"),
  },
  (t) => [
    index("shipments_part_idx").on(t.orderPartId),
    uniqueIndex("shipments_carrier_tracking").on(t.carrier, t.trackingNumber),
  ],
);

// ─── payments ────────────────────────────────────────────────────────────────────────────
export const payments = pgTable(
  "payments",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    provider: paymentProvider("provider").notNull(),
    providerRef: text("provider_ref"), // Checkout Session id, demo id or bank transfer reference
    providerPaymentId: text("provider_payment_id"), // e.g. Stripe PaymentIntent, for refunds
    status: paymentStatus("status").notNull().default("created"),
    amountFen: fen("amount_fen").notNull(),
    currency: text("currency").notNull().default("CNY"),
    checkoutUrl: text("checkout_url"),
    // full: the whole order; deposit / balance: a pre-sale's 定金 and 尾款 (decision 114).
    purpose: text("purpose").notNull().default("full"),
    transferDate: date("transfer_date"),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: createdAt(),
    succeededAt: tstz("succeeded_at"),
  },
  (t) => [
    index("payments_order_idx").on(t.orderId),
    uniqueIndex("payments_provider_ref").on(t.provider, t.providerRef),
    uniqueIndex("payments_one_success_per_purpose")
      .on(t.orderId, t.purpose)
      .where(sql`${t.status} = 'succeeded'`),
    check("payments_purpose", sql`${t.purpose} in ('full','deposit','balance')`),
    check("payments_amount_positive", sql`${t.amountFen} > 0`),
    check("payments_currency_cny", sql`${t.currency} = 'CNY'`),
  ],
);

export const paymentEvents = pgTable(
  "payment_events",
  {
    id: id(),
    provider: paymentProvider("provider").notNull(),
    providerEventId: text("provider_event_id").notNull(),
    type: text("type").notNull(),
    orderId: uuid("order_id").references(() => orders.id),
    paymentId: uuid("payment_id").references(() => payments.id),
    payload: jsonb("payload").notNull(),
    receivedAt: createdAt(),
    processedAt: tstz("processed_at"),
  },
  (t) => [
    uniqueIndex("payment_events_provider_event").on(t.provider, t.providerEventId), // exactly once
    index("payment_events_order_idx").on(t.orderId),
  ],
);

export const refunds = pgTable(
  "refunds",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
    amountFen: fen("amount_fen").notNull(),
    // Of amount_fen, the shipping fee given back (no refund line carries it): a pre-sale whose
    // supplier missed its ships-by date refunds everything paid (decision 115).
    shippingFen: fen("shipping_fen").notNull().default(0),
    reason: text("reason").notNull().default(""),
    status: refundStatus("status").notNull().default("pending"),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    providerRefundId: text("provider_refund_id").unique(),
    requestedBy: uuid("requested_by").references(() => users.id),
    createdAt: createdAt(),
    succeededAt: tstz("succeeded_at"),
  },
  (t) => [
    index("refunds_order_idx").on(t.orderId),
    check("refunds_amount_positive", sql`${t.amountFen} > 0`),
    check("refunds_shipping_range", sql`${t.shippingFen} between 0 and ${t.amountFen}`),
  ],
);

export const refundLines = pgTable(
  "refund_lines",
  {
    refundId: uuid("refund_id")
      .notNull()
      .references(() => refunds.id),
    orderLineId: uuid("order_line_id")
      .notNull()
      .references(() => orderLines.id),
    amountFen: fen("amount_fen").notNull(),
    quantity: integer("quantity").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.refundId, t.orderLineId] }),
    index("refund_lines_line_idx").on(t.orderLineId),
    check("refund_lines_amount_positive", sql`${t.amountFen} > 0`),
    check("refund_lines_quantity_nonneg", sql`${t.quantity} >= 0`),
  ],
);

// ─── the attribution ledger (append-only: see migration 0001) ───────────────────────────
export const attributionEntries = pgTable(
  "attribution_entries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: ledgerEntryKind("kind").notNull(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    orderLineId: uuid("order_line_id")
      .notNull()
      .references(() => orderLines.id),
    linkageId: uuid("linkage_id")
      .notNull()
      .references(() => linkages.id),
    refundId: uuid("refund_id").references(() => refunds.id), // set on reversals
    amountFen: fen("amount_fen").notNull(), // reversals adjust (mostly down, see the CHECK below)
    linkageWeight: integer("linkage_weight"), // weight at payment time, so a refund re-splits exactly
    paidAt: tstz("paid_at").notNull(),
    statDate: date("stat_date").notNull(), // payment date in Asia/Shanghai: statistics group by it
    // Snapshot of everything the statistics group by, as it was at payment time.
    beneficiaryType: beneficiaryType("beneficiary_type").notNull(),
    householdId: uuid("household_id").references(() => households.id),
    villageCollectiveId: uuid("village_collective_id").references(() => villageCollectives.id),
    householdKind: householdKind("household_kind"),
    householdMembers: smallint("household_members"),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id),
    villageId: integer("village_id")
      .notNull()
      .references(() => regions.id),
    mechanism: linkageMechanism("mechanism").notNull(),
    incomeType: incomeType("income_type").notNull(),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    supplierKind: supplierKind("supplier_kind").notNull(),
    buyerKind: buyerKind("buyer_kind").notNull(),
    certified: boolean("certified").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("attribution_sale_once")
      .on(t.orderLineId, t.linkageId)
      .where(sql`${t.kind} = 'sale'`),
    uniqueIndex("attribution_reversal_once")
      .on(t.refundId, t.orderLineId, t.linkageId)
      .where(sql`${t.kind} = 'reversal'`),
    index("attribution_stat_date_idx").on(t.statDate, t.townId),
    index("attribution_household_idx").on(t.householdId),
    index("attribution_supplier_idx").on(t.supplierId, t.statDate),
    index("attribution_order_idx").on(t.orderId), // impact certificates (helper F)
    // A reversal may be +1 fen for one linkage: largest-remainder shares are not monotone in the
    // pool (the Alabama paradox), and per linkage the total must equal a fresh split of the rest.
    check(
      "attribution_sign",
      sql`(${t.kind} = 'sale' and ${t.amountFen} >= 0 and ${t.refundId} is null)
      or (${t.kind} = 'reversal' and ${t.refundId} is not null)`,
    ),
    check(
      "attribution_one_beneficiary",
      sql`(${t.beneficiaryType} = 'household' and ${t.householdId} is not null and ${t.householdKind} is not null)
       or (${t.beneficiaryType} = 'village_collective' and ${t.villageCollectiveId} is not null)`,
    ),
  ],
);

// ─── statistics rollups, kept in step with the ledger and the order lines ──────────────
// Sales per day and grouping key (net of refunds); summed by the dashboard instead of scanning lines.
export const statsSalesDaily = pgTable(
  "stats_sales_daily",
  {
    statDate: date("stat_date").notNull(),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id),
    villageId: integer("village_id")
      .notNull()
      .references(() => regions.id),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    supplierKind: supplierKind("supplier_kind").notNull(),
    buyerKind: buyerKind("buyer_kind").notNull(),
    certified: boolean("certified").notNull(),
    salesFen: bigFen("sales_fen").notNull().default(0),
    refundedFen: bigFen("refunded_fen").notNull().default(0),
    quantity: integer("quantity").notNull().default(0),
    lines: integer("lines").notNull().default(0),
  },
  (t) => [
    primaryKey({
      columns: [t.statDate, t.townId, t.villageId, t.categoryId, t.supplierId, t.buyerKind, t.certified],
    }),
    index("stats_sales_daily_town_idx").on(t.townId, t.statDate),
  ],
);

// Attributed income per beneficiary, day and income type: distinct households reached in any
// period come from here (sum > 0), without touching the ledger.
export const statsBeneficiaryDaily = pgTable(
  "stats_beneficiary_daily",
  {
    statDate: date("stat_date").notNull(),
    beneficiaryType: beneficiaryType("beneficiary_type").notNull(),
    beneficiaryId: uuid("beneficiary_id").notNull(), // household or village collective
    incomeType: incomeType("income_type").notNull(),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id),
    villageId: integer("village_id")
      .notNull()
      .references(() => regions.id),
    householdKind: householdKind("household_kind"),
    householdMembers: smallint("household_members"),
    amountFen: bigFen("amount_fen").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.statDate, t.beneficiaryType, t.beneficiaryId, t.incomeType] }),
    index("stats_beneficiary_daily_town_idx").on(t.townId, t.statDate),
  ],
);

// Orders per day, supplier town and buyer kind (counts that cannot be summed from lines): `orders`
// counts an order in each of its towns, `orders_once` only in its first town by id, as
// stats_orders_monthly — a period's edge days read these few rows, not the per-buyer ones.
export const statsOrdersDaily = pgTable(
  "stats_orders_daily",
  {
    statDate: date("stat_date").notNull(),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id), // supplier's town of an order part
    buyerKind: buyerKind("buyer_kind").notNull(),
    orders: integer("orders").notNull().default(0),
    ordersOnce: integer("orders_once").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.statDate, t.townId, t.buyerKind] })],
);

// Orders per day, supplier town and buyer: distinct buyers in any period (count distinct
// buyer_key), and orders counted once across towns (orders_once is 1 only in the order's first
// town by id), which stats_orders_daily cannot give for the whole district. buyer_key is
// 'o:'||organisation id, 'u:'||user id, or 'g:'||sha256(mobile) for a guest — no personal data.
export const statsBuyersDaily = pgTable(
  "stats_buyers_daily",
  {
    statDate: date("stat_date").notNull(),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id),
    buyerKind: buyerKind("buyer_kind").notNull(),
    buyerKey: text("buyer_key").notNull(),
    orders: integer("orders").notNull().default(0),
    ordersOnce: integer("orders_once").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.statDate, t.townId, t.buyerKind, t.buyerKey] }),
    index("stats_buyers_daily_town_idx").on(t.townId, t.statDate),
    // One buyer's active days (the rollup writer finds its previous and next one: stats_buyer_days).
    index("stats_buyers_daily_buyer_idx").on(t.buyerKey, t.statDate),
  ],
);

// Distinct buyers of any period without reading its buyer-days (decision 142). A buyer's active
// days in a region (a supplier town, or the town's district) form a chain, per buyer kind and for
// all kinds together (kind 'all'); a period's distinct buyers are the buyers whose first active
// day in the period is in it: per day, the buyers active that day by the day of the month of their
// previous active day when it is in the same month (0: none earlier that month) ...
export const statsBuyerDays = pgTable(
  "stats_buyer_days",
  {
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    kind: text("kind").notNull(), // a buyer_kind, or 'all'
    statDate: date("stat_date").notNull(),
    prevDay: smallint("prev_day").notNull(),
    buyers: integer("buyers").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.statDate, t.kind, t.prevDay] })],
);

// ... and per month, the buyers active in it by the day of the month of their first active day
// there (0: the whole month, all first days together) and their last active day before the month
// ('1900-01-01': none).
export const statsBuyerMonths = pgTable(
  "stats_buyer_months",
  {
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    kind: text("kind").notNull(),
    month: date("month").notNull(), // its first day
    firstDay: smallint("first_day").notNull(),
    lastBefore: date("last_before").notNull(),
    buyers: integer("buyers").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.month, t.kind, t.firstDay, t.lastBefore] })],
);

// Coarser rollups for long periods (kept with the daily ones, in the same transaction; every
// figure they give equals the sum of the daily rows they stand for, checked by verifyRollups).
// A period is read as whole months from the monthly tables plus the days at its ragged edges
// from the daily ones; a calendar year's distinct counts come from the yearly tables.

// The keys the officials' sales figures break down by (no supplier), and the sums.
const salesBreakdown = () => ({
  townId: integer("town_id")
    .notNull()
    .references(() => regions.id),
  villageId: integer("village_id")
    .notNull()
    .references(() => regions.id),
  categoryId: integer("category_id")
    .notNull()
    .references(() => categories.id),
  supplierKind: supplierKind("supplier_kind").notNull(),
  buyerKind: buyerKind("buyer_kind").notNull(),
  certified: boolean("certified").notNull(),
  salesFen: bigFen("sales_fen").notNull().default(0),
  quantity: bigint("quantity", { mode: "number" }).notNull().default(0),
});

// Sales per month and every key the statistics break down by (no supplier: officials' figures).
export const statsSalesMonthly = pgTable(
  "stats_sales_monthly",
  { month: date("month").notNull(), /* the first day of the month */ ...salesBreakdown() },
  (t) => [
    primaryKey({
      columns: [t.month, t.townId, t.villageId, t.categoryId, t.supplierKind, t.buyerKind, t.certified],
    }),
  ],
);

// The dashboard's sales breakdowns (issue 22, decision 155): per day or month, supplier town and
// facet — a village, a category, a supplier kind or a buyer kind (`key`: its id or value as text) —,
// certified apart. Each facet sums the same sales, so a period reads ~300 rows a day and a month
// (not ~1,000 a day and ~4,500 a month) and groups them by one key; towns, months and the headline
// sum the category facet. The equal sums of stats_sales_daily, checked by verifyRollups.
export const salesFacet = pgEnum("sales_facet", ["village", "category", "supplier_kind", "buyer_kind"]);
const salesFacetSums = () => ({
  townId: integer("town_id")
    .notNull()
    .references(() => regions.id),
  facet: salesFacet("facet").notNull(),
  key: text("key").notNull(),
  certified: boolean("certified").notNull(),
  salesFen: bigFen("sales_fen").notNull().default(0),
  quantity: bigint("quantity", { mode: "number" }).notNull().default(0),
});
export const statsSalesFacetsDaily = pgTable(
  "stats_sales_facets_daily",
  { statDate: date("stat_date").notNull(), ...salesFacetSums() },
  (t) => [primaryKey({ columns: [t.statDate, t.townId, t.facet, t.key, t.certified] })],
);
export const statsSalesFacetsMonthly = pgTable(
  "stats_sales_facets_monthly",
  { month: date("month").notNull(), /* its first day */ ...salesFacetSums() },
  (t) => [primaryKey({ columns: [t.month, t.townId, t.facet, t.key, t.certified] })],
);

// Orders per month, supplier town and buyer kind: `orders` counts an order in each of its towns,
// `orders_once` only in its first town (sums of stats_buyers_daily's columns).
export const statsOrdersMonthly = pgTable(
  "stats_orders_monthly",
  {
    month: date("month").notNull(),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id),
    buyerKind: buyerKind("buyer_kind").notNull(),
    orders: integer("orders").notNull().default(0),
    ordersOnce: integer("orders_once").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.townId, t.buyerKind] })],
);

// Attributed income per month, by the town, village and kind of the beneficiary's daily rows
// (those recorded at its first payment of the day) and by income type.
export const statsIncomeMonthly = pgTable(
  "stats_income_monthly",
  {
    month: date("month").notNull(),
    beneficiaryType: beneficiaryType("beneficiary_type").notNull(),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id),
    villageId: integer("village_id")
      .notNull()
      .references(() => regions.id),
    householdKind: householdKind("household_kind"), // null for village collectives
    incomeType: incomeType("income_type").notNull(),
    amountFen: bigFen("amount_fen").notNull().default(0),
  },
  (t) => [
    unique("stats_income_monthly_key")
      .on(t.month, t.beneficiaryType, t.townId, t.villageId, t.householdKind, t.incomeType)
      .nullsNotDistinct(),
  ],
);

// Per beneficiary and calendar year (Asia/Shanghai): the net income and, as over its daily rows,
// the smallest town, village and kind and the most members — households and persons reached in a
// year without reading a row per day. `towns` > 1 marks a beneficiary seen in two towns that year
// (moved): a town's figures then need the daily rows (statistics fall back to them).
// Per beneficiary, month and town (issue 22): a period of whole months sums these rows instead of
// the daily ones (a month's beneficiaries, not its days × income types). Village and kind are the
// least, members the most, of the daily rows they sum — the same as a GROUP BY over those rows.
export const statsBeneficiaryMonthly = pgTable(
  "stats_beneficiary_monthly",
  {
    month: date("month").notNull(), // its first day
    beneficiaryType: beneficiaryType("beneficiary_type").notNull(),
    beneficiaryId: uuid("beneficiary_id").notNull(),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id),
    villageId: integer("village_id")
      .notNull()
      .references(() => regions.id),
    householdKind: householdKind("household_kind"),
    householdMembers: smallint("household_members"),
    amountFen: bigFen("amount_fen").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.beneficiaryType, t.beneficiaryId, t.townId] }),
    index("stats_beneficiary_monthly_town_idx").on(t.townId, t.month),
  ],
);

export const statsBeneficiaryYearly = pgTable(
  "stats_beneficiary_yearly",
  {
    year: smallint("year").notNull(),
    beneficiaryType: beneficiaryType("beneficiary_type").notNull(),
    beneficiaryId: uuid("beneficiary_id").notNull(),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id),
    villageId: integer("village_id")
      .notNull()
      .references(() => regions.id),
    householdKind: householdKind("household_kind"),
    householdMembers: smallint("household_members"),
    amountFen: bigFen("amount_fen").notNull().default(0),
    movedTown: boolean("moved_town").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.year, t.beneficiaryType, t.beneficiaryId] }),
    index("stats_beneficiary_yearly_moved_idx")
      .on(t.year)
      .where(sql`${t.movedTown}`),
    // The pavilion pages: one village's (or a town's villages') beneficiaries of a year (issue 21).
    index("stats_beneficiary_yearly_village_idx").on(t.year, t.villageId),
  ],
);

// Distinct buyers per calendar year, in each supplier town and in the town's district (region_id
// is the town's or the district's id): a row per buyer, so a year's buyers are a count of rows.
export const statsBuyersYearly = pgTable(
  "stats_buyers_yearly",
  {
    year: smallint("year").notNull(),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    buyerKey: text("buyer_key").notNull(),
    buyerKind: buyerKind("buyer_kind").notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.regionId, t.buyerKey] })],
);

// The number of those rows per year, region and buyer kind (added to when a row is new).
export const statsBuyerCounts = pgTable(
  "stats_buyer_counts",
  {
    year: smallint("year").notNull(),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    buyerKind: buyerKind("buyer_kind").notNull(),
    buyers: integer("buyers").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.year, t.regionId, t.buyerKind] })],
);

// ─── audit log (append-only) ─────────────────────────────────────────────────────────────
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: createdAt(),
    actorId: uuid("actor_id").references(() => users.id),
    actorRole: userRole("actor_role"),
    action: text("action").notNull(), // e.g. household.view_unmasked, product.price_changed
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id"),
    regionId: integer("region_id").references(() => regions.id),
    details: jsonb("details").notNull().default({}),
    ip: text("ip"),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_subject_idx").on(t.subjectType, t.subjectId)],
);

// ── settlement (helper B): statements of what each supplier earned, batches, payouts ─────────
// See app/models/settlement/README.md. Lines are snapshots: a part's sale line and each refund's
// line for a part are written once (unique indexes) and never rewritten.
export const settlementBatchStatus = pgEnum("settlement_batch_status", ["draft", "approved", "paid"]);
export const settlementStatementStatus = pgEnum("settlement_statement_status", ["pending", "settled"]);
// forfeited_deposit: the deposit (定金) of a pre-sale order whose balance lapsed, kept and paid to
// its supplier (decision 125). Nothing is attributed to households for it.
export const settlementLineKind = pgEnum("settlement_line_kind", ["sale", "refund", "forfeited_deposit"]);

export const settlementBatches = pgTable(
  "settlement_batches",
  {
    id: id(),
    periodFrom: date("period_from").notNull(), // Asia/Shanghai paid dates, both inclusive
    periodTo: date("period_to").notNull(),
    feeBp: integer("fee_bp").notNull(),
    status: settlementBatchStatus("status").notNull().default("draft"),
    createdBy: uuid("created_by").references(() => users.id),
    approvedBy: uuid("approved_by").references(() => users.id),
    approvedAt: tstz("approved_at"),
    createdAt: createdAt(),
  },
  (t) => [
    check("settlement_batches_period", sql`${t.periodFrom} <= ${t.periodTo}`),
    check("settlement_batches_fee_range", sql`${t.feeBp} between 0 and 10000`),
  ],
);

export const settlementStatements = pgTable(
  "settlement_statements",
  {
    id: id(),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => settlementBatches.id),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    goodsFen: bigFen("goods_fen").notNull(), // sale lines' goods
    refundsFen: bigFen("refunds_fen").notNull(), // refund lines (<= 0)
    shippingFen: bigFen("shipping_fen").notNull(),
    feeFen: bigFen("fee_fen").notNull(),
    payableFen: bigFen("payable_fen").notNull(),
    status: settlementStatementStatus("status").notNull().default("pending"),
    settledAt: tstz("settled_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("settlement_statements_batch_supplier").on(t.batchId, t.supplierId),
    index("settlement_statements_supplier_idx").on(t.supplierId, t.createdAt),
    check(
      "settlement_statements_payable",
      sql`${t.payableFen} = ${t.goodsFen} + ${t.refundsFen} + ${t.shippingFen} - ${t.feeFen}`,
    ),
    check("settlement_statements_payable_nonneg", sql`${t.payableFen} >= 0`),
  ],
);

export const settlementLines = pgTable(
  "settlement_lines",
  {
    id: id(),
    statementId: uuid("statement_id")
      .notNull()
      .references(() => settlementStatements.id),
    kind: settlementLineKind("kind").notNull(),
    orderPartId: uuid("order_part_id")
      .notNull()
      .references(() => orderParts.id),
    refundId: uuid("refund_id").references(() => refunds.id), // refund lines only
    orderNumber: text("order_number").notNull(),
    paidDate: date("paid_date").notNull(),
    // sale: the part's subtotal; refund: minus the refunded goods; forfeited_deposit: the deposit kept
    goodsFen: fen("goods_fen").notNull(),
    shippingFen: fen("shipping_fen").notNull(), // sale: the part's shipping; refund: − the shipping it gave back (decision 115)
    createdAt: createdAt(),
  },
  (t) => [
    index("settlement_lines_statement_idx").on(t.statementId),
    // A part is in exactly one statement; a refund of a part is carried exactly once.
    uniqueIndex("settlement_lines_one_sale_per_part")
      .on(t.orderPartId)
      .where(sql`${t.kind} = 'sale'`),
    uniqueIndex("settlement_lines_one_refund_per_part")
      .on(t.refundId, t.orderPartId)
      .where(sql`${t.kind} = 'refund'`),
    // The forfeited deposit is named by "neither sale nor refund" here and in the CHECK: the migration
    // that adds the enum value runs in one transaction, where the new value cannot be used yet.
    uniqueIndex("settlement_lines_one_forfeit_per_part")
      .on(t.orderPartId)
      .where(sql`${t.kind} not in ('sale', 'refund')`),
    check(
      "settlement_lines_kind_shape",
      sql`(${t.kind} = 'sale' and ${t.refundId} is null and ${t.goodsFen} >= 0 and ${t.shippingFen} >= 0) or (${t.kind} = 'refund' and ${t.refundId} is not null and ${t.goodsFen} < 0 and ${t.shippingFen} <= 0) or (${t.kind} not in ('sale', 'refund') and ${t.refundId} is null and ${t.goodsFen} > 0 and ${t.shippingFen} = 0)`,
    ),
  ],
);

export const settlementPayouts = pgTable(
  "settlement_payouts",
  {
    id: id(),
    statementId: uuid("statement_id")
      .notNull()
      .unique()
      .references(() => settlementStatements.id),
    bankReference: text("bank_reference").notNull(), // as typed
    bankReferenceKey: text("bank_reference_key").notNull().unique(), // normalised: used once
    paidOn: date("paid_on").notNull(),
    amountFen: bigFen("amount_fen").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [check("settlement_payouts_amount_positive", sql`${t.amountFen} > 0`)],
);
// ── impact certificates and trace codes (helper F) ─────────────────────────────────────────
export const impactCertificateSubject = pgEnum("impact_certificate_subject", ["order", "institution_year"]);

// A signed impact certificate (docs/certificates.md): `payload` is the canonical JSON that was
// signed (Ed25519, app/lib/signing.server.ts), exactly as issued; verification recomputes the
// figures from the ledger and compares. `raw_salt` keys the digest of the unrounded figures in the
// payload, so a change hidden by the privacy floor still shows as an amendment.
export const impactCertificates = pgTable(
  "impact_certificates",
  {
    id: text("id").primaryKey(), // 16 base32 characters, random
    subject: impactCertificateSubject("subject").notNull(),
    orderId: uuid("order_id").references(() => orders.id),
    organisationId: uuid("organisation_id").references(() => buyerOrganisations.id),
    year: smallint("year"),
    payload: text("payload").notNull(),
    signature: text("signature").notNull(), // base64
    keyId: text("key_id").notNull(), // first 16 hex of sha256 of the public key (SPKI DER)
    rawSalt: text("raw_salt").notNull(),
    issuedBy: uuid("issued_by").references(() => users.id),
    issuedAt: tstz("issued_at").notNull().defaultNow(),
  },
  (t) => [
    index("impact_certificates_order_idx").on(t.orderId),
    index("impact_certificates_org_idx").on(t.organisationId, t.year),
    check(
      "impact_certificates_subject_shape",
      sql`(${t.subject} = 'order' and ${t.orderId} is not null and ${t.organisationId} is null)
       or (${t.subject} = 'institution_year' and ${t.organisationId} is not null and ${t.year} is not null and ${t.orderId} is null)`,
    ),
  ],
);

// A production batch (批次) with its public trace code (docs/certificates.md, decision 077).
export const productBatches = pgTable(
  "product_batches",
  {
    id: id(),
    code: text("code").notNull().unique(), // 10 Crockford base32 characters, random
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    producedOn: date("produced_on").notNull(), // harvest or production date
    quantity: integer("quantity").notNull(),
    unit: text("unit").notNull(),
    documentPath: text("document_path").notNull(), // inspection report or 承诺达标合格证
    documentName: text("document_name").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("product_batches_supplier_idx").on(t.supplierId, t.createdAt),
    index("product_batches_product_idx").on(t.productId, t.producedOn),
    check("product_batches_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

// ── onboarding (helper D): supplier applications, staff invitations, dynamic management ──────
export const supplierApplicationStatus = pgEnum("supplier_application_status", [
  "submitted",
  "more_material",
  "recommended",
  "public_notice",
  "active",
  "rejected",
]);
export const supplierStandingAction = pgEnum("supplier_standing_action", [
  "warned",
  "suspended",
  "reinstated",
  "closed",
]);

/** An applicant's 申请入驻: town review → district decision → 公示 → a supplier (app/models/onboarding). */
export const supplierApplications = pgTable(
  "supplier_applications",
  {
    id: id(),
    applicantId: uuid("applicant_id")
      .notNull()
      .references(() => users.id),
    status: supplierApplicationStatus("status").notNull().default("submitted"),
    entityName: text("entity_name").notNull(),
    kind: supplierKind("kind").notNull(),
    creditCode: text("credit_code"), // 统一社会信用代码; null for a household
    idCardCipher: text("id_card_cipher"), // a household's ID number, as the registry keeps it
    idCardHash: text("id_card_hash"),
    idCardMasked: text("id_card_masked"),
    legalRepresentative: text("legal_representative").notNull(),
    contactMobile: text("contact_mobile").notNull(),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id),
    villageId: integer("village_id")
      .notNull()
      .references(() => regions.id),
    partyBranchLed: boolean("party_branch_led").notNull().default(false),
    bankName: text("bank_name").notNull(),
    bankAccountName: text("bank_account_name").notNull(),
    bankAccountNo: text("bank_account_no").notNull(),
    documents: jsonb("documents").$type<{ name: string; path: string }[]>().notNull().default([]),
    linkagePlan: text("linkage_plan").notNull(),
    // What happened, newest last, shown to the applicant: requests for material, reasons, decisions.
    history: jsonb("history")
      .$type<{ at: string; action: string; message?: string | null }[]>()
      .notNull()
      .default([]),
    rejectionReason: text("rejection_reason"),
    noticeStartsOn: date("notice_starts_on"),
    noticeEndsOn: date("notice_ends_on"),
    // The moment the 公示 is over (the midnight after notice_ends_on; sooner for a fractional
    // SUPPLIER_NOTICE_DAYS): activation and /notices compare it with now.
    noticeEndsAt: tstz("notice_ends_at"),
    townReviewedBy: uuid("town_reviewed_by").references(() => users.id),
    districtDecidedBy: uuid("district_decided_by").references(() => users.id),
    supplierId: uuid("supplier_id").references(() => suppliers.id), // set on activation
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("supplier_applications_status_idx").on(t.status, t.townId),
    // One open application per applicant; a credit code / ID number once among live applications.
    uniqueIndex("supplier_applications_one_open")
      .on(t.applicantId)
      .where(sql`${t.status} in ('submitted', 'more_material', 'recommended', 'public_notice')`),
    uniqueIndex("supplier_applications_credit_code")
      .on(t.creditCode)
      .where(sql`${t.status} <> 'rejected' and ${t.creditCode} is not null`),
    uniqueIndex("supplier_applications_id_card")
      .on(t.idCardHash)
      .where(sql`${t.status} <> 'rejected' and ${t.idCardHash} is not null`),
    check(
      "supplier_applications_identity",
      sql`(${t.kind} = 'household') = (${t.idCardHash} is not null) and (${t.kind} = 'household') = (${t.creditCode} is null)`,
    ),
    check(
      "supplier_applications_notice",
      sql`${t.status} not in ('public_notice', 'active') or (${t.noticeStartsOn} is not null and ${t.noticeEndsOn} is not null)`,
    ),
  ],
);

/** An owner's invitation to join their supplier's staff; only the SHA-256 of the token is kept. */
export const staffInvitations = pgTable(
  "staff_invitations",
  {
    id: id(),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    tokenHash: text("token_hash").notNull().unique(),
    mobile: text("mobile"),
    email: text("email"),
    supplierRole: supplierRole("supplier_role").notNull().default("staff"),
    invitedBy: uuid("invited_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
    acceptedAt: tstz("accepted_at"),
    acceptedBy: uuid("accepted_by").references(() => users.id),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [
    index("staff_invitations_supplier_idx").on(t.supplierId, t.createdAt),
    check("staff_invitations_contact", sql`${t.mobile} is not null or ${t.email} is not null`),
  ],
);

/** Warnings, suspensions, reinstatements and closures of a supplier, shown to it at /supplier/standing. */
export const supplierStandingEvents = pgTable(
  "supplier_standing_events",
  {
    id: id(),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    action: supplierStandingAction("action").notNull(),
    reason: text("reason").notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    at: createdAt(),
  },
  (t) => [index("supplier_standing_events_supplier_idx").on(t.supplierId, t.at)],
);

// ── after-sales and order tracking (helper C) ────────────────────────────────────────────
// A shopper's receipt of an order part (确认收货), by hand or by the auto-confirm sweep.
export const orderPartReceipts = pgTable("order_part_receipts", {
  orderPartId: uuid("order_part_id")
    .primaryKey()
    .references(() => orderParts.id),
  confirmedAt: tstz("confirmed_at").notNull(),
  automatic: boolean("automatic").notNull().default(false),
});

export const aftersalesKind = pgEnum("aftersales_kind", ["refund_only", "return_refund", "reshipment"]);
// awaiting_supplier, proposed, escalated are open; the others are final (docs/decisions/067).
export const aftersalesStatus = pgEnum("aftersales_status", [
  "awaiting_supplier",
  "proposed",
  "escalated",
  "refunded",
  "reshipped",
  "rejected",
  "withdrawn",
]);

export const aftersalesClaims = pgTable(
  "aftersales_claims",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    orderPartId: uuid("order_part_id")
      .notNull()
      .references(() => orderParts.id),
    orderLineId: uuid("order_line_id")
      .notNull()
      .references(() => orderLines.id),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    userId: uuid("user_id").references(() => users.id),
    kind: aftersalesKind("kind").notNull(),
    reason: text("reason").notNull(),
    description: text("description").notNull(),
    requestedFen: fen("requested_fen").notNull(), // 0 for a reshipment
    proposedFen: fen("proposed_fen"),
    refundedFen: fen("refunded_fen").notNull().default(0),
    // A return and refund: whether the returned units go back on sale, and how many did.
    restock: boolean("restock").notNull().default(false),
    restockedQuantity: integer("restocked_quantity").notNull().default(0),
    status: aftersalesStatus("status").notNull().default("awaiting_supplier"),
    replyBy: tstz("reply_by").notNull(), // the supplier's deadline; past it the sweep escalates
    refundId: uuid("refund_id").references(() => refunds.id),
    shipmentId: uuid("shipment_id").references(() => shipments.id),
    createdAt: createdAt(),
    closedAt: tstz("closed_at"),
  },
  (t) => [
    index("aftersales_claims_order_idx").on(t.orderId),
    index("aftersales_claims_supplier_idx").on(t.supplierId, t.createdAt),
    index("aftersales_claims_due_idx")
      .on(t.replyBy)
      .where(sql`${t.status} = 'awaiting_supplier'`),
    // One open claim per line: a second one (two tabs) fails here whatever the timing.
    uniqueIndex("aftersales_claims_one_open_per_line")
      .on(t.orderLineId)
      .where(sql`${t.status} in ('awaiting_supplier','proposed','escalated')`),
    check("aftersales_claims_amounts", sql`${t.requestedFen} >= 0 and ${t.refundedFen} >= 0`),
    check("aftersales_claims_proposed", sql`${t.proposedFen} is null or ${t.proposedFen} > 0`),
  ],
);

export const aftersalesEvents = pgTable(
  "aftersales_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    claimId: uuid("claim_id")
      .notNull()
      .references(() => aftersalesClaims.id),
    at: createdAt(),
    actor: text("actor").notNull(), // shopper | supplier | admin | system
    actorId: uuid("actor_id").references(() => users.id),
    action: text("action").notNull(), // opened, agreed, proposed, accepted, declined, rejected, escalated, decided, withdrawn, reshipped
    amountFen: fen("amount_fen"),
    note: text("note").notNull().default(""),
  },
  (t) => [index("aftersales_events_claim_idx").on(t.claimId, t.at)],
);

export const aftersalesPhotos = pgTable(
  "aftersales_photos",
  {
    claimId: uuid("claim_id")
      .notNull()
      .references(() => aftersalesClaims.id),
    position: smallint("position").notNull(),
    path: text("path").notNull(), // inside the upload folder (private; served by the claim routes)
  },
  (t) => [
    primaryKey({ columns: [t.claimId, t.position] }),
    check("aftersales_photos_position", sql`${t.position} between 0 and 5`),
  ],
);

// ── reviews, favourites, back-in-stock, pre-sale (helper E) ─────────────────────────────────
// A review belongs to one delivered order line (unique: once per line); hidden ones stay stored.
export const reviews = pgTable(
  "reviews",
  {
    id: id(),
    orderLineId: uuid("order_line_id")
      .notNull()
      .unique()
      .references(() => orderLines.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    rating: smallint("rating").notNull(),
    body: text("body").notNull(),
    photos: text("photos")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    reply: text("reply"),
    repliedAt: tstz("replied_at"),
    repliedBy: uuid("replied_by").references(() => users.id),
    hiddenAt: tstz("hidden_at"),
    hiddenReason: text("hidden_reason"),
    hiddenBy: uuid("hidden_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("reviews_product_idx").on(t.productId, t.createdAt),
    index("reviews_supplier_idx").on(t.supplierId, t.createdAt),
    index("reviews_user_idx").on(t.userId),
    check("reviews_rating_range", sql`${t.rating} between 1 and 5`),
    check("reviews_photos_max", sql`coalesce(array_length(${t.photos}, 1), 0) <= 6`),
  ],
);

export const favourites = pgTable(
  "favourites",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.productId] })],
);

// Marked notified by a trigger when the variant's stock goes from 0 to more (migration *_wishlist_triggers).
export const stockAlerts = pgTable(
  "stock_alerts",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    variantId: uuid("variant_id")
      .notNull()
      .references(() => productVariants.id),
    createdAt: createdAt(),
    notifiedAt: tstz("notified_at"),
  },
  (t) => [
    uniqueIndex("stock_alerts_one_open")
      .on(t.userId, t.variantId)
      .where(sql`${t.notifiedAt} is null`),
    index("stock_alerts_variant_open_idx")
      .on(t.variantId)
      .where(sql`${t.notifiedAt} is null`),
  ],
);

// A variant on pre-sale (预售): full payment at checkout, or a deposit per unit (定金, below the price)
// with the balance (尾款) paid between balance_from and balance_until (Asia/Shanghai dates, decision
// 114); at most `cap` units on live orders of this pre-sale (counted from presale_order_lines under
// this row's lock at checkout). One open per variant.
export const variantPresales = pgTable(
  "variant_presales",
  {
    id: id(),
    variantId: uuid("variant_id")
      .notNull()
      .references(() => productVariants.id),
    cap: integer("cap").notNull(),
    shipsFrom: date("ships_from").notNull(),
    shipsBy: date("ships_by").notNull(),
    depositFen: fen("deposit_fen"),
    balanceFrom: date("balance_from"),
    balanceUntil: date("balance_until"),
    createdAt: createdAt(),
    endedAt: tstz("ended_at"),
  },
  (t) => [
    uniqueIndex("variant_presales_one_open")
      .on(t.variantId)
      .where(sql`${t.endedAt} is null`),
    check("variant_presales_cap_positive", sql`${t.cap} > 0`),
    check("variant_presales_window", sql`${t.shipsFrom} <= ${t.shipsBy}`),
    check(
      "variant_presales_deposit",
      sql`(${t.depositFen} is null and ${t.balanceFrom} is null and ${t.balanceUntil} is null) or
        (${t.depositFen} > 0 and ${t.balanceFrom} <= ${t.balanceUntil} and ${t.balanceUntil} <= ${t.shipsBy})`,
    ),
  ],
);

// The pre-sale an order line was sold under, its window (a snapshot), and its cancellation after ship-by.
export const presaleOrderLines = pgTable(
  "presale_order_lines",
  {
    orderLineId: uuid("order_line_id")
      .primaryKey()
      .references(() => orderLines.id),
    presaleId: uuid("presale_id")
      .notNull()
      .references(() => variantPresales.id),
    shipsFrom: date("ships_from").notNull(),
    shipsBy: date("ships_by").notNull(),
    // A deposit line (decision 114): its deposit (per unit × quantity) and the balance window sold under.
    depositFen: fen("deposit_fen"),
    balanceFrom: date("balance_from"),
    balanceUntil: date("balance_until"),
    cancelledAt: tstz("cancelled_at"),
    refundId: uuid("refund_id").references(() => refunds.id),
    // When the buyer was told the balance window is open (decision 126): once per order.
    balanceOpenNotifiedAt: tstz("balance_open_notified_at"),
  },
  (t) => [
    index("presale_order_lines_presale_idx").on(t.presaleId),
    // The lapse sweep reads deposit lines by balance close.
    index("presale_order_lines_balance_idx")
      .on(t.balanceUntil)
      .where(sql`${t.depositFen} is not null`),
  ],
);

// ─── governance (issue 18 "Run the platform"): institution enrolment, region settings, reference
// prices and price/quality reports. Owned by app/models/governance/. ─────────────────────────────
export const institutionApplicationStatus = pgEnum("institution_application_status", [
  "submitted",
  "approved",
  "rejected",
]);
export const canteenMode = pgEnum("canteen_mode", ["none", "own", "shared", "outsourced"]);
export const productReportKind = pgEnum("product_report_kind", ["price", "quality"]);
export const productReportStatus = pgEnum("product_report_status", [
  "open",
  "dismissed",
  "warned",
  "suspended",
]);

// 预留份额 enrolment: an applicant's account becomes the organisation's buyer_admin on approval.
export const institutionApplications = pgTable(
  "institution_applications",
  {
    id: id(),
    applicantId: uuid("applicant_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    kind: buyerOrgKind("kind").notNull(),
    creditCode: text("credit_code").notNull(), // 统一社会信用代码, checked (core/credit-code.ts)
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    parentOrganisationId: uuid("parent_organisation_id").references(() => buyerOrganisations.id),
    canteen: canteenMode("canteen").notNull(),
    canteenOperatorId: uuid("canteen_operator_id").references(() => users.id), // outsourced canteens
    canteenBudgetFen: bigFen("canteen_budget_fen"), // declared yearly canteen food budget
    ratioBp: integer("ratio_bp"), // the region's ratio when the share was computed
    reservedShareFen: bigFen("reserved_share_fen").notNull(), // budget × ratio, or declared (no canteen)
    year: smallint("year").notNull(),
    status: institutionApplicationStatus("status").notNull().default("submitted"),
    rejectionReason: text("rejection_reason"),
    organisationId: uuid("organisation_id").references(() => buyerOrganisations.id),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: tstz("decided_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("institution_applications_live_credit_code")
      .on(t.creditCode)
      .where(sql`${t.status} <> 'rejected'`),
    uniqueIndex("institution_applications_one_open")
      .on(t.applicantId)
      .where(sql`${t.status} = 'submitted'`),
    index("institution_applications_status_idx").on(t.status, t.createdAt),
    check("institution_applications_share_nonneg", sql`${t.reservedShareFen} >= 0`),
    check(
      "institution_applications_budget",
      sql`(${t.canteen} = 'none') = (${t.canteenBudgetFen} is null) and (${t.canteenBudgetFen} is null or ${t.canteenBudgetFen} >= 0)`,
    ),
    check(
      "institution_applications_operator",
      sql`(${t.canteen} = 'outsourced') = (${t.canteenOperatorId} is not null)`,
    ),
  ],
);

// Settings an official of a region keeps (null: the platform default in app/models/governance).
export const regionSettings = pgTable(
  "region_settings",
  {
    regionId: integer("region_id")
      .primaryKey()
      .references(() => regions.id),
    reserveRatioBp: integer("reserve_ratio_bp"), // 预留比例, basis points
    priceFlagThresholdBp: integer("price_flag_threshold_bp"), // flagged above reference × (1 + this)
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    check(
      "region_settings_ratio_range",
      sql`${t.reserveRatioBp} is null or ${t.reserveRatioBp} between 0 and 10000`,
    ),
    check(
      "region_settings_threshold_range",
      sql`${t.priceFlagThresholdBp} is null or ${t.priceFlagThresholdBp} between 0 and 100000`,
    ),
  ],
);

// 参考价 set by an official for a category and a specification (otherwise the platform median).
export const referencePrices = pgTable(
  "reference_prices",
  {
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    specKey: text("spec_key").notNull(), // normalised specification (see governance/prices.server.ts)
    priceFen: fen("price_fen").notNull(),
    setBy: uuid("set_by").references(() => users.id),
    setAt: tstz("set_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.categoryId, t.specKey] }),
    check("reference_prices_positive", sql`${t.priceFen} > 0`),
  ],
);

// A price or quality problem reported from a product page, and what an official did about it.
export const productReports = pgTable(
  "product_reports",
  {
    id: id(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    reporterId: uuid("reporter_id").references(() => users.id), // null: a visitor
    kind: productReportKind("kind").notNull(),
    message: text("message").notNull(),
    photoPath: text("photo_path"), // private upload, checked by content
    status: productReportStatus("status").notNull().default("open"),
    decisionNote: text("decision_note"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: tstz("decided_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("product_reports_status_idx").on(t.status, t.createdAt),
    index("product_reports_supplier_idx").on(t.supplierId),
  ],
);

// ─── notifications (issue 18): the transactional outbox ──────────────────────────────────
// One row per message, written in the same transaction as the event it announces; the idempotency
// key (event + recipient + channel) makes a second write of one event a no-op. The delivery worker
// claims due rows with FOR UPDATE SKIP LOCKED and a lease (claim_token, locked_until), sends, and
// marks sent, or retries with backoff up to max_attempts and marks failed (shown to admins).
export const notificationOutbox = pgTable(
  "notification_outbox",
  {
    id: id(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    channel: text("channel").notNull(), // email | sms
    recipient: text("recipient").notNull(), // an e-mail address or a mobile number
    userId: uuid("user_id").references(() => users.id),
    locale: text("locale").notNull().default("zh"),
    template: text("template").notNull(),
    params: jsonb("params").$type<Record<string, string | number>>().notNull().default({}),
    status: text("status").notNull().default("pending"), // pending | sent | failed | not_configured
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
    claimToken: uuid("claim_token"),
    lockedUntil: tstz("locked_until"),
    lastError: text("last_error"),
    sentAt: tstz("sent_at"),
    // When its recipient opened it at /account/messages or /official/messages; null: unread (the
    // badge in the header counts these; app/models/notifications/messages.server.ts).
    readAt: tstz("read_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("notification_outbox_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index("notification_outbox_user_idx").on(t.userId, t.createdAt),
    // The unread badge runs on every signed-in page: the unread rows of an account or an address.
    index("notification_outbox_unread_user_idx")
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
    index("notification_outbox_unread_recipient_idx")
      .on(t.recipient)
      .where(sql`${t.readAt} is null`),
    check("notification_outbox_channel", sql`${t.channel} in ('email', 'sms')`),
    check("notification_outbox_status", sql`${t.status} in ('pending', 'sent', 'failed', 'not_configured')`),
    check("notification_outbox_attempts", sql`${t.attempts} >= 0 and ${t.maxAttempts} >= 1`),
  ],
);

// What the demo SMS provider "sent": one row per delivered outbox message (unique), shown at
// /account/messages to the recipient and at /official/messages to admins.
export const demoSmsMessages = pgTable(
  "demo_sms_messages",
  {
    id: id(),
    outboxId: uuid("outbox_id")
      .notNull()
      .unique()
      .references(() => notificationOutbox.id),
    mobile: text("mobile").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("demo_sms_messages_mobile_idx").on(t.mobile, t.createdAt)],
);
// ─── what suppliers paid on to their linked beneficiaries (issue 19; decision 102) ────────────
export const householdPayoutKind = pgEnum("household_payout_kind", [
  "purchase", // 收购款 (purchase receipts)
  "wage", // 工资
  "dividend", // 分红
  "rebate", // 二次返利
]);
export const householdPayoutMethod = pgEnum("household_payout_method", [
  "bank_transfer",
  "mobile_pay",
  "cash",
  "other",
]);

// One payment a supplier made to the beneficiary of one of its linkages, for a month (period).
// Append-only in the model; a normalised reference is recorded once per linkage.
export const householdPayouts = pgTable(
  "household_payouts",
  {
    id: id(),
    linkageId: uuid("linkage_id")
      .notNull()
      .references(() => linkages.id),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id), // denormalised from the linkage, for scope filters
    period: text("period").notNull(), // YYYY-MM (Asia/Shanghai month the payment is for)
    kind: householdPayoutKind("kind").notNull(),
    method: householdPayoutMethod("method").notNull(),
    amountFen: bigFen("amount_fen").notNull(),
    paidOn: date("paid_on").notNull(),
    reference: text("reference").notNull(), // as typed
    referenceKey: text("reference_key").notNull(), // normalised: once per linkage
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("household_payouts_reference_once").on(t.linkageId, t.referenceKey),
    index("household_payouts_supplier_period_idx").on(t.supplierId, t.period),
    check("household_payouts_amount_positive", sql`${t.amountFen} > 0`),
    check("household_payouts_period_format", sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  ],
);

// ─── reach the unreached (issue 21, decision 099) ────────────────────────────────────────
// Per product on sale: how many monitored households not yet reached this year (no positive net
// attribution in stats_beneficiary_yearly) one unit of its cheapest option in stock would reach,
// by the exact allocation of that line's pool over the linkages in force. Rebuilt as a whole by
// refreshReachPotential (app/models/impact/unreached.server.ts) from the linkages and the rollup,
// never from the ledger; the storefront's shelf and "帮扶最需要的农户" sort read it.
export const reachPotential = pgTable(
  "reach_potential",
  {
    productId: uuid("product_id")
      .primaryKey()
      .references(() => products.id),
    supplierId: uuid("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    year: smallint("year").notNull(),
    monitoredUnreached: integer("monitored_unreached").notNull(),
    refreshedAt: tstz("refreshed_at").notNull(),
  },
  (t) => [
    index("reach_potential_rank_idx").on(t.monitoredUnreached),
    check("reach_potential_nonneg", sql`${t.monitoredUnreached} >= 0`),
  ],
);

// ── household statements and early warning (issue 21): follow-up records of the warning list ──
// See app/models/impact/README.md "Early warning". A follow-up says whether the household was
// reached, what was done, on which day and by whom; a resolving one also records the reasons it
// resolves (their keys, sorted and joined in resolution_key), once per household and key.
export const householdFollowUps = pgTable(
  "household_follow_ups",
  {
    id: id(),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    townId: integer("town_id")
      .notNull()
      .references(() => regions.id), // the household's town when recorded (audit and scope)
    contacted: boolean("contacted").notNull(),
    action: text("action").notNull(),
    followedOn: date("followed_on").notNull(),
    reasonKeys: text("reason_keys").array().notNull(), // the reasons listed when it was recorded
    resolved: boolean("resolved").notNull().default(false),
    resolutionKey: text("resolution_key"),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("household_follow_ups_household_idx").on(t.householdId, t.createdAt),
    uniqueIndex("household_follow_ups_resolved_once")
      .on(t.householdId, t.resolutionKey)
      .where(sql`${t.resolved}`),
    check("household_follow_ups_resolution", sql`${t.resolved} = (${t.resolutionKey} is not null)`),
    check("household_follow_ups_action_length", sql`char_length(${t.action}) between 1 and 500`),
  ],
);

// ── address book (issue 17; app/models/ordering/addresses.server.ts) ────────────────────────────
// A signed-in shopper's saved addresses: at most ADDRESS_BOOK_LIMIT each, at most one default (a
// partial unique index; "set default" runs under the user's row lock). 省/市/区县 are names checked
// against the administrative divisions (divisions.server.ts) with the county's GB/T 2260 code.
export const addresses = pgTable(
  "addresses",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    contactName: text("contact_name").notNull(),
    contactMobile: text("contact_mobile").notNull(),
    province: text("province").notNull(),
    city: text("city").notNull(),
    district: text("district").notNull(),
    districtCode: text("district_code").notNull(),
    detail: text("detail").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("addresses_user_idx").on(t.userId, t.createdAt),
    uniqueIndex("addresses_one_default")
      .on(t.userId)
      .where(sql`${t.isDefault}`),
  ],
);
