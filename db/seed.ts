// Deterministic demo data of the Sanmenxia demonstration zone. The same seed number gives the
// same rows, ids included (only ciphertexts differ: AES-GCM takes a fresh nonce each time).
import { count } from "drizzle-orm";
import { encryptPii, idCardCheckChar, maskIdCard, piiLookupHash } from "../core/pii";
import { hashPassword } from "../core/password";
import { buildSearchText } from "../core/pinyin";
import { DEMO_IMAGE_VIEWS, DEMO_VIEW_LABELS, demoImageRelative } from "../core/product-art";
import type { Database, Executor } from "./client";
import { BUYER_ORGANISATIONS, DEMO_ACCOUNTS, DEMO_PASSWORD } from "./fixtures/accounts";
import { CATEGORIES, PRODUCTS, SUPPLIERS, type SupplierKind } from "./fixtures/catalog";
import { PRODUCT_TEXTS_EN, SUPPLIER_STORIES_EN } from "./fixtures/catalog-en";
import { DISTRICT, TOWNS } from "./fixtures/regions";
import { seededRandom, type Random } from "./random";
import * as s from "./schema";

export const DEMO_SEED = 20261122;
export const SEED_HOUSEHOLDS = 2000;
const CERT_ISSUER = "三门峡市城乡一体化示范区乡村振兴局";
const DEFAULT_SEEDED_AT = new Date("2026-03-01T08:00:00+08:00");

type Mechanism = (typeof s.linkageMechanism.enumValues)[number];
type HouseholdKind = (typeof s.householdKind.enumValues)[number];

const SURNAMES = Array.from("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘");
const GIVEN = Array.from("建国秀英桂兰志强海军玉梅小红永刚春花明华丽娟金凤淑珍德胜振华卫东红霞文杰");

/** Mechanisms each kind of supplier typically uses (DOMAIN-REFERENCE.md). */
const MECHANISMS_BY_KIND: Record<SupplierKind, Mechanism[]> = {
  cooperative: ["order_purchase", "employment", "land_lease", "guaranteed_dividend", "rebate_share"],
  enterprise: ["order_purchase", "employment", "land_lease", "entrusted_farming"],
  village_collective: ["equity_dividend", "employment", "land_lease"],
  workshop: ["employment", "order_purchase"],
  household: ["own_production"],
};

export async function isSeeded(db: Executor): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(s.regions);
  return row.n > 0;
}

async function insertBatched<T extends Record<string, unknown>>(
  db: Executor,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table: drizzle types insert() per table
  table: any,
  rows: T[],
  size = 500,
) {
  for (let i = 0; i < rows.length; i += size) await db.insert(table).values(rows.slice(i, i + size));
}

function fakeIdCard(rng: Random, areaCode: string): string {
  const year = rng.int(1945, 2000);
  const month = String(rng.int(1, 12)).padStart(2, "0");
  const day = String(rng.int(1, 28)).padStart(2, "0");
  const first17 = `${areaCode}${year}${month}${day}${String(rng.int(0, 999)).padStart(3, "0")}`;
  return first17 + idCardCheckChar(first17);
}

function householdKindFor(rng: Random): HouseholdKind {
  const r = rng.next();
  if (r < 0.7) return "alleviated";
  if (r < 0.82) return "monitored_unstable";
  if (r < 0.94) return "monitored_marginal";
  return "monitored_hardship";
}

/** YYYY-MM-DD plus `days`. */
function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * `historySince` (YYYY-MM-DD): the demo history (app/models/demo) will write sales from that day, so
 * the registry must already be in force then: suppliers, products and households registered that
 * day, linkages valid and approved from it, and a previous certification round covering it until
 * the current round begins (2026-03-01). Without it the seed is what it always was.
 */
