// The large-scale data generator: tops a database up to the requested numbers of households,
// products and paid orders, with everything a real platform would hold around them (suppliers,
// certifications, linkages, buyers, order parts, payments, shipments, the attribution ledger and
// the statistics rollups). Deterministic for a seed and a clock: the same options on two fresh
// databases give the same rows (ids included; only ciphertexts differ, AES-GCM takes fresh nonces).
//
// Speed: ids are made here (sequential per table, so every index grows at its right edge and
// children reference parents without reading back), rows are written as COPY text in chunks on
// parallel connections (see loader.ts), and the rollups are computed at the end with one
// INSERT … SELECT … GROUP BY per table.
import { count, eq, isNotNull } from "drizzle-orm";
import { INCOME_TYPE_OF, type Mechanism } from "../../core/mechanisms";
import { hashPassword } from "../../core/password";
import { encryptPii, idCardCheckChar, maskIdCard, piiLookupHash } from "../../core/pii";
import type { DatabaseHandle } from "../client";
import { dailyRollupsFromSource, REBUILD_COARSE_ROLLUPS } from "../rollups";
import { DEMO_PASSWORD } from "../fixtures/accounts";
import { migrateDatabase } from "../migrate";
import { seededRandom, type Random } from "../random";
import * as s from "../schema";
import { isSeeded, SEED_HOUSEHOLDS, seedDatabase } from "../seed";
import { allocateLargestRemainder } from "../../core/allocation";
import {
  dateOfEpochDay,
  DAY_MS,
  dayStartMs,
  demandWeight,
  epochDayOf,
  epochDayOfDate,
  HOUR_WEIGHTS,
  partsOfEpochDay,
} from "./calendar";
import { copyNullable, copyText, Loader, NULL, type Sink } from "./loader";
import { Progress, type PhaseTiming } from "./progress";
import {
  CARRIERS,
  CITIES,
  ORG_PREFIXES,
  personName,
  PRODUCT_ADJECTIVES,
  RATING_COMMENTS,
  ROADS,
  SPECS,
  SUPPLIER_WORDS,
} from "./vocab";

export type GenerateOptions = {
  /** Totals to reach (rows already there count). */
  households: number;
  products: number;
  /** Paid orders to reach; about 2.5 % more orders are generated as cancelled (never paid). */
  orders: number;
  seed?: number;
  piiKey: string;
  /** The generator's clock: orders span the `days` Asia/Shanghai days up to this instant. */
  now?: Date;
  days?: number;
  /** Share of extra cancelled (unpaid, expired) orders; default 0.025. */
  cancelledShare?: number;
  /** Share of paid orders with refunds (partial or full, some twice); default 0.05. */
  refundShare?: number;
  /** Progress lines on stderr. */
  progress?: boolean;
  /** Parallel COPY streams for the ledger on PostgreSQL (default 2). */
  ledgerLanes?: number;
  /** PostgreSQL, empty order tables: build their secondary indexes after the load (default true). */
  deferIndexes?: boolean;
  /** Stops the run at the next chunk (deferred indexes are still rebuilt). */
  signal?: AbortSignal;
};

export type TableTiming = { table: string; rows: number; seconds: number; rowsPerSecond: number };

export type GenerateSummary = {
  engine: DatabaseHandle["engine"];
  database: string;
  seed: number;
  runTag: string;
  loadMode: string;
  requested: { households: number; products: number; orders: number };
  window: { from: string; to: string; now: string };
  seeded: boolean;
  created: Record<string, number>;
  totals: {
    paidOrders: number;
    /** Net of refunds, like the sales rollup. */
    salesFen: number;
    /** Net of reversals: what the ledger sums to. */
    attributedFen: number;
    ledgerEntries: number;
    refunds: number;
    refundedOrders: number;
    refundedFen: number;
    reversalEntries: number;
  };
  tables: TableTiming[];
  phases: PhaseTiming[];
  elapsedSeconds: number;
};

type HouseholdKind = (typeof s.householdKind.enumValues)[number];
type SupplierKind = (typeof s.supplierKind.enumValues)[number];
type BuyerKind = (typeof s.buyerKind.enumValues)[number];
type OrgKind = Exclude<BuyerKind, "individual">;

const CERT_ISSUER = "三门峡市城乡一体化示范区乡村振兴局";
const MECHANISMS_BY_KIND: Record<SupplierKind, Mechanism[]> = {
  cooperative: ["order_purchase", "employment", "land_lease", "guaranteed_dividend", "rebate_share"],
  enterprise: ["order_purchase", "employment", "land_lease", "entrusted_farming"],
  village_collective: ["equity_dividend", "employment", "land_lease"],
  workshop: ["employment", "order_purchase"],
  household: ["own_production"],
};
const PRODUCT_MECHANISMS: Mechanism[] = ["order_purchase", "entrusted_farming"];
const EVIDENCE: Record<Mechanism, string> = {
  order_purchase: "订单收购协议及收购台账",
  employment: "务工协议及工资发放花名册",
  land_lease: "土地流转合同及租金支付凭证",
  equity_dividend: "入股协议及分红台账",
  guaranteed_dividend: "保底分红协议及分红台账",
  entrusted_farming: "代种代养协议及结算单",
  own_production: "自产自销登记及销售记录",
  rebate_share: "二次返利协议及返利明细",
};
const PRICE_PER_500G: Record<string, [number, number]> = {
  fruit: [900, 3500],
  fungi: [2500, 8000],
  herb: [3000, 12000],
  forest: [2500, 6000],
  vegetable: [500, 2000],
  livestock: [2000, 8000],
};

// Sequential, v4-shaped ids: <run tag>-<table tag>-4000-8000-<counter>.
const TAG = {
  supplier: 1,
  product: 2,
  variant: 3,
  image: 4,
  certification: 5,
  household: 6,
  linkage: 7,
  linkageEvent: 8,
  user: 9,
  organisation: 10,
  order: 11,
  orderPart: 12,
  orderLine: 13,
  payment: 14,
  shipment: 15,
  refund: 16,
} as const;

class Ids {
  private counters = new Map<number, number>();
  constructor(readonly runTag: string) {}
  next(tag: number): string {
    const n = (this.counters.get(tag) ?? 0) + 1;
    this.counters.set(tag, n);
    return `${this.prefix(tag)}${n.toString(16).padStart(12, "0")}`;
  }
  prefix(tag: number): string {
    return `${this.runTag}-${tag.toString(16).padStart(4, "0")}-4000-8000-`;
  }
  /** Inclusive bounds of the ids this run gives a table. */
  range(tag: number): [string, string] {
    return [`${this.prefix(tag)}000000000000`, `${this.prefix(tag)}ffffffffffff`];
  }
}

type Range = { from: number; until: number; no: string | null };
type Village = { id: number; townId: number; code: string; name: string; nameEn: string | null };
type Category = { id: number; slug: string; name: string; nameEn: string; topSlug: string };
type SupplierInfo = {
  id: string;
  name: string;
  kind: SupplierKind;
  townId: number;
  villageId: number;
  rateBp: number;
  flat: number;
  threshold: number | null;
  partyBranchLed: boolean;
  createdDay: number;
  certs: Range[];
  scope: Scope;
  products: ProductInfo[];
  topSlug?: string;
  isNew: boolean;
};
type VariantInfo = { id: string; price: number; frag: string };
type ProductInfo = {
  id: string;
  supplier: SupplierInfo;
  categoryId: number;
  originVillageId: number;
  originTownId: number;
  rateBp: number;
  createdDay: number;
  active: boolean;
  certs: Range[];
  variants: VariantInfo[];
  weight: number;
  scope: Scope | null;
  tail: string; // ledger columns after the linkage: category, supplier, supplier kind
};
type Linkage = {
  id: string;
  weight: number;
  fromDay: number;
  untilDay: number;
  decidedMs: number;
  decidedDay: number;
  approved: boolean;
  frag: string; // ledger columns linkage_id … income_type
};
type ScopeEntry = { links: Linkage[]; weights: Int32Array; total: number; exact: boolean };
type Scope = { links: Linkage[]; byDay: Map<number, ScopeEntry> };
type Households = {
  ids: string[];
  kinds: HouseholdKind[];
  members: number[];
  villages: number[];
  towns: number[];
  byVillage: Map<number, number[]>;
  byTown: Map<number, number[]>;
  indexOf: Map<string, number>;
};
type Buyer = { userId: string | null; name: string; mobile: string; createdMs: number };
type Org = { id: string; kind: OrgKind; admin: Buyer | null; name: string };

