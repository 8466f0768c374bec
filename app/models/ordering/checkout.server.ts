// Placing an order: one transaction that takes the stock (conditional decrement, so concurrent
// checkouts can never oversell), snapshots prices, names and certification on the lines, splits
// the order into one part per supplier with its shipping rule, numbers the order, opens a payment
// through the payment port and empties the cart lines it took.
import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { db, schema as s, type Transaction } from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { getEnv } from "~/lib/env.server";
import { certificationInForceOn } from "../catalog/catalog.server";
import { lockOpenPresales } from "../catalog/presales.server";
import { getCartView, lockCart, removeCartLines, type CartOwner } from "./cart.server";
import { prepareOrganisationPurchase } from "../institutions/institutions.server";
import {
  activeProvider,
  availableProviders,
  openPayment,
  startCheckout,
  type PayDevice,
} from "./payments.server";
import { depositOfLine, recordPresaleLines } from "./presale-orders.server";
import { takePresaleCap, type TakenPresale } from "./presale-cap.server";
import { lineTotalFen, shippingFeeFen } from "./pricing";
import { releaseUnpaidOrder } from "./status.server";
import { listAddresses, rememberAddressInTx, type SavedAddress } from "./addresses.server";

export type ShippingDetails = {
  contactName: string;
  contactMobile: string;
  province: string;
  city: string;
  district: string;
  detail: string;
};

export type PlaceOrderResult =
  | { ok: true; orderId: string; orderNumber: string; paymentUrl: string }
  | { ok: false; code: "cart_empty" | "cart_has_problems" }
  | { ok: false; code: "stock_short"; productName: string }
  | { ok: false; code: "not_member" | "bank_transfer_org_only" | "deposit_presale_alone" }
  | { ok: false; code: "allowance_exceeded"; remainingFen: number };

/** Buying for the user's organisation (institutions.server.ts), optionally paid by bank transfer (对公转账). */
export type PurchaseChoice = {
  forOrganisation: boolean;
  bankTransfer: boolean;
  /** Alipay or WeChat Pay when chosen at checkout and configured; else the default provider. */
  provider?: "alipay" | "wechat_pay";
};

/** Thrown inside the order transaction so that the stock already taken is given back. */
class PurchaseRefused extends Error {
  constructor(
    public result: Exclude<
      PlaceOrderResult,
      { ok: true } | { code: "cart_empty" | "cart_has_problems" | "stock_short" }
    >,
  ) {
    super(`purchase refused: ${result.code}`);
  }
}

class StockShort extends Error {
  constructor(public productName: string) {
    super(`stock short: ${productName}`);
  }
}

/** 20261122-000123: the Asia/Shanghai date and that day's sequence, taken under a row lock. */
async function nextOrderNumber(tx: Transaction, now: Date): Promise<string> {
  const day = shanghaiDate(now);
  const [row] = await tx
    .insert(s.orderNumberSequences)
    .values({ day, last: 1 })
    .onConflictDoUpdate({
      target: s.orderNumberSequences.day,
      set: { last: sql`${s.orderNumberSequences.last} + 1` },
    })
    .returning({ last: s.orderNumberSequences.last });
  return `${day.replaceAll("-", "")}-${String(row.last).padStart(6, "0")}`;
}

/** Product and supplier ids whose certification is in force on `day`. */
async function certifiedNow(tx: Transaction, productIds: string[], supplierIds: string[], day: string) {
  const rows = await tx
    .select({
      subject: s.certifications.subject,
      productId: s.certifications.productId,
      supplierId: s.certifications.supplierId,
      certificateNo: s.certifications.certificateNo,
    })
    .from(s.certifications)
    .where(
      and(
        certificationInForceOn(day),
        sql`(${inArray(s.certifications.productId, productIds)} or (${s.certifications.subject} = 'supplier' and ${inArray(s.certifications.supplierId, supplierIds)}))`,
      ),
    );
  const products = new Map<string, string | null>();
  const suppliers = new Set<string>();
  for (const r of rows) {
    if (r.subject === "product" && r.productId) products.set(r.productId, r.certificateNo);
    else suppliers.add(r.supplierId);
  }
  return { products, suppliers };
}