export async function seedDatabase(
  db: Database,
  opts: { piiKey: string; seed?: number; households?: number; historySince?: string },
) {
  const rng = seededRandom(opts.seed ?? DEMO_SEED);
  const since = opts.historySince && opts.historySince < "2026-01-01" ? opts.historySince : null;
  const SEEDED_AT = since ? new Date(`${since}T08:00:00+08:00`) : DEFAULT_SEEDED_AT;
  const linkagesFrom = since ?? "2026-01-01";
  await db.transaction(async (tx) => {
    // Regions: district → towns → villages, inserted in a fixed order so identity ids repeat.
    const [district] = await tx
      .insert(s.regions)
      .values({ code: DISTRICT.code, name: DISTRICT.name, nameEn: DISTRICT.nameEn, level: "district" })
      .returning();
    const villageByCode = new Map<string, { id: number; townId: number; name: string }>();
    const townIds: number[] = [];
    for (const town of TOWNS) {
      const [t] = await tx
        .insert(s.regions)
        .values({
          code: town.code,
          name: town.name,
          nameEn: town.nameEn,
          level: town.level,
          parentId: district.id,
        })
        .returning();
      townIds.push(t.id);
      const villages = await tx
        .insert(s.regions)
        .values(
          town.villages.map((v) => ({
            code: v.code,
            name: v.name,
            nameEn: v.nameEn,
            level: "village" as const,
            parentId: t.id,
          })),
        )
        .returning();
      for (const v of villages) villageByCode.set(v.code, { id: v.id, townId: t.id, name: v.name });
    }
    const villages = [...villageByCode.values()];

    // Categories (top level, then leaves).
    const categoryBySlug = new Map<string, number>();
    for (const [i, c] of CATEGORIES.entries()) {
      const [top] = await tx
        .insert(s.categories)
        .values({ slug: c.slug, name: c.name, nameEn: c.nameEn, sortOrder: i })
        .returning();
      categoryBySlug.set(c.slug, top.id);
      for (const [j, child] of c.children.entries()) {
        const [leaf] = await tx
          .insert(s.categories)
          .values({
            slug: child.slug,
            name: child.name,
            nameEn: child.nameEn,
            parentId: top.id,
            sortOrder: j,
          })
          .returning();
        categoryBySlug.set(child.slug, leaf.id);
      }
    }

    // One collective economic organisation per village.
    const collectiveByVillage = new Map<number, string>();
    const collectives = villages.map((v, i) => {
      const id = rng.uuid();
      collectiveByVillage.set(v.id, id);
      return {
        id,
        villageId: v.id,
        townId: v.townId,
        name: `${v.name}股份经济合作社`,
        creditCode: `N2411200MF${String(i).padStart(7, "0")}X`.slice(0, 18),
        createdAt: SEEDED_AT,
      };
    });
    await insertBatched(tx, s.villageCollectives, collectives);

    // Suppliers and their certifications.
    const supplierIds = new Map<string, string>();
    const supplierRows = SUPPLIERS.map((f) => {
      const village = villageByCode.get(f.villageCode)!;
      const id = rng.uuid();
      supplierIds.set(f.slug, id);
      return {
        id,
        slug: f.slug,
        name: f.name,
        nameEn: f.nameEn,
        kind: f.kind,
        partyBranchLed: f.partyBranchLed,
        villageId: village.id,
        townId: village.townId,
        creditCode: f.creditCode,
        contactName: f.contactName,
        contactPhone: f.contactPhone,
        story: f.story,
        storyEn: SUPPLIER_STORIES_EN[f.slug] ?? null,
        benefitRateBp: f.benefitRateBp,
        shippingFlatFen: f.shippingFlatFen,
        freeShippingThresholdFen: f.freeShippingThresholdFen,
        createdAt: SEEDED_AT,
      };
    });
    await insertBatched(tx, s.suppliers, supplierRows);

    let certNo = 0;
    const certificate = () => `SMX-XFBF-2026-${String(++certNo).padStart(4, "0")}`;
    const certifiedCert = (supplierId: string, productId: string | null) => ({
      id: rng.uuid(),
      subject: productId ? ("product" as const) : ("supplier" as const),
      supplierId,
      productId,
      status: "certified" as const,
      certificateNo: certificate(),
      issuer: CERT_ISSUER,
      validFrom: "2026-03-01",
      validUntil: "2027-02-28",
      noticeStartsOn: "2026-02-20",
      noticeEndsOn: "2026-02-26",
      appliedAt: new Date("2026-02-10T09:00:00+08:00"),
      decidedAt: new Date("2026-02-27T10:00:00+08:00"),
    });
    const certRows: (typeof s.certifications.$inferInsert)[] = SUPPLIERS.filter((f) => f.certified).map((f) =>
      certifiedCert(supplierIds.get(f.slug)!, null),
    );
    // The round before (history only): valid from the first day of the history until the current
    // round begins; the expiry sweep marks it expired afterwards.
    let previousNo = 0;
    const previousRound = (cert: (typeof certRows)[number]): typeof s.certifications.$inferInsert => ({
      ...cert,
      id: rng.uuid(),
      certificateNo: `SMX-XFBF-${since!.slice(0, 4)}-${String(++previousNo).padStart(4, "0")}`,
      validFrom: since!,
      validUntil: "2026-02-28",
      noticeStartsOn: addDays(since!, -10),
      noticeEndsOn: addDays(since!, -4),
      appliedAt: new Date(`${addDays(since!, -20)}T09:00:00+08:00`),
      decidedAt: new Date(`${addDays(since!, -2)}T10:00:00+08:00`),
    });

    // Products, variants, images.
    const productRows: (typeof s.products.$inferInsert)[] = [];
    const variantRows: (typeof s.productVariants.$inferInsert)[] = [];
    const imageRows: (typeof s.productImages.$inferInsert)[] = [];
    const productIdsBySupplier = new Map<string, string[]>();
    const galleryRng = seededRandom((opts.seed ?? DEMO_SEED) + 91);
    let pendingApplications = 0;
    for (const [i, f] of PRODUCTS.entries()) {
      const id = rng.uuid();
      const supplierId = supplierIds.get(f.supplierSlug)!;
      const supplier = SUPPLIERS.find((x) => x.slug === f.supplierSlug)!;
      const village = villageByCode.get(f.originVillageCode)!;
      productIdsBySupplier.set(supplierId, [...(productIdsBySupplier.get(supplierId) ?? []), id]);
      const createdAt = new Date(SEEDED_AT.getTime() + i * 3_600_000);
      rng.int(0, 800); // the draw of the former random 已售: kept, so every id after it stays the same
      productRows.push({
        id,
        slug: f.slug,
        supplierId,
        categoryId: categoryBySlug.get(f.categorySlug)!,
        originVillageId: village.id,
        name: f.name,
        nameEn: f.nameEn,
        subtitle: f.subtitle,
        description: f.description,
        subtitleEn: PRODUCT_TEXTS_EN[f.slug]?.subtitle ?? null,
        descriptionEn: PRODUCT_TEXTS_EN[f.slug]?.description ?? null,
        searchText: buildSearchText([
          f.name,
          f.nameEn,
          supplier.name,
          village.name,
          ...CATEGORIES.filter(
            (c) => c.slug === f.categorySlug || c.children.some((x) => x.slug === f.categorySlug),
          ).flatMap((c) => [
            c.name,
            ...c.children.filter((x) => x.slug === f.categorySlug).map((x) => x.name),
          ]),
        ]),
        status: "active",
        benefitRateBp: f.benefitRateBp ?? null,
        featured: f.featured,
        seasonMonths: f.seasonMonths,
        traceCode: `SMX${String(i + 1).padStart(6, "0")}`,
        // 已售 starts at nothing: only paid orders (the demo history) count (decision 090).
        salesCount: 0,
        createdAt,
        updatedAt: createdAt,
      });
      f.variants.forEach((v, j) =>
        variantRows.push({
          id: rng.uuid(),
          productId: id,
          sku: `${f.slug}-${j + 1}`,
          spec: v.spec,
          specEn: v.specEn,
          priceFen: v.priceFen,
          stock: v.stock,
          weightGrams: v.weightGrams,
          sortOrder: j,
        }),
      );
      // The gallery: four pictures drawn from the category art, rendered on first request (decision 091).
      DEMO_IMAGE_VIEWS.forEach((view, j) =>
        imageRows.push({
          id: j === 0 ? rng.uuid() : galleryRng.uuid(), // one draw of `rng` per product, as before
          productId: id,
          path: `/media/${demoImageRelative(f.slug, j + 1, 1200)}`,
          alt: `${f.name} · ${DEMO_VIEW_LABELS[view].zh}`,
          width: 1200,
          height: 900,
          sortOrder: j,
        }),
      );
      if (f.certified) certRows.push(certifiedCert(supplierId, id));
      else if (supplier.certified && pendingApplications < 4) {
        // A few applications in the pipeline, two of them under public notice.
        const underNotice = pendingApplications < 2;
        pendingApplications++;
        certRows.push({
          id: rng.uuid(),
          subject: "product",
          supplierId,
          productId: id,
          status: underNotice ? "public_notice" : "applied",
          noticeStartsOn: underNotice ? "2026-11-18" : null,
          noticeEndsOn: underNotice ? "2026-11-25" : null,
          appliedAt: new Date("2026-11-10T09:00:00+08:00"),
        });
      }
    }
    await insertBatched(tx, s.products, productRows);
    await insertBatched(tx, s.productVariants, variantRows);
    await insertBatched(tx, s.productImages, imageRows);
    await insertBatched(
      tx,
      s.certifications,
      since
        ? [...certRows, ...certRows.filter((c) => c.status === "certified").map(previousRound)]
        : certRows,
    );

    // Households: registry code = village code + sequence; ID numbers valid, encrypted, hashed.
    const householdsByTown = new Map<number, string[]>();
    const householdsByVillage = new Map<number, string[]>();
    const householdRows: (typeof s.households.$inferInsert)[] = [];
    const total = opts.households ?? SEED_HOUSEHOLDS;
    const seqByVillage = new Map<string, number>();
    const villageEntries = [...villageByCode.entries()];
    for (let i = 0; i < total; i++) {
      const [code, village] = villageEntries[i % villageEntries.length];
      const seq = (seqByVillage.get(code) ?? 0) + 1;
      seqByVillage.set(code, seq);
      const kind = householdKindFor(rng);
      const idCard = fakeIdCard(rng, code.slice(0, 6));
      const id = rng.uuid();
      const name = `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.chance(0.7) ? rng.pick(GIVEN) : ""}`;
      householdRows.push({
        id,
        registryCode: `${code}${String(seq).padStart(4, "0")}`,
        headName: name,
        idCardCipher: encryptPii(idCard, opts.piiKey),
        idCardHash: piiLookupHash(idCard, opts.piiKey),
        idCardMasked: maskIdCard(idCard),
        memberCount: rng.int(1, 6),
        villageId: village.id,
        townId: village.townId,
        kind,
        riskEliminatedAt:
          kind !== "alleviated" && rng.chance(0.15) ? new Date("2026-06-30T00:00:00+08:00") : null,
        createdAt: SEEDED_AT,
        updatedAt: SEEDED_AT,
      });
      householdsByTown.set(village.townId, [...(householdsByTown.get(village.townId) ?? []), id]);
      householdsByVillage.set(village.id, [...(householdsByVillage.get(village.id) ?? []), id]);
    }
    await insertBatched(tx, s.households, householdRows);

    // Linkages: each supplier with households of its own village (and town), by the mechanisms
    // its kind uses; village collectives also with their own collective. Mostly approved.
    const linkageRows: (typeof s.linkages.$inferInsert)[] = [];
    for (const supplier of supplierRows) {
      const kind = supplier.kind as SupplierKind;
      const local = householdsByVillage.get(supplier.villageId) ?? [];
      const town = householdsByTown.get(supplier.townId) ?? [];
      const n = kind === "household" ? 1 : rng.int(8, 30);
      const chosen = new Set<string>();
      while (chosen.size < Math.min(n, town.length))
        chosen.add(rng.chance(0.7) && local.length ? rng.pick(local) : rng.pick(town));
      const products = productIdsBySupplier.get(supplier.id) ?? [];
      for (const householdId of chosen) {
        const r = rng.next();
        linkageRows.push({
          id: rng.uuid(),
          supplierId: supplier.id,
          productId: products.length > 1 && rng.chance(0.1) ? rng.pick(products) : null,
          beneficiaryType: "household",
          householdId,
          mechanism: rng.pick(MECHANISMS_BY_KIND[kind]),
          weight: rng.int(1, 10),
          validFrom: linkagesFrom,
          validUntil: rng.chance(0.5) ? "2026-12-31" : null,
          evidence: "合作协议及收购/工资/分红台账（演示数据）",
          status: r < 0.9 ? "approved" : r < 0.96 ? "proposed" : "rejected",
          rejectionReason: r >= 0.96 ? "证明材料不完整，请补充收购台账" : null,
          decidedAt: r < 0.9 || r >= 0.96 ? new Date(`${addDays(linkagesFrom, 14)}T10:00:00+08:00`) : null,
          createdAt: new Date(`${addDays(linkagesFrom, 4)}T10:00:00+08:00`),
        });
      }
      if (
        kind === "village_collective" ||
        (kind === "cooperative" && supplier.partyBranchLed && rng.chance(0.5))
      ) {
        linkageRows.push({
          id: rng.uuid(),
          supplierId: supplier.id,
          beneficiaryType: "village_collective",
          villageCollectiveId: collectiveByVillage.get(supplier.villageId)!,
          mechanism: "equity_dividend",
          weight: rng.int(5, 20),
          validFrom: linkagesFrom,
          evidence: "村集体入股协议（演示数据）",
          status: "approved",
          decidedAt: new Date(`${addDays(linkagesFrom, 14)}T10:00:00+08:00`),
          createdAt: new Date(`${addDays(linkagesFrom, 4)}T10:00:00+08:00`),
        });
      }
    }
    await insertBatched(tx, s.linkages, linkageRows);
    await insertBatched(
      tx,
      s.linkageEvents,
      linkageRows.flatMap((l) => [
        { id: rng.uuid(), linkageId: l.id!, action: "proposed", at: l.createdAt! },
        ...(l.status === "proposed"
          ? []
          : [
              {
                id: rng.uuid(),
                linkageId: l.id!,
                action: l.status!,
                reason: l.rejectionReason ?? null,
                at: l.decidedAt!,
              },
            ]),
      ]),
    );

    // Buyer organisations with this year's reserved share.
    const organisationIds: string[] = [];
    for (const o of BUYER_ORGANISATIONS) {
      const id = rng.uuid();
      organisationIds.push(id);
      await tx.insert(s.buyerOrganisations).values({
        id,
        name: o.name,
        kind: o.kind,
        regionId: district.id,
        invoiceTitle: o.invoiceTitle,
        taxNumber: o.taxNumber,
        memberYearlyAllowanceFen: o.memberYearlyAllowanceFen,
        createdAt: SEEDED_AT,
      });
      await tx.insert(s.buyerTargets).values({ organisationId: id, year: 2026, targetFen: o.targetFen });
      // Earlier years of the history had a smaller reserved share.
      for (let year = since ? Number(since.slice(0, 4)) : 2026; year < 2026; year++) {
        await tx
          .insert(s.buyerTargets)
          .values({ organisationId: id, year, targetFen: Math.round((o.targetFen * 4) / 5) });
      }
    }

    // Demo accounts.
    const supplierList = [...supplierRows];
    const ownedSuppliers = new Set<number>(); // the first staff account of a supplier is its owner
    for (const a of DEMO_ACCOUNTS) {
      const id = rng.uuid();
      await tx.insert(s.users).values({
        id,
        mobile: a.mobile,
        email: a.email,
        displayName: a.displayName,
        passwordHash: hashPassword(DEMO_PASSWORD, rng.bytes(16)),
        role: a.role,
        supplierId: a.supplierIndex === undefined ? null : supplierList[a.supplierIndex].id,
        supplierRole:
          a.supplierIndex !== undefined && !ownedSuppliers.has(a.supplierIndex)
            ? (ownedSuppliers.add(a.supplierIndex), "owner")
            : "staff",
        regionId: a.role === "official" ? (a.townIndex == null ? district.id : townIds[a.townIndex]) : null,
        organisationId: a.organisationIndex === undefined ? null : organisationIds[a.organisationIndex],
        createdAt: SEEDED_AT,
      });
      if (a.organisationIndex !== undefined) {
        await tx.insert(s.buyerMemberships).values({
          organisationId: organisationIds[a.organisationIndex],
          userId: id,
          status: "active",
          createdAt: SEEDED_AT,
        });
      }
      if (a.memberOfOrganisationIndex !== undefined) {
        await tx.insert(s.buyerMemberships).values({
          organisationId: organisationIds[a.memberOfOrganisationIndex],
          userId: id,
          status: "active",
          createdAt: SEEDED_AT,
        });
      }
    }
  });
}