export async function generateData(handle: DatabaseHandle, opts: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const seed = opts.seed ?? 1;
  const days = opts.days ?? 730;
  const nowMs = Math.floor((opts.now ?? new Date()).getTime() / 1000) * 1000;
  const nowDay = epochDayOf(nowMs);
  const firstDay = nowDay - days + 1;
  const progress = new Progress(opts.progress ?? false);
  const created: Record<string, number> = {};
  const db = handle.db;

  // ── 1. schema and the demo base ─────────────────────────────────────────────────────────
  progress.start("migrate+seed");
  await migrateDatabase(handle);
  let seeded = false;
  if (!(await isSeeded(db))) {
    // The demo base keeps its 2,000 households at scale; small runs seed half and generate the rest.
    const seedHouseholds = Math.max(1, Math.min(SEED_HOUSEHOLDS, Math.floor(opts.households / 2)));
    await seedDatabase(db, { piiKey: opts.piiKey, households: seedHouseholds });
    seeded = true;
  }
  progress.end(0);

  progress.start("read base");
  const base = await readBase(handle, firstDay);
  progress.end(0);

  const runTag = runTagOf(seed, [
    base.households.ids.length,
    base.products.length,
    base.suppliers.length,
    base.paidOrders,
    base.userCount,
  ]);
  const ids = new Ids(runTag);
  const loader = await Loader.open(handle);
  opts.signal?.addEventListener("abort", () => loader.abort("interrupted"));
  const rngFor = (phase: number) => seededRandom((Math.imul(seed, 0x9e3779b1) + phase * 0x85ebca6b) >>> 0);

  try {
    // ── 2. suppliers and products ───────────────────────────────────────────────────────
    const newProducts = Math.max(0, opts.products - base.products.length);
    const newSuppliers = newProducts > 0 ? Math.ceil(newProducts / 250) : 0;
    progress.start("catalog", newProducts, "products");
    const catalog = generateCatalog({
      rng: rngFor(2),
      ids,
      loader,
      base,
      newSuppliers,
      newProducts,
      firstDay,
      nowDay,
      progress,
    });
    await loader.endPhase();
    created.suppliers = newSuppliers;
    created.products = newProducts;
    progress.end(catalog.rows);

    // ── 3. households ───────────────────────────────────────────────────────────────────
    const newHouseholds = Math.max(0, opts.households - base.households.ids.length);
    progress.start("households", newHouseholds, "households");
    await generateHouseholds({
      rng: rngFor(3),
      ids,
      loader,
      base,
      count: newHouseholds,
      firstDay,
      nowMs,
      piiKey: opts.piiKey,
      progress,
    });
    await loader.endPhase();
    created.households = newHouseholds;
    progress.end(newHouseholds);

    // ── 4. linkages of the new suppliers ────────────────────────────────────────────────
    progress.start("linkages");
    const linkRows = generateLinkages({
      rng: rngFor(4),
      ids,
      loader,
      base,
      suppliers: catalog.suppliers,
      firstDay,
      nowDay,
    });
    await loader.endPhase();
    created.linkages = linkRows.linkages;
    progress.end(linkRows.rows);

    // ── 5. buyers: customers and institutions ───────────────────────────────────────────
    const newPaid = Math.max(0, opts.orders - base.paidOrders);
    progress.start("buyers");
    const buyers = generateBuyers({ rng: rngFor(5), ids, loader, base, newPaid, firstDay, nowMs });
    await loader.endPhase();
    created.users = buyers.newUsers;
    progress.end(buyers.rows);

    // ── 6. orders, parts, lines, payments, shipments, ledger ────────────────────────────
    // On a fresh PostgreSQL load, the order tables' secondary indexes are built once at the end
    // (a sort) instead of row by row; they are rebuilt whatever happens (finally below).
    const deferred =
      (opts.deferIndexes ?? true) &&
      handle.engine === "postgres" &&
      newPaid > 0 &&
      (await orderTablesEmpty(loader))
        ? await dropSecondaryIndexes(loader)
        : [];
    progress.start("orders", newPaid, "paid orders");
    let orders: Awaited<ReturnType<typeof generateOrders>>;
    try {
      orders = await generateOrders({
        rng: rngFor(6),
        ids,
        loader,
        base,
        buyers,
        newPaid,
        firstDay,
        nowDay,
        nowMs,
        cancelledShare: opts.cancelledShare ?? 0.025,
        refundShare: opts.refundShare ?? 0.05,
        refundRng: rngFor(7),
        ledgerLanes: opts.ledgerLanes ?? 2,
        progress,
      });
      await loader.endPhase();
      progress.end(orders.rows);
    } finally {
      if (deferred.length) {
        progress.start("indexes", deferred.length, "indexes");
        await loader.endPhase().catch(() => {});
        let built = 0;
        await loader.runAll(
          deferred.map((ddl) => async () => {
            await loader.exec(["set maintenance_work_mem = '512MB'", ddl]);
            progress.update(++built, 0);
          }),
          2,
        );
        progress.end(0);
      }
    }
    created.orders = orders.orders;
    const deferredCount = deferred.length;

    // ── 7. rollups and bookkeeping ──────────────────────────────────────────────────────
    progress.start("rollups");
    const rollupStarted = performance.now();
    const rollupRows = await buildRollups(loader, ids, handle.engine, orders.sequences);
    const rollupSeconds = (performance.now() - rollupStarted) / 1000;
    for (const [table, rows] of Object.entries(rollupRows)) {
      loader.stats.set(table, {
        table,
        rows,
        firstMs: rollupStarted,
        lastMs: rollupStarted + rollupSeconds * 1000,
      });
    }
    progress.end(Object.values(rollupRows).reduce((a, b) => a + b, 0));

    const tables: TableTiming[] = [...loader.stats.values()].map((st) => {
      const seconds = Math.max(0.001, (st.lastMs - st.firstMs) / 1000);
      return { table: st.table, rows: st.rows, seconds, rowsPerSecond: st.rows / seconds };
    });
    return {
      engine: handle.engine,
      database: handle.label,
      seed,
      runTag,
      loadMode:
        handle.engine === "pglite"
          ? "COPY from blob, one connection"
          : `${loader.parallel ? "parallel COPY, one connection per table" : "serial COPY on one connection, parents first"}; ${
              loader.replica ? "foreign-key triggers off for the load sessions" : "foreign keys checked"
            }${deferredCount ? `; ${deferredCount} secondary indexes built after the load` : ""}`,
      requested: { households: opts.households, products: opts.products, orders: opts.orders },
      window: {
        from: dateOfEpochDay(firstDay),
        to: dateOfEpochDay(nowDay),
        now: new Date(nowMs).toISOString(),
      },
      seeded,
      created,
      totals: orders.totals,
      tables,
      phases: progress.phases,
      elapsedSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    await loader.close();
  }
}

// ─── base: what the database already holds ──────────────────────────────────────────────
type Base = Awaited<ReturnType<typeof readBase>>;

async function readBase(handle: DatabaseHandle, firstDay: number) {
  const db = handle.db;
  const regionRows = await db.select().from(s.regions);
  const district = regionRows.find((r) => r.level === "district")!;
  const towns = regionRows.filter((r) => r.level === "town" || r.level === "subdistrict");
  const villages: Village[] = regionRows
    .filter((r) => r.level === "village")
    .map((r) => ({ id: r.id, townId: r.parentId!, code: r.code, name: r.name, nameEn: r.nameEn }))
    .sort((a, b) => a.id - b.id);
  const villageById = new Map(villages.map((v) => [v.id, v]));
  const townById = new Map(towns.map((t) => [t.id, t]));

  const categoryRows = await db.select().from(s.categories);
  const catById = new Map(categoryRows.map((c) => [c.id, c]));
  const topSlugOf = (id: number): string => {
    const c = catById.get(id)!;
    return c.parentId == null ? c.slug : topSlugOf(c.parentId);
  };
  const hasChildren = new Set(categoryRows.map((c) => c.parentId).filter((p): p is number => p != null));
  const leaves: Category[] = categoryRows
    .filter((c) => !hasChildren.has(c.id))
    .sort((a, b) => a.id - b.id)
    .map((c) => ({ id: c.id, slug: c.slug, name: c.name, nameEn: c.nameEn, topSlug: topSlugOf(c.id) }));

  const collectives = await db.select().from(s.villageCollectives);
  const collectiveByVillage = new Map(collectives.map((c) => [c.villageId, c]));
  const collectiveById = new Map(collectives.map((c) => [c.id, c]));

  const certRows = await db
    .select({
      supplierId: s.certifications.supplierId,
      productId: s.certifications.productId,
      status: s.certifications.status,
      no: s.certifications.certificateNo,
      from: s.certifications.validFrom,
      until: s.certifications.validUntil,
    })
    .from(s.certifications);
  const rangeOf = (c: (typeof certRows)[number]): Range => ({
    from: c.from ? epochDayOfDate(c.from) : -Infinity,
    until: c.until ? epochDayOfDate(c.until) : Infinity,
    no: c.no,
  });
  const supplierCerts = new Map<string, Range[]>();
  const productCerts = new Map<string, Range[]>();
  for (const c of certRows) {
    if (c.status !== "certified") continue;
    const map = c.productId ? productCerts : supplierCerts;
    const key = c.productId ?? c.supplierId;
    map.set(key, [...(map.get(key) ?? []), rangeOf(c)]);
  }

  const supplierRows = await db.select().from(s.suppliers);
  const suppliers: SupplierInfo[] = supplierRows
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      townId: r.townId,
      villageId: r.villageId,
      rateBp: r.benefitRateBp,
      flat: r.shippingFlatFen,
      threshold: r.freeShippingThresholdFen,
      partyBranchLed: r.partyBranchLed,
      createdDay: epochDayOf(r.createdAt.getTime()),
      certs: supplierCerts.get(r.id) ?? [],
      scope: newScope(),
      products: [],
      isNew: false,
    }));
  const supplierById = new Map(suppliers.map((x) => [x.id, x]));

  const productRows = await db
    .select({
      id: s.products.id,
      supplierId: s.products.supplierId,
      categoryId: s.products.categoryId,
      originVillageId: s.products.originVillageId,
      name: s.products.name,
      rateBp: s.products.benefitRateBp,
      status: s.products.status,
      featured: s.products.featured,
      createdAt: s.products.createdAt,
    })
    .from(s.products);
  const variantRows = await db
    .select({
      id: s.productVariants.id,
      productId: s.productVariants.productId,
      spec: s.productVariants.spec,
      price: s.productVariants.priceFen,
      active: s.productVariants.active,
      sortOrder: s.productVariants.sortOrder,
    })
    .from(s.productVariants);
  const variantsByProduct = new Map<string, typeof variantRows>();
  for (const v of variantRows)
    variantsByProduct.set(v.productId, [...(variantsByProduct.get(v.productId) ?? []), v]);
  const products: ProductInfo[] = [];
  for (const p of productRows.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const supplier = supplierById.get(p.supplierId)!;
    const village = villageById.get(p.originVillageId)!;
    const info = makeProduct({
      id: p.id,
      supplier,
      categoryId: p.categoryId,
      village,
      name: p.name,
      rateBp: p.rateBp,
      createdDay: epochDayOf(p.createdAt.getTime()),
      active: p.status === "active",
      certs: productCerts.get(p.id) ?? [],
      weight: p.featured ? 3 : 1,
    });
    const variants = (variantsByProduct.get(p.id) ?? [])
      .filter((v) => v.active)
      .sort((a, b) => a.sortOrder - b.sortOrder);
    info.variants = variants.map((v) => ({
      id: v.id,
      price: v.price,
      frag: variantFrag(info, v.id, p.name, v.spec),
    }));
    if (!info.variants.length) info.active = false;
    products.push(info);
    supplier.products.push(info);
  }
  const productById = new Map(products.map((p) => [p.id, p]));

  const imageRows = await db
    .select({ path: s.productImages.path, categoryId: s.products.categoryId })
    .from(s.productImages)
    .innerJoin(s.products, eq(s.productImages.productId, s.products.id));
  const imageByCategory = new Map<number, string>();
  for (const r of imageRows)
    if (!imageByCategory.has(r.categoryId)) imageByCategory.set(r.categoryId, r.path);

  const hhRows = await db
    .select({
      id: s.households.id,
      villageId: s.households.villageId,
      townId: s.households.townId,
      kind: s.households.kind,
      members: s.households.memberCount,
      registryCode: s.households.registryCode,
      hash: s.households.idCardHash,
    })
    .from(s.households);
  hhRows.sort((a, b) => (a.id < b.id ? -1 : 1));
  const households: Households = {
    ids: [],
    kinds: [],
    members: [],
    villages: [],
    towns: [],
    byVillage: new Map(),
    byTown: new Map(),
    indexOf: new Map(),
  };
  const registryCodes = new Set<string>();
  const idHashes = new Set<string>();
  for (const h of hhRows) {
    addHousehold(households, h.id, h.kind, h.members, h.villageId, h.townId);
    registryCodes.add(h.registryCode);
    idHashes.add(h.hash);
  }

  const linkageRows = await db.select().from(s.linkages);
  for (const l of linkageRows.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const supplier = supplierById.get(l.supplierId);
    if (!supplier) continue;
    let frag: string;
    if (l.beneficiaryType === "household") {
      const i = households.indexOf.get(l.householdId!);
      if (i === undefined) continue;
      frag = linkageFrag(
        l.id,
        "household",
        households.ids[i],
        null,
        households.kinds[i],
        households.members[i],
        households.towns[i],
        households.villages[i],
        l.mechanism,
      );
    } else {
      const c = collectiveById.get(l.villageCollectiveId!);
      if (!c) continue;
      frag = linkageFrag(
        l.id,
        "village_collective",
        null,
        c.id,
        null,
        null,
        c.townId,
        c.villageId,
        l.mechanism,
      );
    }
    const linkage: Linkage = {
      id: l.id,
      weight: l.weight,
      fromDay: epochDayOfDate(l.validFrom),
      untilDay: l.validUntil ? epochDayOfDate(l.validUntil) : Infinity,
      decidedMs: l.decidedAt ? l.decidedAt.getTime() : -Infinity,
      decidedDay: l.decidedAt ? epochDayOf(l.decidedAt.getTime()) : -Infinity,
      approved: l.status === "approved",
      frag,
    };
    const product = l.productId ? productById.get(l.productId) : undefined;
    if (l.productId && product) (product.scope ??= newScope()).links.push(linkage);
    else if (!l.productId) supplier.scope.links.push(linkage);
  }

  const userRows = await db
    .select({
      id: s.users.id,
      role: s.users.role,
      mobile: s.users.mobile,
      email: s.users.email,
      name: s.users.displayName,
      organisationId: s.users.organisationId,
      createdAt: s.users.createdAt,
    })
    .from(s.users);
  const mobiles = new Set(userRows.map((u) => u.mobile).filter((m): m is string => Boolean(m)));
  const customers: Buyer[] = userRows
    .filter((u) => u.role === "customer")
    .map((u) => ({
      userId: u.id,
      name: copyText(u.name),
      mobile: u.mobile ?? "13800000000",
      createdMs: u.createdAt.getTime(),
    }))
    .sort((a, b) => a.createdMs - b.createdMs || (a.userId! < b.userId! ? -1 : 1));
  const orgRows = await db.select().from(s.buyerOrganisations);
  const orgs: Org[] = orgRows
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((o) => {
      const admin = userRows.find((u) => u.role === "buyer_admin" && u.organisationId === o.id);
      return {
        id: o.id,
        kind: o.kind,
        name: o.name,
        admin: admin
          ? {
              userId: admin.id,
              name: copyText(admin.name),
              mobile: admin.mobile ?? "13800000000",
              createdMs: admin.createdAt.getTime(),
            }
          : null,
      };
    });

  const [{ n: paidOrders }] = await db
    .select({ n: count() })
    .from(s.orders)
    .where(isNotNull(s.orders.paidAt));
  const sequences = new Map<number, number>();
  for (const r of await db.select().from(s.orderNumberSequences))
    sequences.set(epochDayOfDate(r.day), r.last);

  return {
    district,
    towns,
    townById,
    villages,
    villageById,
    leaves,
    collectiveByVillage,
    suppliers,
    products,
    imageByCategory,
    households,
    registryCodes,
    idHashes,
    mobiles,
    customers,
    orgs,
    userCount: userRows.length,
    paidOrders,
    sequences,
    firstDay,
  };
}

