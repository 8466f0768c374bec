// The demo history (issue 17): on first start the embedded demo shows a story, not zeros. The
// registry is seeded as of the first day of the previous calendar year (db/seed.ts,
// `historySince`), then shoppers, a union member and a budget unit buy through the very functions
// real use goes through — addToCart, placeOrder, the demo payment's completePayment, recordTransfer
// for bank transfers (对公转账), shipOrderPart / markPartDelivered, attachInvoice / completePartStep
// and refundLine — each given the past moment it happens at (`now`). So the ledger, the rollups,
// the order numbers and the audit log are exactly what that year and a bit of use would leave.
// Deterministic: a seeded random and a given `now` give the same history.
import { and, asc, eq, inArray } from "drizzle-orm";
import {
  db,
  DEMO_ACCOUNTS,
  PRODUCTS,
  schema as s,
  seededRandom,
  seedDatabase,
  SUPPLIERS,
  TOWNS,
  type Random,
} from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { storeDocument } from "~/lib/uploads.server";
import { expireCertifications } from "../catalog/certifications.server";
import { addToCart, removeCartLines, type CartOwner } from "../ordering/cart.server";
import { placeOrder, releaseExpiredOrders, type ShippingDetails } from "../ordering/checkout.server";
import { markPartDelivered, refundLine, shipOrderPart } from "../ordering/fulfilment.server";
import { activeProvider, completePayment } from "../ordering/payments.server";
import { attachInvoice, completePartStep, recordTransfer } from "../institutions/institutions.server";
import { withNotificationsMuted } from "../notifications/outbox.server";

/** Orders over the two years: as many as keep the embedded first start short (measured: see the README). */
export const DEMO_HISTORY_ORDERS = 120;
const HISTORY_SEED = 20261202;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Summary = { paidOrders: number; refunds: number; cancelled: number; bankTransfers: number; ms: number };

/** The first-start seed of the demo: the registry as of 1 January last year, then the history. */
export async function seedDemoData({
  piiKey,
  households,
  now = new Date(),
  orders = DEMO_HISTORY_ORDERS,
}: {
  piiKey: string;
  households?: number;
  now?: Date;
  orders?: number;
}): Promise<Summary> {
  const since = `${Number(shanghaiDate(now).slice(0, 4)) - 1}-01-01`;
  await seedDatabase(db, { piiKey, households, historySince: since });
  // The invented history is not announced (no messages about invented orders; decision 092).
  return withNotificationsMuted(() => writeDemoHistory({ since, now, orders }));
}

const CARRIERS = [
  { name: "顺丰速运", prefix: "SF" },
  { name: "中通快递", prefix: "ZTO" },
  { name: "中国邮政EMS", prefix: "EMS" },
  { name: "京东物流", prefix: "JD" },
];
const SURNAMES = Array.from("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗");
const GIVEN = Array.from("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚");
const CITIES = [
  { province: "河南省", city: "三门峡市", district: "湖滨区" },
  { province: "河南省", city: "郑州市", district: "金水区" },
  { province: "河南省", city: "洛阳市", district: "西工区" },
  { province: "北京市", city: "北京市", district: "朝阳区" },
  { province: "上海市", city: "上海市", district: "浦东新区" },
  { province: "广东省", city: "深圳市", district: "南山区" },
  { province: "陕西省", city: "西安市", district: "雁塔区" },
];
/** Half the union's ¥600 yearly allowance per member (BUYER_ORGANISATIONS[1]). */
const UNION_HISTORY_FEN = 30_000;
const REFUND_REASONS = ["运输途中部分破损", "个别果实有磕碰", "少发一件，补退差价", "买家收货后不想要了"];

/** How busy a month is: harvest and Mid-Autumn gifts in autumn, Spring Festival gifts in winter. */
const MONTH_WEIGHT = [1.3, 1.2, 0.8, 0.7, 0.7, 0.8, 0.9, 1.0, 1.4, 1.5, 1.2, 1.3];