export type CheckoutPrefill = Pick<ShippingDetails, "contactName" | "contactMobile"> &
  Partial<ShippingDetails>;

export type CheckoutAddressBook = {
  /** What the form starts with. */
  prefill: CheckoutPrefill | null;
  /** The saved addresses to pick from, and the one the form starts with (null: none of them). */
  addresses: SavedAddress[];
  chosenId: string | null;
};

/**
 * What checkout fills in for a signed-in shopper, so nobody retypes it on every order: the saved
 * address they picked (`addressId`, only one of their own), else their default address, else the
 * recipient and address of their last order, else their own name and mobile from the profile.
 */
export async function getCheckoutPrefill({
  userId,
  addressId,
}: {
  userId: string;
  addressId?: string | null;
}): Promise<CheckoutAddressBook> {
  const addresses = await listAddresses({ userId });
  const chosen = addresses.find((a) => a.id === addressId) ?? addresses.find((a) => a.isDefault);
  if (chosen) {
    const { contactName, contactMobile, province, city, district, detail } = chosen;
    return {
      prefill: { contactName, contactMobile, province, city, district, detail },
      addresses,
      chosenId: chosen.id,
    };
  }
  const [last] = await db
    .select({
      contactName: s.orders.contactName,
      contactMobile: s.orders.contactMobile,
      address: s.orders.shippingAddress,
    })
    .from(s.orders)
    .where(eq(s.orders.userId, userId))
    .orderBy(desc(s.orders.createdAt))
    .limit(1);
  if (last) {
    const { province, city, district, detail } = last.address;
    return {
      prefill: {
        contactName: last.contactName,
        contactMobile: last.contactMobile,
        province,
        city,
        district,
        detail,
      },
      addresses,
      chosenId: null,
    };
  }
  const [user] = await db
    .select({ displayName: s.users.displayName, mobile: s.users.mobile })
    .from(s.users)
    .where(eq(s.users.id, userId));
  return {
    prefill: user ? { contactName: user.displayName, contactMobile: user.mobile ?? "" } : null,
    addresses,
    chosenId: null,
  };
}

/**
 * The order still waiting for payment that this cart's last checkout placed, with the page that
 * pays it: its open attempt (a Stripe attempt without a session yet gets one from placeOrder), or
 * the order page, which offers a new attempt.
 */
async function pendingOrderOfCart(tx: Transaction, cartId: string) {
  const [order] = await tx
    .select({ id: s.orders.id, orderNumber: s.orders.orderNumber })
    .from(s.orders)
    .where(and(eq(s.orders.cartId, cartId), eq(s.orders.status, "pending_payment")))
    .orderBy(desc(s.orders.createdAt))
    .limit(1);
  if (!order) return null;
  const [payment] = await tx
    .select({ id: s.payments.id, url: s.payments.checkoutUrl })
    .from(s.payments)
    .where(and(eq(s.payments.orderId, order.id), inArray(s.payments.status, ["created", "pending"])))
    .orderBy(desc(s.payments.createdAt))
    .limit(1);
  // With an open payment, startCheckout (after the commit) says where it is paid, as it did the first
  // time: its stored URL is not always the buyer's page (WeChat Pay's weixin:// code, H5's URL
  // without the way back).
  return {
    ok: true as const,
    orderId: order.id,
    orderNumber: order.orderNumber,
    paymentId: payment?.id ?? "",
    paymentUrl: payment ? null : `/orders/${order.orderNumber}`,
  };
}

/**
 * With Stripe, the Checkout Session is opened right after the commit (no HTTP call holds the
 * stock rows locked); when Stripe cannot be reached the buyer lands on the order page and retries.
 * `origin` builds Stripe's absolute success and cancel URLs.
 */