function newScope(): Scope {
  return { links: [], byDay: new Map() };
}

function addHousehold(
  h: Households,
  id: string,
  kind: HouseholdKind,
  members: number,
  villageId: number,
  townId: number,
) {
  const i = h.ids.length;
  h.ids.push(id);
  h.kinds.push(kind);
  h.members.push(members);
  h.villages.push(villageId);
  h.towns.push(townId);
  h.indexOf.set(id, i);
  let v = h.byVillage.get(villageId);
  if (!v) h.byVillage.set(villageId, (v = []));
  v.push(i);
  let t = h.byTown.get(townId);
  if (!t) h.byTown.set(townId, (t = []));
  t.push(i);
}

function makeProduct(p: {
  id: string;
  supplier: SupplierInfo;
  categoryId: number;
  village: Village;
  name: string;
  rateBp: number | null;
  createdDay: number;
  active: boolean;
  certs: Range[];
  weight: number;
}): ProductInfo {
  return {
    id: p.id,
    supplier: p.supplier,
    categoryId: p.categoryId,
    originVillageId: p.village.id,
    originTownId: p.village.townId,
    rateBp: p.rateBp ?? p.supplier.rateBp,
    createdDay: p.createdDay,
    active: p.active,
    certs: p.certs,
    variants: [],
    weight: p.weight,
    scope: null,
    tail: `\t${p.categoryId}\t${p.supplier.id}\t${p.supplier.kind}\t`,
  };
}

/** order_lines columns from benefit_rate_bp to origin_town_id (see LINE_COLUMNS). */
function variantFrag(p: ProductInfo, variantId: string, productName: string, spec: string): string {
  return `${p.rateBp}\t${p.supplier.id}\t${p.id}\t${variantId}\t${copyText(productName)}\t${copyText(spec)}\t${copyText(p.supplier.name)}\t${p.supplier.kind}\t${p.categoryId}\t${p.originVillageId}\t${p.originTownId}\n`;
}

/** attribution_entries columns from linkage_id to income_type (see LEDGER_COLUMNS). */
function linkageFrag(
  id: string,
  type: "household" | "village_collective",
  householdId: string | null,
  collectiveId: string | null,
  kind: HouseholdKind | null,
  members: number | null,
  townId: number,
  villageId: number,
  mechanism: Mechanism,
): string {
  return `${id}\t${type}\t${householdId ?? NULL}\t${collectiveId ?? NULL}\t${kind ?? NULL}\t${members ?? NULL}\t${townId}\t${villageId}\t${mechanism}\t${INCOME_TYPE_OF[mechanism]}`;
}

function runTagOf(seed: number, counts: number[]): string {
  let h = 0x811c9dc5 ^ seed;
  for (const c of counts) {
    h = Math.imul(h ^ c, 0x01000193);
    h = Math.imul(h ^ (c >>> 16), 0x01000193);
  }
  return seededRandom(h >>> 0)
    .uuid()
    .slice(0, 8);
}

const iso = (ms: number) => new Date(ms).toISOString();
const covers = (ranges: Range[], day: number) => {
  for (const r of ranges) if (r.from <= day && day <= r.until) return r;
  return null;
};
const weightedIndex = (rng: Random, weights: number[]) => {
  let total = 0;
  for (const w of weights) total += w;
  let r = rng.next() * total;
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]) < 0) return i;
  return weights.length - 1;
};