/** Order times from `since` to `now`, growing over time and by season, in time order. */
function orderTimes(rng: Random, since: string, now: Date, target: number): Date[] {
  const start = new Date(`${since}T00:00:00+08:00`).getTime();
  const days = Math.floor((now.getTime() - start) / DAY) + 1;
  const weights = Array.from({ length: days }, (_, d) => {
    const month = new Date(start + d * DAY + 8 * HOUR).getUTCMonth();
    return (0.6 + (0.8 * d) / days) * MONTH_WEIGHT[month];
  });
  const total = weights.reduce((a, w) => a + w, 0);
  const times: Date[] = [];
  weights.forEach((w, d) => {
    const n = Math.floor((target * w) / total + rng.next());
    for (let i = 0; i < n; i++) {
      // Between 08:00 and 23:00 Asia/Shanghai; today, only before now.
      const at = new Date(start + d * DAY + rng.int(8 * 60, 23 * 60 - 1) * MINUTE);
      if (at.getTime() < now.getTime() - HOUR) times.push(at);
    }
  });
  return times.sort((a, b) => a.getTime() - b.getTime());
}

type Variant = { id: string; productSlug: string; priceFen: number; left: number };

/**
 * A one-page PDF saying it is a sample (Helvetica, no font file needed): the file behind every
 * demo invoice, so the buyer's 下载发票 link opens something (the sweep found it answering 404).
 */