export async function placeOrder({
  owner,
  shipping,
  origin = `http://localhost:${getEnv().PORT}`,
  purchase = { forOrganisation: false, bankTransfer: false },
  device,
  saveAddress = false,
  now = new Date(),
}: {
  owner: CartOwner;
  shipping: ShippingDetails;
  origin?: string;
  purchase?: PurchaseChoice;
  /** A signed-in shopper's "save to address book" (addresses.server.ts). */
  saveAddress?: boolean;
  /** The buyer's device: Alipay and WeChat Pay open their phone or desktop flow. */
  device?: PayDevice;
  now?: Date;
}): Promise<PlaceOrderResult> {
  if (purchase.bankTransfer && !purchase.forOrganisation)
    return { ok: false, code: "bank_transfer_org_only" };
  const result = await placeOrderInTransaction({ owner, shipping, purchase, saveAddress, now });
  if (!result.ok || result.paymentUrl) return result as PlaceOrderResult;
  try {
    return { ...result, paymentUrl: await startCheckout({ paymentId: result.paymentId, origin, device }) };
  } catch (error) {
    console.error(`checkout session for order ${result.orderNumber} not opened`, error);
    return { ...result, paymentUrl: `/orders/${result.orderNumber}` };
  }
}

async function placeOrderInTransaction({
  owner,
  shipping,
  purchase,
  saveAddress,
  now,
}: {
  owner: CartOwner;
  shipping: ShippingDetails;
  purchase: PurchaseChoice;
  saveAddress: boolean;
  now: Date;
}) {
  const env = getEnv();
  const provider = purchase.bankTransfer
    ? ("bank_transfer" as const)
    : purchase.provider && availableProviders().includes(purchase.provider)
      ? purchase.provider
      : activeProvider();
  try {
    return await db.transaction(async (tx) => {
      // Checkouts of one cart queue on its row (a double click, a retrying proxy): the second one
      // finds the lines gone and lands on the order the first one placed.
      const lockedCartId = await lockCart(tx, owner);
      const cart = lockedCartId ? await getCartView(owner, tx, lockedCartId) : null;
      if (!lockedCartId || !cart?.cartId || cart.groups.length === 0) {
        return (
          (lockedCartId && (await pendingOrderOfCart(tx, lockedCartId))) || {
            ok: false as const,
            code: "cart_empty" as const,
          }
        );
      }
      if (cart.hasProblems) return { ok: false as const, code: "cart_has_problems" as const };
      const lines = cart.groups.flatMap((g) => g.lines.map((l) => ({ ...l, supplierId: g.supplierId })));

      // Take the stock, in a fixed order so two checkouts never wait on each other in a circle.
      const taken = new Map<string, { priceFen: number }>();
      const presales = new Map<string, TakenPresale>();
      // Pre-sale variants: their caps are counted under the pre-sales' row locks (decision 074).
      const openPresales = await lockOpenPresales(
        tx,
        lines.map((l) => l.variantId),
      );
      for (const line of [...lines].sort((a, b) => a.variantId.localeCompare(b.variantId))) {
        const [row] = await tx
          .update(s.productVariants)
          .set({ stock: sql`${s.productVariants.stock} - ${line.quantity}` })
          .where(
            and(
              eq(s.productVariants.id, line.variantId),
              eq(s.productVariants.active, true),
              gte(s.productVariants.stock, line.quantity),
              sql`exists (select 1 from ${s.products} join ${s.suppliers} on ${s.suppliers.id} = ${s.products.supplierId}
                where ${s.products.id} = ${s.productVariants.productId} and ${s.products.status} = 'active' and ${s.suppliers.status} = 'active')`,
            ),
          )
          .returning({ priceFen: s.productVariants.priceFen });
        if (!row) throw new StockShort(line.productName);
        taken.set(line.variantId, row);
        const open = openPresales.get(line.variantId);
        if (open) {
          const presale = await takePresaleCap(tx, { presale: open, quantity: line.quantity });
          if (presale === "full") throw new StockShort(line.productName);
          presales.set(line.variantId, presale);
        }
      }

      // The rows the lines snapshot, and the order's number, sent together (postgres.js pipelines
      // them on the transaction's connection: one round trip, not four). They are independent, so
      // the order they go out in does not matter; the day's sequence row, which every checkout
      // updates, is locked from this one trip on, as before from its own (an organisation's
      // purchase: one statement longer, its allowance check).
      const day = shanghaiDate(now);
      const [supplierRows, productRows, certified, orderNumber] = await Promise.all([
        tx
          .select()
          .from(s.suppliers)
          .where(
            inArray(
              s.suppliers.id,
              cart.groups.map((g) => g.supplierId),
            ),
          ),
        tx
          .select({
            id: s.products.id,
            categoryId: s.products.categoryId,
            originVillageId: s.products.originVillageId,
            benefitRateBp: s.products.benefitRateBp,
            originTownId: s.regions.parentId,
          })
          .from(s.products)
          .innerJoin(s.regions, eq(s.regions.id, s.products.originVillageId))
          .where(
            inArray(
              s.products.id,
              lines.map((l) => l.productId),
            ),
          ),
        certifiedNow(
          tx,
          [...new Set(lines.map((l) => l.productId))],
          cart.groups.map((g) => g.supplierId),
          day,
        ),
        nextOrderNumber(tx, now),
      ]);
      const supplierById = new Map(supplierRows.map((r) => [r.id, r]));
      const productById = new Map(productRows.map((r) => [r.id, r]));

      // Amounts from the locked catalog rows, never from the browser.
      const parts = cart.groups.map((g) => {
        const supplier = supplierById.get(g.supplierId)!;
        const partLines = g.lines.map((l) => {
          const unitPriceFen = taken.get(l.variantId)!.priceFen;
          return { ...l, unitPriceFen, lineTotalFen: lineTotalFen(unitPriceFen, l.quantity) };
        });
        const subtotalFen = partLines.reduce((a, l) => a + l.lineTotalFen, 0);
        const shippingFen = shippingFeeFen({
          subtotalFen,
          flatFen: supplier.shippingFlatFen,
          freeThresholdFen: supplier.freeShippingThresholdFen,
        });
        return { supplier, lines: partLines, subtotalFen, shippingFen };
      });
      const subtotalFen = parts.reduce((a, p) => a + p.subtotalFen, 0);
      const shippingFen = parts.reduce((a, p) => a + p.shippingFen, 0);
      // A pre-sale with a deposit (decision 114) is bought on its own, by a shopper paying online:
      // the order's first payment is the deposit, its balance has one window.
      const deposits = lines.flatMap((l) => {
        const presale = presales.get(l.variantId);
        const fen =
          presale &&
          depositOfLine(presale, { unitPriceFen: taken.get(l.variantId)!.priceFen, quantity: l.quantity });
        return fen ? [fen] : [];
      });
      if (deposits.length > 0 && (lines.length > 1 || purchase.forOrganisation || purchase.bankTransfer))
        throw new PurchaseRefused({ ok: false, code: "deposit_presale_alone" });
      const depositFen = deposits[0] ?? null;
      const institution = purchase.forOrganisation
        ? await prepareOrganisationPurchase(tx, {
            userId: owner.userId,
            totalFen: subtotalFen + shippingFen,
            now,
          })
        : null;
      if (institution && !institution.ok) throw new PurchaseRefused(institution);

      const [order] = await tx
        .insert(s.orders)
        .values({
          orderNumber,
          userId: owner.userId ?? null,
          cartId: cart.cartId,
          buyerKind: institution?.ok ? institution.buyerKind : "individual",
          organisationId: institution?.ok ? institution.organisationId : null,
          contactName: shipping.contactName,
          contactMobile: shipping.contactMobile,
          shippingAddress: {
            province: shipping.province,
            city: shipping.city,
            district: shipping.district,
            detail: shipping.detail,
          },
          status: "pending_payment",
          paymentProvider: provider,
          subtotalFen,
          shippingFen,
          totalFen: subtotalFen + shippingFen,
          depositFen,
          // Bank transfers take days (BANK_TRANSFER_DAYS); the stock is held as long.
          expiresAt: new Date(
            now.getTime() +
              (provider === "bank_transfer"
                ? env.BANK_TRANSFER_DAYS * 86_400_000
                : env.PENDING_ORDER_MINUTES * 60_000),
          ),
          createdAt: now,
        })
        .returning({ id: s.orders.id });

      // Once the order row exists, its parts and lines, its payment and the cart's emptying depend on
      // nothing but it: the three are sent together (pipelined), each chain in its own order.
      const writeLines = async () => {
        for (const part of parts) {
          const [orderPart] = await tx
            .insert(s.orderParts)
            .values({
              orderId: order.id,
              supplierId: part.supplier.id,
              subtotalFen: part.subtotalFen,
              shippingFen: part.shippingFen,
            })
            .returning({ id: s.orderParts.id });
          await tx.insert(s.orderLines).values(
            part.lines.map((l) => {
              const product = productById.get(l.productId)!;
              const isCertified =
                certified.products.has(l.productId) && certified.suppliers.has(part.supplier.id);
              return {
                orderId: order.id,
                orderPartId: orderPart.id,
                supplierId: part.supplier.id,
                productId: l.productId,
                variantId: l.variantId,
                quantity: l.quantity,
                unitPriceFen: l.unitPriceFen,
                lineTotalFen: l.lineTotalFen,
                productName: l.productName,
                variantSpec: l.spec,
                supplierName: part.supplier.name,
                supplierKind: part.supplier.kind,
                categoryId: product.categoryId,
                originVillageId: product.originVillageId,
                originTownId: product.originTownId!,
                certified: isCertified,
                certificateNo: isCertified ? (certified.products.get(l.productId) ?? null) : null,
                benefitRateBp: product.benefitRateBp ?? part.supplier.benefitRateBp,
              };
            }),
          );
        }
        if (presales.size > 0) await recordPresaleLines(tx, { orderId: order.id, presales });
      };
      const [, payment] = await Promise.all([
        writeLines(),
        openPayment(tx, {
          orderId: order.id,
          amountFen: depositFen ?? subtotalFen + shippingFen,
          provider,
          purpose: depositFen ? "deposit" : "full",
          now,
        }),
        removeCartLines(
          tx,
          cart.cartId,
          lines.map((l) => l.variantId),
        ),
      ]);
      // "Save to address book", in the order's transaction (a full book or a known address: no change).
      if (saveAddress && owner.userId) await rememberAddressInTx(tx, owner.userId, shipping);
      return {
        ok: true as const,
        orderId: order.id,
        orderNumber,
        paymentId: payment.paymentId,
        paymentUrl: payment.url,
      };
    });
  } catch (error) {
    if (error instanceof StockShort)
      return { ok: false as const, code: "stock_short" as const, productName: error.productName };
    if (error instanceof PurchaseRefused) return error.result;
    throw error;
  }
}

/**
 * Cancels orders still unpaid after their deadline and gives their stock back. Idempotent and
 * safe on many instances at once: each order is taken under a row lock, skipping locked ones.
 */
export async function releaseExpiredOrders({
  now = new Date(),
  limit = 200,
}: { now?: Date; limit?: number } = {}): Promise<number> {
  return db.transaction(async (tx) => {
    const expired = await tx
      .select({ id: s.orders.id })
      .from(s.orders)
      .where(and(eq(s.orders.status, "pending_payment"), lt(s.orders.expiresAt, now)))
      .limit(limit)
      .for("update", { skipLocked: true });
    for (const { id } of expired) await releaseUnpaidOrder(tx, id, { now, reason: "payment_timeout" });
    return expired.length;
  });
}