// ─── catalog ──────────────────────────────────────────────────────────────────────────────
function generateCatalog(a: {
  rng: Random;
  ids: Ids;
  loader: Loader;
  base: Base;
  newSuppliers: number;
  newProducts: number;
  firstDay: number;
  nowDay: number;
  progress: Progress;
}) {
  const { rng, ids, loader, base } = a;
  const tag4 = ids.runTag.slice(0, 4).toUpperCase();
  const supplierSink = loader.sink(s.suppliers, [
    "id",
    "slug",
    "name",
    "kind",
    "partyBranchLed",
    "villageId",
    "townId",
    "creditCode",
    "contactName",
    "contactPhone",
    "story",
    "benefitRateBp",
    "shippingFlatFen",
    "freeShippingThresholdFen",
    "status",
    "createdAt",
  ]);
  const productSink = loader.sink(s.products, [
    "id",
    "slug",
    "supplierId",
    "categoryId",
    "originVillageId",
    "name",
    "nameEn",
    "subtitle",
    "description",
    "searchText",
    "status",
    "benefitRateBp",
    "featured",
    "seasonMonths",
    "traceCode",
    "salesCount",
    "createdAt",
    "updatedAt",
  ]);
  const variantSink = loader.sink(s.productVariants, [
    "id",
    "productId",
    "sku",
    "spec",
    "specEn",
    "priceFen",
    "stock",
    "weightGrams",
    "active",
    "sortOrder",
  ]);
  const imageSink = loader.sink(s.productImages, [
    "id",
    "productId",
    "path",
    "alt",
    "width",
    "height",
    "sortOrder",
  ]);
  const certSink = loader.sink(s.certifications, [
    "id",
    "subject",
    "supplierId",
    "productId",
    "status",
    "certificateNo",
    "issuer",
    "validFrom",
    "validUntil",
    "noticeStartsOn",
    "noticeEndsOn",
    "appliedAt",
    "decidedAt",
  ]);
  let certCounter = 0;
  const certify = (supplierId: string, productId: string | null, fromDay: number): Range => {
    const no = `SMX-XFBF-G${tag4}-${String(++certCounter).padStart(6, "0")}`;
    const until = fromDay + 3 * 365 - 1;
    const appliedMs = dayStartMs(fromDay - 25) + 9 * 3_600_000;
    certSink.push(
      `${ids.next(TAG.certification)}\t${productId ? "product" : "supplier"}\t${supplierId}\t${productId ?? NULL}\tcertified\t${no}\t${CERT_ISSUER}\t${dateOfEpochDay(fromDay)}\t${dateOfEpochDay(until)}\t${dateOfEpochDay(fromDay - 10)}\t${dateOfEpochDay(fromDay - 4)}\t${iso(appliedMs)}\t${iso(dayStartMs(fromDay - 2) + 10 * 3_600_000)}\n`,
    );
    return { from: fromDay, until, no };
  };

  const tops = [...new Set(base.leaves.map((l) => l.topSlug))];
  const kinds: SupplierKind[] = ["cooperative", "enterprise", "village_collective", "workshop", "household"];
  const kindWeights = [0.45, 0.2, 0.15, 0.1, 0.1];
  const productShare: Record<SupplierKind, number> = {
    cooperative: 1.2,
    enterprise: 1.6,
    village_collective: 0.8,
    workshop: 0.6,
    household: 0.05,
  };
  const suppliers: SupplierInfo[] = [];
  let rows = 0;
  for (let i = 0; i < a.newSuppliers; i++) {
    const id = ids.next(TAG.supplier);
    const village = rng.pick(base.villages);
    const town = base.townById.get(village.townId)!;
    const kind = kinds[weightedIndex(rng, kindWeights)];
    const topSlug = rng.pick(tops);
    const topName = base.leaves.find((l) => l.topSlug === topSlug)!.name;
    const vName = village.name;
    const contact = personName(rng.pick, rng.chance);
    const name =
      kind === "cooperative"
        ? `三门峡市示范区${town.name}${vName}${rng.pick(SUPPLIER_WORDS[topSlug] ?? ["农产品专业合作社"]).replace("有限公司", "专业合作社")}`
        : kind === "enterprise"
          ? `三门峡${vName.replace(/村$/, "")}${rng.pick(["农业", "生态", "农副产品", "食品"])}${["开发", "科技", "发展"][i % 3]}有限公司`
          : kind === "village_collective"
            ? `${town.name}${vName}股份经济合作社（${topName}产业）`
            : kind === "workshop"
              ? `${town.name}${vName}${topName}帮扶车间`
              : `${vName}${contact}家庭${topName}小作坊`;
    const partyBranchLed = kind === "cooperative" ? rng.chance(0.6) : kind === "village_collective";
    const createdDay = a.firstDay - rng.int(60, 600);
    const rateBp = rng.pick([300, 500, 800, 1000, 1200, 1500, 1800, 2000]);
    const flat = rng.pick([0, 600, 800, 1000, 1200]);
    const threshold = flat === 0 ? null : rng.pick([null, 5900, 9900, 19900]);
    const story = `${copyText(name)}立足${vName}${topName}产业，带动本村及周边脱贫户、监测户通过${kind === "household" ? "自产自销" : "务工、订单收购和分红"}稳定增收。`;
    supplierSink.push(
      `${id}\tg${ids.runTag}-s${i + 1}\t${copyText(name)}\t${kind}\t${partyBranchLed ? "t" : "f"}\t${village.id}\t${village.townId}\t93411272${tag4}${String(i + 1).padStart(5, "0")}X\t${contact}\t${mobileOf(rng)}\t${story}\t${rateBp}\t${flat}\t${threshold ?? NULL}\tactive\t${iso(dayStartMs(createdDay) + 9 * 3_600_000)}\n`,
    );
    const supplier: SupplierInfo = {
      id,
      name,
      kind,
      townId: village.townId,
      villageId: village.id,
      rateBp,
      flat,
      threshold,
      partyBranchLed,
      createdDay,
      certs: [],
      scope: newScope(),
      products: [],
      topSlug,
      isNew: true,
    };
    if (rng.chance(0.85)) supplier.certs.push(certify(id, null, createdDay + 30));
    suppliers.push(supplier);
    base.suppliers.push(supplier);
    rows++;
  }

  // Every new supplier gets a product; the rest go by the supplier's size.
  const shares = suppliers.map((x) => productShare[x.kind] * (0.4 + rng.next() * 1.2));
  const villagesByTown = new Map<number, Village[]>();
  for (const v of base.villages) villagesByTown.set(v.townId, [...(villagesByTown.get(v.townId) ?? []), v]);
  for (let i = 0; i < a.newProducts; i++) {
    const supplier = i < suppliers.length ? suppliers[i] : suppliers[weightedIndex(rng, shares)];
    const id = ids.next(TAG.product);
    const leafPool = base.leaves.filter((l) => l.topSlug === supplier.topSlug);
    const leaf = leafPool.length && rng.chance(0.8) ? rng.pick(leafPool) : rng.pick(base.leaves);
    const village = rng.chance(0.6)
      ? base.villageById.get(supplier.villageId)!
      : rng.pick(villagesByTown.get(supplier.townId)!);
    const town = base.townById.get(village.townId)!;
    const adjective = rng.pick(PRODUCT_ADJECTIVES);
    const name = `${village.name.replace(/村$/, "")}${adjective}${leaf.name}`;
    const subtitle = `${town.name}${village.name}产地直发 · ${supplier.kind === "household" ? "农户自产" : "合作社统一分拣"}`;
    const description = `${name}产自${town.name}${village.name}，由${supplier.name}组织生产和销售。每一笔订单都按带农比例计入利益联结户的增收台账。`;
    const slug = `g${ids.runTag}-p${i + 1}`;
    const status = rng.chance(0.97) ? "active" : "draft";
    const ownRate = rng.chance(0.1) ? Math.min(10000, supplier.rateBp + rng.pick([-200, 200, 500])) : null;
    const createdDay = rng.chance(0.75)
      ? Math.max(supplier.createdDay + 5, a.firstDay - rng.int(0, 365))
      : a.firstDay + rng.int(0, Math.max(1, a.nowDay - a.firstDay - 30));
    const createdMs = dayStartMs(createdDay) + rng.int(8, 18) * 3_600_000;
    const season = rng.chance(0.5) ? [] : seasonMonths(rng);
    const featured = rng.chance(0.01);
    productSink.push(
      `${id}\t${slug}\t${supplier.id}\t${leaf.id}\t${village.id}\t${copyText(name)}\t${copyText(`${leaf.nameEn} · ${village.nameEn ?? village.name}`)}\t${copyText(subtitle)}\t${copyText(description)}\t${copyText([name, subtitle, supplier.name, village.name].join(" "))}\t${status}\t${ownRate ?? NULL}\t${featured ? "t" : "f"}\t{${season.join(",")}}\tSMXG${tag4}${String(i + 1).padStart(7, "0")}\t0\t${iso(createdMs)}\t${iso(createdMs)}\n`,
    );
    const certs: Range[] = [];
    if (supplier.certs.length && rng.chance(0.8))
      certs.push(certify(supplier.id, id, Math.max(createdDay + 20, supplier.certs[0].from)));
    const info = makeProduct({
      id,
      supplier,
      categoryId: leaf.id,
      village,
      name,
      rateBp: ownRate,
      createdDay,
      active: status === "active",
      certs,
      weight: Math.exp(rng.next() * 3) * (featured ? 3 : 1),
    });
    const [lo, hi] = PRICE_PER_500G[leaf.topSlug] ?? [800, 5000];
    const per500 = rng.int(lo, hi);
    const nVariants = rng.int(1, 3);
    const start = rng.int(0, SPECS.length - nVariants);
    for (let j = 0; j < nVariants; j++) {
      const spec = SPECS[start + j];
      const price = Math.max(100, Math.round((per500 * spec.factor) / 100) * 100 - 10);
      const vid = ids.next(TAG.variant);
      variantSink.push(
        `${vid}\t${id}\t${slug}-${j + 1}\t${spec.spec}\t${spec.specEn}\t${price}\t${rng.int(100_000, 1_000_000)}\t${spec.grams}\tt\t${j}\n`,
      );
      info.variants.push({ id: vid, price, frag: variantFrag(info, vid, name, spec.spec) });
      rows++;
    }
    const image = base.imageByCategory.get(leaf.id) ?? `/images/products/${leaf.slug}.svg`;
    imageSink.push(`${ids.next(TAG.image)}\t${id}\t${image}\t${copyText(name)}\t400\t300\t0\n`);
    supplier.products.push(info);
    base.products.push(info);
    rows += 2;
    if (i % 1000 === 0) a.progress.update(i, rows);
  }
  return { suppliers, rows: rows + certCounter };
}

function seasonMonths(rng: Random): number[] {
  const start = rng.int(1, 12);
  const len = rng.int(2, 5);
  return Array.from({ length: len }, (_, k) => ((start - 1 + k) % 12) + 1).sort((x, y) => x - y);
}

const MOBILE_PREFIXES = [
  "130",
  "131",
  "132",
  "135",
  "136",
  "137",
  "139",
  "150",
  "151",
  "152",
  "155",
  "156",
  "157",
  "158",
  "159",
  "177",
  "180",
  "185",
  "186",
  "187",
  "188",
  "189",
];
function mobileOf(rng: Random): string {
  return `${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 99_999_999)).padStart(8, "0")}`;
}

/** A unique-looking mobile number for counter n: a bijection on the number space. */
function uniqueMobile(n: number): string {
  const space = BigInt(MOBILE_PREFIXES.length) * 100_000_000n;
  const x = (BigInt(n) * 1_234_567_891n + 987_654_321n) % space;
  const prefix = MOBILE_PREFIXES[Number(x / 100_000_000n)];
  return `${prefix}${String(x % 100_000_000n).padStart(8, "0")}`;
}