function demoInvoicePdf(): Uint8Array {
  const text = "BT /F1 14 Tf 72 770 Td (Demo invoice - sample data, not a tax invoice) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** Writes the history on a freshly seeded registry (seedDatabase with `historySince: since`). */
export async function writeDemoHistory({
  since,
  now = new Date(),
  orders = DEMO_HISTORY_ORDERS,
}: {
  since: string;
  now?: Date;
  orders?: number;
}): Promise<Summary> {
  const started = performance.now();
  const summary: Summary = { paidOrders: 0, refunds: 0, cancelled: 0, bankTransfers: 0, ms: 0 };
  // Shoppers pay on the demo payment page; with a real provider configured there is no history.
  if (activeProvider() !== "demo") {
    console.warn(
      "demo history skipped: it pays through the demo provider, and a payment provider is configured",
    );
    return summary;
  }
  const rng = seededRandom(HISTORY_SEED);
  let invoicePath: string | null = null; // the sample PDF, stored at the first invoice
  const users = await db
    .select()
    .from(s.users)
    .where(
      inArray(
        s.users.mobile,
        DEMO_ACCOUNTS.map((a) => a.mobile),
      ),
    );
  const user = (key: string) =>
    users.find((u) => u.mobile === DEMO_ACCOUNTS.find((a) => a.key === key)!.mobile)!;
  const admin = user("admin");
  const staff = [user("supplierStaff"), user("supplierStaffB")];
  const buyerAdmin = user("buyerAdmin");
  // Fulfilment by the supplier's own staff where the demo has them, else by the platform admin.
  const fulfiller = (supplierId: string) => staff.find((u) => u.supplierId === supplierId) ?? admin;

  // What may be sold: active variants, each at most 30% of its seeded stock, so the storefront
  // keeps its stock for today's shoppers.
  const rows = await db
    .select({
      id: s.productVariants.id,
      sku: s.productVariants.sku,
      stock: s.productVariants.stock,
      priceFen: s.productVariants.priceFen,
      slug: s.products.slug,
    })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(and(eq(s.productVariants.active, true), eq(s.products.status, "active")))
    .orderBy(asc(s.productVariants.sku));
  const variantsBySlug = new Map<string, Variant[]>();
  for (const r of rows) {
    const v = { id: r.id, productSlug: r.slug, priceFen: r.priceFen, left: Math.floor(r.stock * 0.3) };
    variantsBySlug.set(r.slug, [...(variantsBySlug.get(r.slug) ?? []), v]);
  }
  const institutionSuppliers = new Set(SUPPLIERS.slice(0, 2).map((f) => f.slug));
  const inSeason = (month: number, forInstitution: boolean) =>
    PRODUCTS.filter(
      (p) =>
        (p.seasonMonths.length === 0 || p.seasonMonths.includes(month)) &&
        (!forInstitution || institutionSuppliers.has(p.supplierSlug)) &&
        (variantsBySlug.get(p.slug) ?? []).some((v) => v.left > 0),
    );

  // Repeat shoppers: a pool of guests (mobile + name + address) and the two demo customers.
  const guests = Array.from({ length: 90 }, () => {
    const place = rng.pick(CITIES);
    return {
      contactName: `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.chance(0.5) ? rng.pick(GIVEN) : ""}`,
      contactMobile: `1${rng.pick(["38", "39", "58", "86", "37"])}${String(rng.int(0, 99_999_999)).padStart(8, "0")}`,
      ...place,
      detail: `${rng.pick(["幸福路", "建设路", "人民路", "文化路", "滨河路"])}${rng.int(1, 300)}号${rng.int(1, 30)}栋${rng.int(1, 6)}单元`,
    } satisfies ShippingDetails;
  });
  const memberShipping = (name: string, mobile: string): ShippingDetails => ({
    contactName: name.replace(/（.*）$/, ""),
    contactMobile: mobile,
    province: "河南省",
    city: "三门峡市",
    district: "湖滨区",
    detail: `${TOWNS[0].name}政务服务中心`,
  });

  let tracking = 0;
  const unionSpent = new Map<number, number>();
  let transfers = 0;
  const nowMs = now.getTime();

  // The daily sweep that expires certificates: run when the history passes a day it had work to do.
  let swept = "";
  const sweepBefore = async (at: Date) => {
    const today = shanghaiDate(at);
    if (today === swept) return;
    swept = today;
    await expireCertifications({ now: new Date(`${today}T00:05:00+08:00`), today });
  };

  for (const at of orderTimes(rng, since, now, orders)) {
    if (shanghaiDate(at) > "2026-02-28" && swept < "2026-03-01") await sweepBefore(at);
    const month = new Date(at.getTime() + 8 * HOUR).getUTCMonth() + 1;
    // Who buys: the budget unit by bank transfer, a union member on the union's allowance,
    // the demo customers, or one of the repeat guests.
    const r = rng.next();
    const year = Number(shanghaiDate(at).slice(0, 4));
    // The union member spends at most half the yearly allowance, so the demo account can still buy.
    const unionRoom = (unionSpent.get(year) ?? 0) < UNION_HISTORY_FEN;
    const kind = r < 0.07 ? "budget_unit" : r < 0.13 && unionRoom ? "union" : r < 0.23 ? "customer" : "guest";
    let owner: CartOwner;
    let shipping: ShippingDetails;
    if (kind === "budget_unit") {
      owner = { userId: buyerAdmin.id };
      shipping = { ...memberShipping("刘红", buyerAdmin.mobile!), detail: "示范区教育局机关食堂" };
    } else if (kind === "union") {
      const member = user("unionMember");
      owner = { userId: member.id };
      shipping = memberShipping(member.displayName, member.mobile!);
    } else if (kind === "customer") {
      const customer = user(rng.chance(0.6) ? "customer" : "customer2");
      owner = { userId: customer.id };
      shipping = { ...rng.pick(guests), contactName: customer.displayName, contactMobile: customer.mobile! };
    } else {
      owner = {};
      shipping = rng.pick(guests);
    }

    // One to three products in season; featured ones more often.
    const candidates = inSeason(month, kind === "budget_unit");
    if (candidates.length === 0) continue;
    const wanted = new Map<string, number>();
    const lines = kind === "budget_unit" ? rng.int(1, 2) : rng.chance(0.6) ? 1 : rng.int(2, 3);
    for (let i = 0; i < lines; i++) {
      const pool = candidates.flatMap((p) => (p.featured ? [p, p, p] : [p]));
      const product = rng.pick(pool);
      const variant = rng.pick(variantsBySlug.get(product.slug)!.filter((v) => v.left > 0) ?? []);
      if (!variant || wanted.has(variant.id)) continue;
      const quantity = Math.min(
        variant.left,
        kind === "budget_unit" ? rng.int(3, 8) : rng.chance(0.7) ? 1 : rng.int(2, 3),
      );
      if (kind === "union" && variant.priceFen * quantity > 20_000) continue;
      wanted.set(variant.id, quantity);
    }
    if (wanted.size === 0) continue;
    for (const [variantId, quantity] of wanted) {
      const added = await addToCart({ owner, variantId, quantity });
      if (added.ok) owner = { ...owner, cartId: added.cartId };
    }

    const organisational = kind === "budget_unit" || kind === "union";
    const placed = await placeOrder({
      owner,
      shipping,
      origin: "http://localhost",
      purchase: { forOrganisation: organisational, bankTransfer: kind === "budget_unit" },
      now: at,
    });
    if (placed.ok && kind === "union") {
      const [order] = await db
        .select({ totalFen: s.orders.totalFen })
        .from(s.orders)
        .where(eq(s.orders.id, placed.orderId));
      unionSpent.set(year, (unionSpent.get(year) ?? 0) + order.totalFen);
    }
    if (!placed.ok) {
      // E.g. the union member's yearly allowance is used up: the cart is emptied, nothing else.
      if (owner.cartId) await removeCartLines(db, owner.cartId, [...wanted.keys()]);
      continue;
    }
    for (const [variantId, quantity] of wanted) {
      const v = [...variantsBySlug.values()].flat().find((x) => x.id === variantId)!;
      v.left -= quantity;
    }

    // A few shoppers never pay: the expiry sweep cancels the order and gives the stock back.
    if (kind !== "budget_unit" && rng.chance(0.03)) {
      const expiry = new Date(at.getTime() + 31 * MINUTE);
      if (expiry.getTime() < nowMs) {
        summary.cancelled += await releaseExpiredOrders({ now: expiry });
        for (const [variantId, quantity] of wanted)
          [...variantsBySlug.values()].flat().find((x) => x.id === variantId)!.left += quantity;
      }
      continue;
    }

    let paidAt: Date;
    if (kind === "budget_unit") {
      // The transfer arrives one to four days later and is recorded by the buyer_admin.
      paidAt = new Date(at.getTime() + rng.int(1, 4) * DAY + rng.int(0, 120) * MINUTE);
      if (paidAt.getTime() >= nowMs) continue; // still awaiting the transfer today
      const [order] = await db
        .select({ totalFen: s.orders.totalFen })
        .from(s.orders)
        .where(eq(s.orders.id, placed.orderId));
      const recorded = await recordTransfer({
        caller: buyerAdmin,
        orderNumber: placed.orderNumber,
        bankReference: `HX${shanghaiDate(paidAt).replaceAll("-", "")}${String(++transfers).padStart(4, "0")}`,
        amountFen: order.totalFen,
        transferDate: shanghaiDate(paidAt),
        now: paidAt,
      });
      if (!recorded.ok)
        throw new Error(`demo history: transfer for ${placed.orderNumber} refused (${recorded.code})`);
      summary.bankTransfers++;
    } else {
      paidAt = new Date(at.getTime() + rng.int(1, 6) * MINUTE);
      const paymentId = placed.paymentUrl.split("/").pop()!;
      const paid = await completePayment({
        provider: "demo",
        providerEventId: `demo:${paymentId}:pay`,
        paymentId,
        outcome: "succeeded",
        payload: { source: "demo-history" },
        now: paidAt,
      });
      if (paid?.orderStatus !== "paid")
        throw new Error(`demo history: payment of ${placed.orderNumber} not applied`);
    }
    summary.paidOrders++;

    // Each supplier ships its part within two days; the carrier delivers one to four days later.
    const parts = await db
      .select({ id: s.orderParts.id, supplierId: s.orderParts.supplierId })
      .from(s.orderParts)
      .where(eq(s.orderParts.orderId, placed.orderId))
      .orderBy(asc(s.orderParts.supplierId)); // seeded ids: the same order every run (part ids are random)
    let deliveredAt: Date | null = null;
    for (const part of parts) {
      const caller = fulfiller(part.supplierId);
      const shipAt = new Date(paidAt.getTime() + rng.int(12, 72) * HOUR);
      if (shipAt.getTime() >= nowMs) continue;
      const carrier = rng.pick(CARRIERS);
      const shipped = await shipOrderPart({
        caller,
        partId: part.id,
        carrier: carrier.name,
        trackingNumber: `${carrier.prefix}${shanghaiDate(shipAt).replaceAll("-", "")}${String(++tracking).padStart(5, "0")}`,
        now: shipAt,
      });
      if (!shipped.ok)
        throw new Error(`demo history: part of ${placed.orderNumber} not shipped (${shipped.code})`);
      const deliverAt = new Date(shipAt.getTime() + rng.int(20, 96) * HOUR);
      if (deliverAt.getTime() >= nowMs) continue;
      if (kind === "budget_unit") {
        // 832 completion: the supplier uploads the invoice, the buyer accepts, confirms and rates.
        const steps = [
          deliverAt,
          new Date(deliverAt.getTime() + 2 * HOUR),
          new Date(deliverAt.getTime() + 3 * HOUR),
          new Date(deliverAt.getTime() + 4 * HOUR),
        ];
        if (steps[3].getTime() >= nowMs) continue;
        if (!invoicePath) {
          const stored = await storeDocument({
            folder: "invoices",
            bytes: demoInvoicePdf(),
            originalName: "demo-invoice.pdf",
          });
          if (!stored.ok) throw new Error(`demo history: sample invoice not stored (${stored.error})`);
          invoicePath = stored.path;
        }
        await attachInvoice({ caller, partId: part.id, path: invoicePath, now: steps[0] });
        for (const [i, step] of (["accept", "confirm_invoice", "rate"] as const).entries()) {
          const done = await completePartStep({
            caller: buyerAdmin,
            orderNumber: placed.orderNumber,
            partId: part.id,
            step,
            rating: rng.chance(0.8) ? 5 : 4,
            comment: "货品新鲜，按时送达",
            now: steps[i + 1],
          });
          if (!done.ok)
            throw new Error(`demo history: ${step} of ${placed.orderNumber} refused (${done.code})`);
        }
      } else {
        const delivered = await markPartDelivered({ caller, partId: part.id, now: deliverAt });
        if (!delivered.ok)
          throw new Error(`demo history: part of ${placed.orderNumber} not delivered (${delivered.code})`);
      }
      deliveredAt = deliverAt;
    }

    // About one delivered order in seventeen gets a refund after delivery: one unit back, or part of a line.
    if (kind !== "budget_unit" && deliveredAt && rng.chance(0.06)) {
      const refundAt = new Date(deliveredAt.getTime() + rng.int(2, 30) * HOUR);
      if (refundAt.getTime() >= nowMs) continue;
      const orderLines = await db
        .select()
        .from(s.orderLines)
        .where(eq(s.orderLines.orderId, placed.orderId))
        .orderBy(asc(s.orderLines.variantId));
      const line = rng.pick(orderLines);
      const reason = rng.pick(REFUND_REASONS);
      const whole = reason === "买家收货后不想要了";
      const refunded = await refundLine({
        caller: fulfiller(line.supplierId),
        lineId: line.id,
        // Bruised fruit: part of the price back, nothing returned; otherwise units come back.
        quantity: whole ? line.quantity : reason === "个别果实有磕碰" ? 0 : 1,
        amountFen: whole
          ? line.lineTotalFen
          : reason === "个别果实有磕碰"
            ? Math.max(1, Math.floor(line.unitPriceFen / 3))
            : line.unitPriceFen,
        reason,
        idempotencyKey: `demo-history-${line.id}`,
        now: refundAt,
      });
      if (!refunded.ok)
        throw new Error(`demo history: refund of ${placed.orderNumber} refused (${refunded.code})`);
      summary.refunds++;
    }
  }

  summary.ms = Math.round(performance.now() - started);
  return summary;
}