// ─── households ───────────────────────────────────────────────────────────────────────────
async function generateHouseholds(a: {
  rng: Random;
  ids: Ids;
  loader: Loader;
  base: Base;
  count: number;
  firstDay: number;
  nowMs: number;
  piiKey: string;
  progress: Progress;
}) {
  const { rng, ids, loader, base } = a;
  const sink = loader.sink(s.households, [
    "id",
    "registryCode",
    "headName",
    "idCardCipher",
    "idCardHash",
    "idCardMasked",
    "memberCount",
    "villageId",
    "townId",
    "kind",
    "status",
    "riskEliminatedAt",
    "createdAt",
    "updatedAt",
  ]);
  const villageWeights = base.villages.map(() => 0.5 + rng.next());
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of villageWeights) cumulative.push((acc += w));
  const seqByVillage = new Map<number, number>();
  for (const v of base.villages) seqByVillage.set(v.id, base.households.byVillage.get(v.id)?.length ?? 0);
  const memberWeights = [0.1, 0.2, 0.25, 0.25, 0.12, 0.08];
  const windowStartMs = dayStartMs(a.firstDay);
  for (let i = 0; i < a.count; i++) {
    const r = rng.next() * acc;
    let vi = 0;
    while (cumulative[vi] <= r) vi++;
    const village = base.villages[vi];
    let seq = seqByVillage.get(village.id)! + 1;
    let registryCode = `${village.code}${String(seq).padStart(4, "0")}`;
    while (base.registryCodes.has(registryCode))
      registryCode = `${village.code}${String(++seq).padStart(4, "0")}`;
    seqByVillage.set(village.id, seq);
    base.registryCodes.add(registryCode);
    let idCard: string;
    let hash: string;
    do {
      const first17 = `${village.code.slice(0, 6)}${rng.int(1940, 2006)}${String(rng.int(1, 12)).padStart(2, "0")}${String(rng.int(1, 28)).padStart(2, "0")}${String(rng.int(0, 999)).padStart(3, "0")}`;
      idCard = first17 + idCardCheckChar(first17);
      hash = piiLookupHash(idCard, a.piiKey);
    } while (base.idHashes.has(hash));
    base.idHashes.add(hash);
    const k = rng.next();
    const kind: HouseholdKind =
      k < 0.7
        ? "alleviated"
        : k < 0.82
          ? "monitored_unstable"
          : k < 0.94
            ? "monitored_marginal"
            : "monitored_hardship";
    const members = weightedIndex(rng, memberWeights) + 1;
    const id = ids.next(TAG.household);
    const createdMs = windowStartMs - rng.int(30, 730) * DAY_MS + rng.int(0, 86_399) * 1000;
    const risk =
      kind !== "alleviated" && rng.chance(0.15)
        ? iso(windowStartMs + Math.floor(rng.next() * (a.nowMs - windowStartMs)))
        : NULL;
    sink.push(
      `${id}\t${registryCode}\t${personName(rng.pick, rng.chance)}\t${encryptPii(idCard, a.piiKey)}\t${hash}\t${maskIdCard(idCard)}\t${members}\t${village.id}\t${village.townId}\t${kind}\tactive\t${risk}\t${iso(createdMs)}\t${iso(createdMs)}\n`,
    );
    addHousehold(base.households, id, kind, members, village.id, village.townId);
    if ((i & 1023) === 0) {
      a.progress.update(i, i);
      await loader.tick();
    }
  }
}

// ─── linkages ─────────────────────────────────────────────────────────────────────────────
function generateLinkages(a: {
  rng: Random;
  ids: Ids;
  loader: Loader;
  base: Base;
  suppliers: SupplierInfo[];
  firstDay: number;
  nowDay: number;
}) {
  const { rng, ids, loader, base } = a;
  const sink = loader.sink(s.linkages, [
    "id",
    "supplierId",
    "productId",
    "beneficiaryType",
    "householdId",
    "villageCollectiveId",
    "mechanism",
    "weight",
    "validFrom",
    "validUntil",
    "evidence",
    "status",
    "rejectionReason",
    "decidedAt",
    "createdAt",
  ]);
  const events = loader.sink(s.linkageEvents, ["id", "linkageId", "action", "reason", "at"]);
  const hh = base.households;
  let linkages = 0;
  const add = (
    supplier: SupplierInfo,
    product: ProductInfo | null,
    beneficiary: { household: number } | { collective: { id: string; villageId: number; townId: number } },
    mechanism: Mechanism,
    weight: number,
    fromDay: number,
  ) => {
    const id = ids.next(TAG.linkage);
    const untilDay = rng.chance(0.3) ? fromDay + rng.int(365, 1095) : Infinity;
    const r = rng.next();
    const status = r < 0.9 ? "approved" : r < 0.96 ? "proposed" : "rejected";
    const decidedMs = status === "proposed" ? null : dayStartMs(fromDay - rng.int(1, 10)) + 10 * 3_600_000;
    const createdMs =
      status === "proposed"
        ? dayStartMs(a.nowDay - rng.int(1, 30)) + 9 * 3_600_000
        : decidedMs! - rng.int(3, 20) * DAY_MS;
    const reason = status === "rejected" ? "证明材料不完整，请补充台账" : null;
    const isHousehold = "household" in beneficiary;
    const hi = isHousehold ? beneficiary.household : -1;
    sink.push(
      `${id}\t${supplier.id}\t${product?.id ?? NULL}\t${isHousehold ? "household" : "village_collective"}\t${isHousehold ? hh.ids[hi] : NULL}\t${isHousehold ? NULL : beneficiary.collective.id}\t${mechanism}\t${weight}\t${dateOfEpochDay(fromDay)}\t${untilDay === Infinity ? NULL : dateOfEpochDay(untilDay)}\t${EVIDENCE[mechanism]}\t${status}\t${copyNullable(reason)}\t${decidedMs === null ? NULL : iso(decidedMs)}\t${iso(createdMs)}\n`,
    );
    events.push(`${ids.next(TAG.linkageEvent)}\t${id}\tproposed\t${NULL}\t${iso(createdMs)}\n`);
    if (decidedMs !== null)
      events.push(
        `${ids.next(TAG.linkageEvent)}\t${id}\t${status}\t${copyNullable(reason)}\t${iso(decidedMs)}\n`,
      );
    linkages++;
    const frag = isHousehold
      ? linkageFrag(
          id,
          "household",
          hh.ids[hi],
          null,
          hh.kinds[hi],
          hh.members[hi],
          hh.towns[hi],
          hh.villages[hi],
          mechanism,
        )
      : linkageFrag(
          id,
          "village_collective",
          null,
          beneficiary.collective.id,
          null,
          null,
          beneficiary.collective.townId,
          beneficiary.collective.villageId,
          mechanism,
        );
    const linkage: Linkage = {
      id,
      weight,
      fromDay,
      untilDay,
      decidedMs: decidedMs ?? Infinity,
      decidedDay: decidedMs === null ? Infinity : epochDayOf(decidedMs),
      approved: status === "approved",
      frag,
    };
    if (product) (product.scope ??= newScope()).links.push(linkage);
    else supplier.scope.links.push(linkage);
  };
  const startDay = (supplier: SupplierInfo) =>
    Math.max(
      supplier.createdDay + 10,
      rng.chance(0.65)
        ? a.firstDay - rng.int(0, 365)
        : a.firstDay + rng.int(0, Math.max(1, a.nowDay - a.firstDay - 60)),
    );

  for (const supplier of a.suppliers) {
    const local = hh.byVillage.get(supplier.villageId) ?? [];
    const town = hh.byTown.get(supplier.townId) ?? [];
    if (!town.length) continue;
    if (supplier.kind === "household") {
      add(
        supplier,
        null,
        { household: rng.pick(local.length ? local : town) },
        "own_production",
        1,
        supplier.createdDay + 10,
      );
      continue;
    }
    const n = Math.min(town.length, 10 + Math.floor(50 * rng.next() ** 2));
    const chosen = new Set<number>();
    while (chosen.size < n)
      chosen.add(rng.chance(0.7) && local.length > chosen.size ? rng.pick(local) : rng.pick(town));
    const byProduct = supplier.kind === "cooperative" || supplier.kind === "enterprise";
    const productPool =
      byProduct && supplier.products.length > 1
        ? Array.from({ length: Math.ceil(n / 10) }, () => rng.pick(supplier.products))
        : [];
    for (const household of chosen) {
      if (productPool.length && rng.chance(0.3)) {
        add(
          supplier,
          rng.pick(productPool),
          { household },
          rng.pick(PRODUCT_MECHANISMS),
          rng.int(1, 10),
          startDay(supplier),
        );
      } else {
        add(
          supplier,
          null,
          { household },
          rng.pick(MECHANISMS_BY_KIND[supplier.kind]),
          rng.int(1, 10),
          startDay(supplier),
        );
      }
    }
    const collective = base.collectiveByVillage.get(supplier.villageId);
    if (
      collective &&
      (supplier.kind === "village_collective" || (supplier.partyBranchLed && rng.chance(0.5)))
    ) {
      add(supplier, null, { collective }, "equity_dividend", rng.int(5, 20), startDay(supplier));
    }
  }
  // Allocation breaks ties by linkage id: keep every scope's list in id order.
  for (const supplier of base.suppliers) {
    supplier.scope.links.sort((x, y) => (x.id < y.id ? -1 : 1));
    for (const p of supplier.products) p.scope?.links.sort((x, y) => (x.id < y.id ? -1 : 1));
  }
  return { linkages, rows: sink.rows + events.rows };
}

// ─── buyers ───────────────────────────────────────────────────────────────────────────────
function generateBuyers(a: {
  rng: Random;
  ids: Ids;
  loader: Loader;
  base: Base;
  newPaid: number;
  firstDay: number;
  nowMs: number;
}) {
  const { rng, ids, loader, base } = a;
  const orgSink = loader.sink(s.buyerOrganisations, [
    "id",
    "name",
    "kind",
    "regionId",
    "invoiceTitle",
    "taxNumber",
    "memberYearlyAllowanceFen",
    "createdAt",
  ]);
  const users = loader.sink(s.users, [
    "id",
    "mobile",
    "displayName",
    "passwordHash",
    "role",
    "organisationId",
    "createdAt",
  ]);
  const targets = loader.sink(s.buyerTargets, ["organisationId", "year", "targetFen"]);
  const memberships = loader.sink(s.buyerMemberships, ["organisationId", "userId", "status", "createdAt"]);
  const passwordHash = hashPassword(DEMO_PASSWORD, rng.bytes(16));
  let mobileCounter = base.userCount * 7 + 1;
  const nextMobile = () => {
    let m: string;
    do m = uniqueMobile(mobileCounter++);
    while (base.mobiles.has(m));
    base.mobiles.add(m);
    return m;
  };
  const windowStartMs = dayStartMs(a.firstDay);
  const span = a.nowMs - windowStartMs;
  const newCustomers = a.newPaid > 0 ? Math.ceil(a.newPaid / 8) : 0;
  // Sign-ups grow with the platform: more of them late in the window.
  const times = Array.from(
    { length: newCustomers },
    () => windowStartMs - 180 * DAY_MS + Math.floor(Math.sqrt(rng.next()) * (span + 180 * DAY_MS - DAY_MS)),
  );
  times.sort((x, y) => x - y);
  const customers = [...base.customers];
  for (const t of times) {
    const id = ids.next(TAG.user);
    const name = personName(rng.pick, rng.chance);
    const mobile = nextMobile();
    users.push(`${id}\t${mobile}\t${name}\t${passwordHash}\tcustomer\t${NULL}\t${iso(t)}\n`);
    customers.push({ userId: id, name, mobile, createdMs: t });
  }
  customers.sort((x, y) => x.createdMs - y.createdMs);

  const orgs = [...base.orgs];
  const newOrgs = a.newPaid > 0 ? Math.ceil(a.newPaid / 5000) : 0;
  const orgKinds: OrgKind[] = ["budget_unit", "union", "enterprise"];
  const tag4 = ids.runTag.slice(0, 4).toUpperCase();
  const firstYear = partsOfEpochDay(a.firstDay).y;
  const lastYear = partsOfEpochDay(epochDayOf(a.nowMs)).y;
  for (let i = 0; i < newOrgs; i++) {
    const kind = orgKinds[weightedIndex(rng, [0.45, 0.35, 0.2])];
    const prefixes = ORG_PREFIXES[kind];
    const round = Math.floor(i / prefixes.length);
    const unit = prefixes[i % prefixes.length] + (round ? `第${round + 1}分部` : "");
    const name =
      kind === "budget_unit"
        ? `${unit}机关食堂`
        : kind === "union"
          ? `${unit}工会委员会`
          : `${unit}职工福利部`;
    const id = ids.next(TAG.organisation);
    const createdMs = windowStartMs - rng.int(30, 300) * DAY_MS;
    const code = kind === "budget_unit" ? "11" : kind === "union" ? "81" : "91";
    orgSink.push(
      `${id}\t${name}\t${kind}\t${base.district.id}\t${unit}\t${code}4112${tag4}${String(i + 1).padStart(8, "0")}\t${kind === "union" ? 60_000 : NULL}\t${iso(createdMs)}\n`,
    );
    for (let y = firstYear; y <= lastYear; y++) targets.push(`${id}\t${y}\t${rng.int(50, 500) * 100_000}\n`);
    const adminId = ids.next(TAG.user);
    const adminName = personName(rng.pick, rng.chance);
    const mobile = nextMobile();
    users.push(
      `${adminId}\t${mobile}\t${adminName}（${name}）\t${passwordHash}\tbuyer_admin\t${id}\t${iso(createdMs)}\n`,
    );
    memberships.push(`${id}\t${adminId}\tactive\t${iso(createdMs)}\n`);
    orgs.push({ id, kind, name, admin: { userId: adminId, name: adminName, mobile, createdMs } });
  }
  return {
    customers,
    orgs,
    newUsers: newCustomers + newOrgs,
    rows: users.rows + orgSink.rows + targets.rows + memberships.rows,
  };
}

// ─── orders ───────────────────────────────────────────────────────────────────────────────
const ORDER_COLUMNS = [
  "id",
  "orderNumber",
  "userId",
  "organisationId",
  "buyerKind",
  "contactName",
  "contactMobile",
  "shippingAddress",
  "status",
  "paymentProvider",
  "subtotalFen",
  "shippingFen",
  "totalFen",
  "refundedFen",
  "expiresAt",
  "paidAt",
  "cancelledAt",
  "cancelReason",
  "completedAt",
  "createdAt",
] as const;
const PART_COLUMNS = [
  "id",
  "orderId",
  "supplierId",
  "status",
  "subtotalFen",
  "shippingFen",
  "acceptedAt",
  "rating",
  "ratingComment",
  "ratedAt",
] as const;
const LINE_COLUMNS = [
  "id",
  "orderId",
  "orderPartId",
  "quantity",
  "unitPriceFen",
  "lineTotalFen",
  "refundedFen",
  "refundedQuantity",
  "certified",
  "certificateNo",
  "benefitRateBp",
  "supplierId",
  "productId",
  "variantId",
  "productName",
  "variantSpec",
  "supplierName",
  "supplierKind",
  "categoryId",
  "originVillageId",
  "originTownId",
] as const;
const PAYMENT_COLUMNS = [
  "id",
  "orderId",
  "provider",
  "providerRef",
  "status",
  "amountFen",
  "transferDate",
  "createdAt",
  "succeededAt",
] as const;
const SHIPMENT_COLUMNS = [
  "id",
  "orderPartId",
  "carrier",
  "trackingNumber",
  "shippedAt",
  "deliveredAt",
] as const;
const REFUND_COLUMNS = [
  "id",
  "orderId",
  "paymentId",
  "amountFen",
  "reason",
  "status",
  "idempotencyKey",
  "createdAt",
  "succeededAt",
] as const;
const REFUND_REASONS = [
  "商品破损，部分退款",
  "少发漏发，退还差价",
  "质量问题，协商退款",
  "买家申请退货退款",
  "物流延误，补偿退款",
];
const REFUND_LINE_COLUMNS = ["refundId", "orderLineId", "amountFen", "quantity"] as const;
const LEDGER_COLUMNS = [
  "kind",
  "orderId",
  "orderLineId",
  "refundId",
  "amountFen",
  "linkageWeight",
  "paidAt",
  "statDate",
  "linkageId",
  "beneficiaryType",
  "householdId",
  "villageCollectiveId",
  "householdKind",
  "householdMembers",
  "townId",
  "villageId",
  "mechanism",
  "incomeType",
  "categoryId",
  "supplierId",
  "supplierKind",
  "buyerKind",
  "certified",
  "createdAt",
] as const;

/** The linkages of a scope in force on a day (approved, valid, decided by then). */
function inForce(scope: Scope, day: number): ScopeEntry {
  let entry = scope.byDay.get(day);
  if (entry) return entry;
  // In linkage-id order: the allocation's last tie-break is the lower id (core/allocation.ts).
  const links = scope.links
    .filter((l) => l.approved && l.fromDay <= day && day <= l.untilDay && l.decidedDay <= day)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  entry = {
    links,
    weights: Int32Array.from(links.map((l) => l.weight)),
    total: links.reduce((sum, l) => sum + l.weight, 0),
    exact: links.some((l) => l.decidedDay === day),
  };
  scope.byDay.set(day, entry);
  return entry;
}

/** In force at the payment instant: on a day a decision was taken, the time of day matters. */
function inForceAt(scope: Scope, day: number, paidMs: number): ScopeEntry {
  const entry = inForce(scope, day);
  if (!entry.exact) return entry;
  const links = entry.links.filter((l) => l.decidedMs <= paidMs);
  return {
    links,
    weights: Int32Array.from(links.map((l) => l.weight)),
    total: links.reduce((x, l) => x + l.weight, 0),
    exact: false,
  };
}

async function generateOrders(a: {
  rng: Random;
  ids: Ids;
  loader: Loader;
  base: Base;
  buyers: ReturnType<typeof generateBuyers>;
  newPaid: number;
  firstDay: number;
  nowDay: number;
  nowMs: number;
  cancelledShare: number;
  refundShare: number;
  /** Its own stream: refunds never shift the rest of the data set. */
  refundRng: Random;
  ledgerLanes: number;
  progress: Progress;
}) {
  const { rng, ids, loader, base } = a;
  const rr = a.refundRng;
  const orderSink = loader.sink(s.orders, [...ORDER_COLUMNS]);
  const partSink = loader.sink(s.orderParts, [...PART_COLUMNS]);
  const lineSink = loader.sink(s.orderLines, [...LINE_COLUMNS]);
  const paymentSink = loader.sink(s.payments, [...PAYMENT_COLUMNS]);
  const shipmentSink = loader.sink(s.shipments, [...SHIPMENT_COLUMNS]);
  const refundSink = loader.sink(s.refunds, [...REFUND_COLUMNS]);
  const refundLineSink = loader.sink(s.refundLines, [...REFUND_LINE_COLUMNS]);
  const ledgerSink = loader.sink(s.attributionEntries, [...LEDGER_COLUMNS], { lanes: a.ledgerLanes });
  const sinks: Sink[] = [
    orderSink,
    partSink,
    lineSink,
    paymentSink,
    shipmentSink,
    refundSink,
    refundLineSink,
    ledgerSink,
  ];
  const totals = {
    paidOrders: 0,
    salesFen: 0,
    attributedFen: 0,
    ledgerEntries: 0,
    refunds: 0,
    refundedOrders: 0,
    refundedFen: 0,
    reversalEntries: 0,
  };
  const sequences = new Map<number, number>();
  if (a.newPaid <= 0) return { orders: 0, rows: 0, totals, sequences };

  // Paid orders per day (largest remainder, so they sum to exactly newPaid).
  const nDays = a.nowDay - a.firstDay + 1;
  const nowSec = Math.floor((a.nowMs - dayStartMs(a.nowDay)) / 1000);
  const weights = Array.from(
    { length: nDays },
    (_, i) =>
      demandWeight(a.firstDay + i, i, nDays) * (i === nDays - 1 ? Math.max(0.02, nowSec / 86_400) : 1),
  );
  const totalWeight = weights.reduce((x, y) => x + y, 0);
  const perDay = weights.map((w) => Math.floor((a.newPaid * w) / totalWeight));
  let left = a.newPaid - perDay.reduce((x, y) => x + y, 0);
  const order = weights
    .map((w, i) => [(a.newPaid * w) / totalWeight - perDay[i], i] as const)
    .sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0; left > 0; k = (k + 1) % nDays, left--) perDay[order[k][1]]++;

  // Products on sale, in the order they were listed; pick by popularity among those listed by a day.
  const products = base.products
    .filter((p) => p.active && p.variants.length)
    .sort((x, y) => x.createdDay - y.createdDay || (x.id < y.id ? -1 : 1));
  const cumulative = new Float64Array(products.length);
  let acc = 0;
  products.forEach((p, i) => (cumulative[i] = acc += p.weight));
  const customers = a.buyers.customers;
  const orgsByKind = new Map<OrgKind, Org[]>();
  for (const o of a.buyers.orgs) orgsByKind.set(o.kind, [...(orgsByKind.get(o.kind) ?? []), o]);
  const hourCumulative: number[] = [];
  let hAcc = 0;
  for (const w of HOUR_WEIGHTS) hourCumulative.push((hAcc += w));

  let share = new Float64Array(256);
  let productEnd = 0;
  let customerEnd = 0;
  let orders = 0;
  let paidDone = 0;
  let trackingCounter = 0;
  const trackingTag = String(parseInt(ids.runTag.slice(0, 5), 16) % 1_000_000).padStart(6, "0");
  const rowsPushed = () => sinks.reduce((x, k) => x + k.rows, 0);

  for (let di = 0; di < nDays; di++) {
    const day = a.firstDay + di;
    const dayStart = dayStartMs(day);
    const paidToday = perDay[di];
    const cancelledToday = di === nDays - 1 ? 0 : Math.floor(paidToday * a.cancelledShare + rng.next());
    const n = paidToday + cancelledToday;
    if (n === 0) continue;
    while (productEnd < products.length && products[productEnd].createdDay <= day) productEnd++;
    const pickEnd = productEnd || products.length;
    while (customerEnd < customers.length && customers[customerEnd].createdMs < dayStart + DAY_MS)
      customerEnd++;
    const limitSec = di === nDays - 1 ? nowSec : 86_399;
    const seconds = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      let sec = -1;
      for (let tries = 0; tries < 20 && (sec < 0 || sec > limitSec); tries++) {
        const r = rng.next() * hAcc;
        let h = 0;
        while (hourCumulative[h] <= r) h++;
        sec = h * 3600 + rng.int(0, 3599);
      }
      seconds[k] = sec < 0 || sec > limitSec ? rng.int(0, Math.max(0, limitSec)) : sec;
    }
    seconds.sort();
    // Which of the day's orders are the cancelled ones.
    const cancelled = new Uint8Array(n);
    for (let c = 0; c < cancelledToday;) {
      const k = rng.int(0, n - 1);
      if (!cancelled[k]) {
        cancelled[k] = 1;
        c++;
      }
    }
    let seq = base.sequences.get(day) ?? 0;
    const { y, m, d } = partsOfEpochDay(day);
    const datePrefix = `${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}-`;

    for (let k = 0; k < n; k++) {
      const isPaid = !cancelled[k];
      const createdMs = dayStart + seconds[k] * 1000 + rng.int(0, 999);
      const orderId = ids.next(TAG.order);
      const orderNumber = `${datePrefix}${String(++seq).padStart(6, "0")}`;

      // Buyer.
      const kr = rng.next();
      let buyerKind: BuyerKind =
        kr < 0.88 ? "individual" : kr < 0.93 ? "budget_unit" : kr < 0.97 ? "union" : "enterprise";
      let buyer: Buyer;
      let orgId: string | null = null;
      const orgPool = buyerKind === "individual" ? undefined : orgsByKind.get(buyerKind);
      if (buyerKind !== "individual" && orgPool?.length) {
        const org = rng.pick(orgPool);
        orgId = org.id;
        buyer = org.admin ?? {
          userId: null,
          name: personName(rng.pick, rng.chance),
          mobile: mobileOf(rng),
          createdMs: 0,
        };
      } else {
        buyerKind = "individual";
        buyer =
          customerEnd > 0 && rng.chance(0.75)
            ? customers[Math.floor(rng.next() * customerEnd)]
            : { userId: null, name: personName(rng.pick, rng.chance), mobile: mobileOf(rng), createdMs: 0 };
      }
      const institutional = buyerKind !== "individual";
      const city = institutional ? CITIES[0] : rng.chance(0.35) ? CITIES[0] : rng.pick(CITIES);
      const address = JSON.stringify({
        province: city.province,
        city: city.city,
        district: rng.pick(city.districts),
        detail: `${rng.pick(ROADS)}${rng.int(1, 399)}号${institutional ? "" : `${rng.int(1, 30)}栋${rng.int(1, 6)}单元${rng.int(101, 2802)}室`}`,
      });
      const provider = institutional ? "bank_transfer" : "demo";
      const expiresMs = createdMs + (institutional ? 7 * DAY_MS : 30 * 60_000);
      let paidMs = createdMs + (institutional ? rng.int(2 * 3600, 3 * 86_400) : rng.int(20, 600)) * 1000;
      if (paidMs > a.nowMs) paidMs = createdMs + Math.floor((a.nowMs - createdMs) / 2);

      // Lines: distinct variants, grouped into parts by supplier.
      const lr = rng.next();
      const nLines = lr < 0.55 ? 1 : lr < 0.82 ? 2 : lr < 0.94 ? 3 : 4;
      const chosenProducts: ProductInfo[] = [];
      const chosenVariants: VariantInfo[] = [];
      for (let li = 0; li < nLines; li++) {
        for (let tries = 0; tries < 4; tries++) {
          const r = rng.next() * cumulative[pickEnd - 1];
          let lo = 0;
          let hi = pickEnd - 1;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (cumulative[mid] <= r) lo = mid + 1;
            else hi = mid;
          }
          const product = products[lo];
          const variant =
            product.variants.length === 1 || rng.chance(0.5)
              ? product.variants[0]
              : rng.pick(product.variants);
          if (chosenVariants.includes(variant)) continue;
          chosenProducts.push(product);
          chosenVariants.push(variant);
          break;
        }
      }
      const partSuppliers: SupplierInfo[] = [];
      const partIds: string[] = [];
      const partSubtotals: number[] = [];
      const lineParts: number[] = [];
      const quantities: number[] = [];
      for (let li = 0; li < chosenProducts.length; li++) {
        const supplier = chosenProducts[li].supplier;
        let pi = partSuppliers.indexOf(supplier);
        if (pi < 0) {
          pi = partSuppliers.push(supplier) - 1;
          partIds.push(ids.next(TAG.orderPart));
          partSubtotals.push(0);
        }
        const qr = rng.next();
        const qty = institutional ? rng.int(5, 60) : qr < 0.7 ? 1 : qr < 0.9 ? 2 : rng.int(3, 5);
        quantities.push(qty);
        lineParts.push(pi);
        partSubtotals[pi] += qty * chosenVariants[li].price;
      }
      let subtotal = 0;
      let shipping = 0;
      const partShipping = partSuppliers.map((supplier, pi) => {
        const fee =
          supplier.threshold !== null && partSubtotals[pi] >= supplier.threshold ? 0 : supplier.flat;
        subtotal += partSubtotals[pi];
        shipping += fee;
        return fee;
      });
      const total = subtotal + shipping;

      // Status by age (paid orders): paid → shipped → delivered → completed.
      const ageDays = (a.nowMs - paidMs) / DAY_MS;
      const status = !isPaid
        ? "cancelled"
        : ageDays < 1
          ? "paid"
          : ageDays < 4
            ? "shipped"
            : ageDays < 10
              ? "delivered"
              : "completed";
      const shippedMs = paidMs + rng.int(4, 20) * 3_600_000;
      const deliveredMs = shippedMs + rng.int(24, 72) * 3_600_000;
      const completedMs = deliveredMs + rng.int(1, 5) * DAY_MS;
      const paidIso = isPaid ? iso(paidMs) : NULL;
      const createdIso = iso(createdMs);
      const cancelledIso = isPaid ? NULL : iso(expiresMs);

      // Lines and their sale shares first: refunds (below) need them before the rows are written.
      const payDay = epochDayOf(paidMs);
      const statDate = dateOfEpochDay(payDay);
      const nLinesChosen = chosenProducts.length;
      const lineIds: string[] = [];
      const lineCerts: (Range | null)[] = [];
      const lineCertified: boolean[] = [];
      const lineEntries: (ScopeEntry | null)[] = [];
      const lineShares: (Float64Array | null)[] = [];
      const lineCurrent: (Float64Array | null)[] = []; // running totals per linkage, once refunded
      const lineRefunded: number[] = [];
      const lineRefundedQty: number[] = [];
      for (let li = 0; li < nLinesChosen; li++) {
        const product = chosenProducts[li];
        lineIds.push(ids.next(TAG.orderLine));
        const day = isPaid ? payDay : epochDayOf(createdMs);
        const productCert = covers(product.certs, day);
        lineCerts.push(productCert);
        lineCertified.push(productCert !== null && covers(product.supplier.certs, day) !== null);
        lineRefunded.push(0);
        lineRefundedQty.push(0);
        let entry: ScopeEntry | null = null;
        if (isPaid) {
          // The linkages in force at payment: the product's own, else the supplier's (attributeSale).
          if (product.scope) {
            entry = inForceAt(product.scope, payDay, paidMs);
            if (!entry.links.length) entry = null;
          }
          entry ??= inForceAt(product.supplier.scope, payDay, paidMs);
          if (!entry.links.length) entry = null;
        }
        lineEntries.push(entry);
        lineCurrent.push(null);
        if (entry) {
          // pool = floor(lineNet × rate / 10000), split by weight; zero-fen shares are kept, as
          // attributeSale keeps them: a refund re-splits over exactly the sale's linkages.
          const pool = Math.floor((quantities[li] * chosenVariants[li].price * product.rateBp) / 10_000);
          lineShares.push(
            allocateLargestRemainder(pool, entry.weights, entry.total, new Float64Array(entry.links.length)),
          );
        } else lineShares.push(null);
      }

      // Refunds (their own random stream): partial or full, of one line or the whole order, some
      // orders twice. Each refund moves every linkage of a refunded line to a fresh split of the
      // line's remaining net, exactly as reverseForRefund does (app/models/impact/attribution.server.ts).
      const paymentId = ids.next(TAG.payment);
      const reversals: string[] = [];
      let orderRefunded = 0;
      if (isPaid && a.refundShare > 0 && rr.next() < a.refundShare) {
        const nRefunds = rr.chance(0.2) ? 2 : 1;
        let atMs = paidMs;
        for (let k = 0; k < nRefunds; k++) {
          const room = a.nowMs - atMs;
          if (room < 120_000) break;
          const wait = rr.int(3600, 15 * 86_400) * 1000;
          atMs += wait < room ? wait : Math.floor(room / 2);
          const open: number[] = [];
          for (let li = 0; li < nLinesChosen; li++)
            if (lineRefunded[li] < quantities[li] * chosenVariants[li].price) open.push(li);
          if (!open.length) break;
          const parts: { li: number; amount: number; qty: number }[] = [];
          const wholeOrder = rr.chance(0.25);
          for (const li of wholeOrder ? open : [rr.pick(open)]) {
            const unit = chosenVariants[li].price;
            const remaining = quantities[li] * unit - lineRefunded[li];
            const remainingQty = quantities[li] - lineRefundedQty[li];
            const r = rr.next();
            if (wholeOrder || r < 0.4 || remaining === 1)
              parts.push({ li, amount: remaining, qty: remainingQty });
            else if (r < 0.7 && remainingQty > 1 && (remainingQty - 1) * unit <= remaining) {
              const units = rr.int(1, remainingQty - 1);
              parts.push({ li, amount: units * unit, qty: units }); // goods returned
            } else parts.push({ li, amount: rr.int(1, remaining - 1), qty: 0 }); // compensation, goods kept
          }
          const refundId = ids.next(TAG.refund);
          const refundIso = iso(atMs);
          let amount = 0;
          for (const p of parts) {
            amount += p.amount;
            lineRefunded[p.li] += p.amount;
            lineRefundedQty[p.li] += p.qty;
            refundLineSink.push(`${refundId}\t${lineIds[p.li]}\t${p.amount}\t${p.qty}\n`);
            const entry = lineEntries[p.li];
            const sale = lineShares[p.li];
            if (!entry || !sale) continue;
            const current = (lineCurrent[p.li] ??= Float64Array.from(sale));
            const product = chosenProducts[p.li];
            const net = quantities[p.li] * chosenVariants[p.li].price - lineRefunded[p.li];
            const pool = Math.floor((net * product.rateBp) / 10_000);
            if (share.length < entry.links.length) share = new Float64Array(entry.links.length * 2);
            allocateLargestRemainder(pool, entry.weights, entry.total, share);
            const head = `reversal\t${orderId}\t${lineIds[p.li]}\t${refundId}\t`;
            const mid = `\t${paidIso}\t${statDate}\t`;
            const tail = `${product.tail}${buyerKind}\t${lineCertified[p.li] ? "t" : "f"}\t${refundIso}\n`;
            for (let x = 0; x < entry.links.length; x++) {
              const delta = share[x] - current[x];
              if (delta === 0) continue;
              current[x] = share[x];
              reversals.push(head + delta + "\t" + entry.links[x].weight + mid + entry.links[x].frag + tail);
            }
          }
          orderRefunded += amount;
          const reason = wholeOrder ? "整单退款：买家协商退货" : rr.pick(REFUND_REASONS);
          refundSink.push(
            `${refundId}\t${orderId}\t${paymentId}\t${amount}\t${reason}\tsucceeded\tgen:${refundId}\t${refundIso}\t${refundIso}\n`,
          );
          totals.refunds++;
          totals.refundedFen += amount;
        }
        if (orderRefunded > 0) totals.refundedOrders++;
      }

      orderSink.push(
        `${orderId}\t${orderNumber}\t${buyer.userId ?? NULL}\t${orgId ?? NULL}\t${buyerKind}\t${buyer.name}\t${buyer.mobile}\t${address}\t${status}\t${provider}\t${subtotal}\t${shipping}\t${total}\t${orderRefunded}\t${iso(expiresMs)}\t${paidIso}\t${cancelledIso}\t${isPaid ? NULL : "超时未支付，系统自动取消"}\t${status === "completed" ? iso(completedMs) : NULL}\t${createdIso}\n`,
      );
      for (let pi = 0; pi < partSuppliers.length; pi++) {
        let accepted = NULL;
        let rating = NULL;
        let comment = NULL;
        let rated = NULL;
        if (status === "completed") {
          if (institutional) accepted = iso(deliveredMs + DAY_MS);
          else if (rng.chance(0.15)) {
            rating = String(rng.chance(0.85) ? 5 : rng.int(3, 4));
            comment = copyNullable(rng.pick(RATING_COMMENTS));
            rated = iso(completedMs);
          }
        }
        partSink.push(
          `${partIds[pi]}\t${orderId}\t${partSuppliers[pi].id}\t${status}\t${partSubtotals[pi]}\t${partShipping[pi]}\t${accepted}\t${rating}\t${comment}\t${rated}\n`,
        );
        if (status === "shipped" || status === "delivered" || status === "completed") {
          const carrier = CARRIERS[(trackingCounter + pi) % CARRIERS.length];
          shipmentSink.push(
            `${ids.next(TAG.shipment)}\t${partIds[pi]}\t${carrier.name}\t${carrier.prefix}${trackingTag}${String(++trackingCounter).padStart(9, "0")}\t${iso(shippedMs)}\t${status === "shipped" ? NULL : iso(deliveredMs)}\n`,
          );
        }
      }
      paymentSink.push(
        `${paymentId}\t${orderId}\t${provider}\t${institutional ? `BT-${orderNumber}` : `demo_${orderNumber}`}\t${isPaid ? "succeeded" : "expired"}\t${total}\t${isPaid && institutional ? dateOfEpochDay(epochDayOf(paidMs)) : NULL}\t${iso(createdMs + 2000)}\t${paidIso}\n`,
      );

      for (let li = 0; li < nLinesChosen; li++) {
        const product = chosenProducts[li];
        const variant = chosenVariants[li];
        const lineTotal = quantities[li] * variant.price;
        const lineId = lineIds[li];
        const certified = lineCertified[li] ? "t" : "f";
        lineSink.push(
          `${lineId}\t${orderId}\t${partIds[lineParts[li]]}\t${quantities[li]}\t${variant.price}\t${lineTotal}\t${lineRefunded[li]}\t${lineRefundedQty[li]}\t${certified}\t${lineCerts[li]?.no ?? NULL}\t${variant.frag}`,
        );
        if (!isPaid) continue;
        totals.salesFen += lineTotal - lineRefunded[li];
        const entry = lineEntries[li];
        const sale = lineShares[li];
        if (!entry || !sale) continue;
        // The sale entries (the original split) of the attribution ledger.
        const head = `sale\t${orderId}\t${lineId}\t${NULL}\t`;
        const mid = `\t${paidIso}\t${statDate}\t`;
        const tail = `${product.tail}${buyerKind}\t${certified}\t${paidIso}\n`;
        const net = lineCurrent[li] ?? sale;
        for (let x = 0; x < entry.links.length; x++) {
          ledgerSink.push(head + sale[x] + "\t" + entry.links[x].weight + mid + entry.links[x].frag + tail);
          totals.ledgerEntries++;
          totals.attributedFen += net[x]; // after refunds
        }
      }
      for (const row of reversals) ledgerSink.push(row);
      totals.ledgerEntries += reversals.length;
      totals.reversalEntries += reversals.length;
      orders++;
      if (isPaid) {
        paidDone++;
        totals.paidOrders++;
      }
      if ((orders & 255) === 0) {
        await loader.tick();
        if ((orders & 1023) === 0) a.progress.update(paidDone, rowsPushed());
      }
    }
    sequences.set(day, seq);
  }
  return { orders, rows: rowsPushed(), totals, sequences };
}

// ─── deferred indexes ─────────────────────────────────────────────────────────────────────
const ORDER_TABLES = [
  "orders",
  "order_parts",
  "order_lines",
  "payments",
  "shipments",
  "refunds",
  "refund_lines",
  "attribution_entries",
];

async function orderTablesEmpty(loader: Loader): Promise<boolean> {
  const [row] = await loader.exec<{ any: boolean }>(
    `select ${ORDER_TABLES.map((t) => `exists (select 1 from "${t}")`).join(" or ")} as any`,
  );
  return !row.any;
}

/** Drops the order tables' indexes that back no constraint; returns the statements that rebuild them. */
async function dropSecondaryIndexes(loader: Loader): Promise<string[]> {
  const rows = await loader.exec<{ name: string; ddl: string }>(
    `select format('%I.%I', n.nspname, i.relname) as name, pg_get_indexdef(i.oid) as ddl
     from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = current_schema() and t.relname in (${ORDER_TABLES.map((t) => `'${t}'`).join(", ")})
       and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
     order by t.relname, i.relname`,
  );
  const ddl = rows.map((r) => r.ddl.replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX IF NOT EXISTS "));
  await loader.exec(rows.map((r) => `drop index if exists ${r.name}`));
  return ddl;
}

// ─── rollups ──────────────────────────────────────────────────────────────────────────────
async function buildRollups(
  loader: Loader,
  ids: Ids,
  engine: DatabaseHandle["engine"],
  sequences: Map<number, number>,
) {
  const [lo, hi] = ids.range(TAG.order);
  const inRun = (col: string) => `${col} between '${lo}' and '${hi}'`;
  const prelude = engine === "postgres" ? ["set work_mem = '256MB'"] : [];
  const counted = async (table: string, insert: string) => {
    const rows = await loader.exec<{ n: number }>([
      ...prelude,
      `with ins as (${insert} returning 1) select count(*)::int as n from ins`,
    ]);
    return [table, Number(rows[0]?.n ?? 0)] as const;
  };
  const jobs = dailyRollupsFromSource(inRun).map(
    ({ table, insert }) =>
      () =>
        counted(table, insert),
  );
  const results = await loader.runAll(jobs);
  // The monthly and yearly rollups, rebuilt from the daily ones (exact however often the
  // generator tops a database up).
  await loader.exec([...prelude, ...REBUILD_COARSE_ROLLUPS]);
  // A live platform writes a day's beneficiary rows on that day, so a period's edge days lie together
  // on disk; this bulk insert left them in hash order (3 rows a page read for a dashboard's custom
  // range at 1M orders). Lay them out by day, as live writes would.
  await loader.exec([
    ...prelude,
    `cluster stats_beneficiary_daily using stats_beneficiary_daily_stat_date_beneficiary_type_beneficiary_`,
    `analyze stats_beneficiary_daily`,
  ]);

  // Units sold for the "popular" sort, and the order-number counters of the days used.
  const sequenceValues = [...sequences.entries()].map(([day, last]) => `('${dateOfEpochDay(day)}', ${last})`);
  const finish = [
    `update products p set sales_count = p.sales_count + x.units
     from (select l.product_id, sum(l.quantity)::int as units from order_lines l join orders o on o.id = l.order_id
           where ${inRun("o.id")} and ${inRun("l.order_id")} and o.paid_at is not null group by 1) x
     where p.id = x.product_id`,
  ];
  if (sequenceValues.length) {
    finish.push(
      `insert into order_number_sequences (day, last) values ${sequenceValues.join(", ")}
       on conflict (day) do update set last = greatest(order_number_sequences.last, excluded.last)`,
    );
  }
  await loader.exec(finish);
  // The sales_count update leaves a dead copy of every product row: vacuum the small tables it
  // touched so catalogue scans read live rows only, then fresh statistics for the planner.
  await loader.exec("vacuum (analyze) products, order_number_sequences");
  await loader.exec("analyze");
  return Object.fromEntries(results) as Record<string, number>;
}
