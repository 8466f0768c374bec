// The payment port: open a payment for an order, turn a provider's result into a payment event,
// complete it exactly once, and refund. The demo provider (演示支付, the embedded default) goes
// through the very same `completePayment` as Stripe's webhook and success redirect.
//
// Stripe Checkout Sessions are opened *after* the checkout transaction commits (`startCheckout`):
// the transaction only inserts the payment row (status `created`), so no HTTP call ever holds the
// stock rows locked. If Stripe cannot be reached, the order exists with a `created` payment and the
// buyer retries from the order page; the idempotency key is the payment id, so a retry of the same
// attempt returns the same session.
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, like, lt, ne, sql } from "drizzle-orm";
import { shanghaiDate } from "~/lib/dates";
import { attributeSale, reverseForRefund } from "../impact/attribution.server";
import { recordAudit } from "../access/audit.server";
import { canViewOrder, type OrderViewer } from "./orders.server";
import { payDeposit, payOrder, reopenCancelledOrder } from "./status.server";
import { balanceWindowOf, retakePresaleCaps } from "./presale-cap.server";
import { db, schema as s, type Transaction } from "~/lib/db.server";
import { getStripe, stripeEnabled, stripePaymentMethods } from "~/lib/stripe.server";
import { alipayEnabled, alipayPayUrl, alipayRefund } from "~/lib/alipay.server";
import { wechatH5Order, wechatNativeOrder, wechatPayEnabled, wechatRefund } from "~/lib/wechatpay.server";
import { bankReferenceKey } from "./bank-reference";
import { formatFen } from "~/lib/money";
import { enqueueNotification, type Recipient } from "../notifications/outbox.server";

type Provider = (typeof s.paymentProvider.enumValues)[number];

/**
 * What a payment pays: the whole order, or a pre-sale's deposit (定金) or balance (尾款) — decision
 * 114. An order has at most one succeeded payment per purpose (payments_one_success_per_purpose).
 */
export type PaymentPurpose = "full" | "deposit" | "balance";

/** The provider new orders use: Stripe when a secret key is set, else the demo. */
export function activeProvider(): Provider {
  return stripeEnabled() ? "stripe" : "demo";
}

/** Providers whose payment page is another service's (opened after the commit by startCheckout). */
const EXTERNAL: ReadonlySet<Provider> = new Set(["stripe", "alipay", "wechat_pay"]);

/** What the checkout offers: the default provider, then Alipay and WeChat Pay when configured. */
export function availableProviders(): Provider[] {
  return [
    activeProvider(),
    ...(alipayEnabled() ? (["alipay"] as const) : []),
    ...(wechatPayEnabled() ? (["wechat_pay"] as const) : []),
  ];
}

/** The out_trade_no of an Alipay / WeChat Pay payment: its id without dashes (32 characters). */
export const outTradeNoOf = (paymentId: string) => paymentId.replace(/-/g, "");

/** How the buyer's device pays: phones get Alipay WAP pay / WeChat H5 pay, desktops a page or QR. */
export type PayDevice = { mobile: boolean; inWechat?: boolean; clientIp?: string };

/** The device of a request, from its User-Agent (phones, tablets, WeChat's own browser). */
export function payDeviceOf(request: Request, clientIp?: string): PayDevice {
  const agent = request.headers.get("User-Agent") ?? "";
  return {
    mobile: /Mobile|Android|iPhone|iPad|HarmonyOS|MicroMessenger/i.test(agent),
    inWechat: /MicroMessenger/i.test(agent),
    clientIp,
  };
}

/**
 * Opens a payment attempt for an order inside the caller's transaction. Demo: ready at once.
 * Stripe: the row only; call `startCheckout(paymentId)` after the commit to get the session URL.
 */
export async function openPayment(
  tx: Transaction,
  {
    orderId,
    amountFen,
    provider,
    purpose = "full",
    now = new Date(),
  }: { orderId: string; amountFen: number; provider: Provider; purpose?: PaymentPurpose; now?: Date },
): Promise<{ paymentId: string; url: string | null }> {
  if (provider === "stripe") {
    const [payment] = await tx
      .insert(s.payments)
      .values({ orderId, provider, amountFen, purpose, status: "created", createdAt: now })
      .returning({ id: s.payments.id });
    return { paymentId: payment.id, url: null };
  }
  if (provider === "bank_transfer") {
    // 对公转账: the payment waits, with a reference for the transfer memo, until an authorised user
    // records the transfer (recordBankTransfer). The reference is unique (payments_provider_ref).
    const [order] = await tx
      .select({ orderNumber: s.orders.orderNumber })
      .from(s.orders)
      .where(eq(s.orders.id, orderId));
    const [payment] = await tx
      .insert(s.payments)
      .values({
        orderId,
        provider,
        amountFen,
        purpose,
        status: "pending",
        providerRef: sql`${"DG" + order.orderNumber.replace("-", "") + "-"} || upper(substr(md5(gen_random_uuid()::text), 1, 4))`,
        checkoutUrl: `/buyer/orders/${order.orderNumber}`,
        createdAt: now,
      })
      .returning({ id: s.payments.id, url: s.payments.checkoutUrl });
    return { paymentId: payment.id, url: payment.url };
  }
  if (provider !== "demo" && provider !== "alipay" && provider !== "wechat_pay")
    throw new Error(`payment provider ${provider} is not available yet`);
  // The id is made here so that the row is written once (one statement at checkout): the providers'
  // trade number is the payment id, and the demo's URL carries it.
  const id = randomUUID();
  const demo = provider === "demo";
  const url = demo ? `/pay/demo/${id}` : null;
  await tx.insert(s.payments).values({
    id,
    orderId,
    provider,
    amountFen,
    purpose,
    status: demo ? "pending" : "created",
    providerRef: demo ? sql`'demo_' || gen_random_uuid()` : outTradeNoOf(id),
    checkoutUrl: url,
    createdAt: now,
  });
  return { paymentId: id, url };
}

/**
 * Opens the Stripe Checkout Session of a `created` payment (after the transaction that inserted
 * it committed) and returns its URL. Idempotent: the payment id is the idempotency key, and a
 * payment that already has its session just returns it.
 */
export async function startCheckout({
  paymentId,
  origin,
  device = { mobile: false },
}: {
  paymentId: string;
  origin: string;
  device?: PayDevice;
}): Promise<string> {
  const [payment] = await db.select().from(s.payments).where(eq(s.payments.id, paymentId));
  if (!payment) throw new Error(`unknown payment ${paymentId}`);
  if (payment.provider === "wechat_pay" && payment.checkoutUrl)
    return wechatPayEntry(payment.id, payment.checkoutUrl, origin);
  if (payment.checkoutUrl) return payment.checkoutUrl;
  const [order] = await db.select().from(s.orders).where(eq(s.orders.id, payment.orderId));
  if (payment.provider === "alipay" || payment.provider === "wechat_pay")
    return startChinaCheckout(payment, order, origin, device);
  const lines = await db
    .select()
    .from(s.orderLines)
    .where(eq(s.orderLines.orderId, order.id))
    .orderBy(asc(s.orderLines.id));
  // A deposit or a balance is one item of its own amount (the goods are the order's, paid in two).
  const partial = payment.purpose === "deposit" || payment.purpose === "balance";
  const lineItems = (
    partial
      ? [
          {
            quantity: 1,
            unitPriceFen: payment.amountFen,
            name: `${payment.purpose === "deposit" ? "定金 Deposit" : "尾款 Balance"} ${order.orderNumber}`,
          },
        ]
      : lines.map((l) => ({
          quantity: l.quantity,
          unitPriceFen: l.unitPriceFen,
          name: `${l.productName} ${l.variantSpec}`.trim(),
        }))
  ).map((l) => ({
    quantity: l.quantity,
    price_data: {
      currency: "cny",
      unit_amount: l.unitPriceFen,
      product_data: { name: l.name },
    },
  }));
  if (order.shippingFen > 0 && !partial) {
    lineItems.push({
      quantity: 1,
      price_data: {
        currency: "cny",
        unit_amount: order.shippingFen,
        product_data: { name: "运费 Shipping" },
      },
    });
  }
  const methods = stripePaymentMethods();
  // Stripe wants a session to live at least 30 minutes; a payment that succeeds after the order's
  // own deadline is handled by the expiry rule in completePayment.
  const expiresAt = Math.max(
    Math.floor(order.expiresAt.getTime() / 1000),
    Math.floor(Date.now() / 1000) + 31 * 60,
  );
  const session = await getStripe().checkout.sessions.create(
    {
      mode: "payment",
      line_items: lineItems,
      client_reference_id: order.id,
      metadata: { payment_id: payment.id, order_number: order.orderNumber },
      payment_intent_data: { metadata: { payment_id: payment.id, order_number: order.orderNumber } },
      // The SDK's API version (2026-10-28) takes the list as allowed_payment_method_types (the
      // successor of payment_method_types): a filter on what the account can offer.
      allowed_payment_method_types: methods,
      ...(methods.includes("wechat_pay")
        ? { payment_method_options: { wechat_pay: { client: "web" as const } } }
        : {}),
      success_url: `${origin}/pay/stripe/return?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin}/orders/${order.orderNumber}`,
      expires_at: expiresAt,
    },
    { idempotencyKey: payment.id },
  );
  if (!session.url) throw new Error("Stripe returned a session without a URL");
  await db
    .update(s.payments)
    .set({ providerRef: session.id, checkoutUrl: session.url, status: "pending" })
    .where(and(eq(s.payments.id, payment.id), eq(s.payments.status, "created")));
  return session.url;
}

/**
 * Alipay: a signed link to its cashier (page pay, or WAP pay on phones). WeChat Pay: Native pay's
 * code_url, shown as a QR code on /pay/wechat/<payment id>, or H5 pay's h5_url on phones (not in
 * WeChat's own browser, where the QR page lets the buyer long-press the code). The trade number is
 * the payment id, so a retry after a lost answer names the same trade.
 */
async function startChinaCheckout(
  payment: typeof s.payments.$inferSelect,
  order: typeof s.orders.$inferSelect,
  origin: string,
  device: PayDevice,
): Promise<string> {
  const outTradeNo = outTradeNoOf(payment.id);
  const expiresAt = new Date(Math.max(order.expiresAt.getTime(), Date.now() + 5 * 60_000));
  const description = `消费帮扶订单 ${order.orderNumber}`;
  let stored: string;
  let answer: string;
  if (payment.provider === "alipay") {
    stored = answer = alipayPayUrl({
      outTradeNo,
      amountFen: payment.amountFen,
      subject: description,
      mobile: device.mobile,
      returnUrl: `${origin}/pay/alipay/return?out_trade_no=${outTradeNo}`,
      expiresAt,
    });
  } else if (device.mobile && !device.inWechat) {
    stored = await wechatH5Order({
      outTradeNo,
      amountFen: payment.amountFen,
      description,
      expiresAt,
      clientIp: device.clientIp ?? "127.0.0.1",
    });
    answer = wechatPayEntry(payment.id, stored, origin);
  } else {
    stored = await wechatNativeOrder({ outTradeNo, amountFen: payment.amountFen, description, expiresAt });
    answer = wechatPayEntry(payment.id, stored, origin);
  }
  await db
    .update(s.payments)
    .set({ checkoutUrl: stored, status: "pending" })
    .where(and(eq(s.payments.id, payment.id), eq(s.payments.status, "created")));
  return answer;
}

/**
 * Where the buyer pays a WeChat Pay payment, from what WeChat Pay gave: Native pay's weixin:// code
 * is shown on our QR page; H5 pay's page gets redirect_url (appended, URL-encoded), where WeChat Pay
 * sends the buyer back after paying.
 */
function wechatPayEntry(paymentId: string, stored: string, origin: string): string {
  if (stored.startsWith("weixin://")) return `/pay/wechat/${paymentId}`;
  const back = encodeURIComponent(`${origin}/pay/wechat/${paymentId}`);
  return `${stored}${stored.includes("?") ? "&" : "?"}redirect_url=${back}`;
}

/** A new attempt for an order still waiting for payment (after a failed one). */
export async function retryPayment({
  orderNumber,
  viewer,
  origin = "http://localhost:3000",
  device,
}: {
  orderNumber: string;
  viewer: OrderViewer;
  origin?: string;
  device?: PayDevice;
}) {
  const opened = await db.transaction(async (tx) => {
    const [order] = await tx
      .select()
      .from(s.orders)
      .where(eq(s.orders.orderNumber, orderNumber))
      .for("update");
    if (!order || !canViewOrder(order, viewer) || order.status !== "pending_payment") return null;
    // A pre-sale bought with a deposit pays its deposit first (decision 114).
    return openPayment(tx, {
      orderId: order.id,
      amountFen: order.depositFen ?? order.totalFen,
      provider: order.paymentProvider,
      purpose: order.depositFen ? "deposit" : "full",
    });
  });
  if (!opened) return null;
  return {
    paymentId: opened.paymentId,
    url: opened.url ?? (await startCheckout({ paymentId: opened.paymentId, origin, device })),
  };
}

export type PaymentOutcome = "succeeded" | "failed" | "expired";

export type CompletionResult = {
  orderNumber: string;
  orderStatus: (typeof s.orderStatus.enumValues)[number];
  paymentStatus: (typeof s.paymentStatus.enumValues)[number];
  /** false when this event had been processed before (a duplicate delivery). */
  firstDelivery: boolean;
  /** A full refund was started: money arrived that the order cannot keep (see the expiry rule). */
  autoRefundId?: string;
};

export type ReconcileOptions = { olderThanMinutes?: number; now?: Date; limit?: number };

/**
 * The one reconciliation loop for every provider: each payment of `provider` still open on an
 * order pending for more than `olderThanMinutes` (or cancelled by the sweep meanwhile) is put to
 * `ask`, which queries the provider and applies its answer through completePayment (null: nothing
 * to apply yet). A lost notification is recovered; a delivery seen before counts as unchanged.
 */
export async function reconcileOpenPayments(
  provider: Provider,
  ask: (providerRef: string) => Promise<CompletionResult | null | undefined>,
  { olderThanMinutes = 15, now = new Date(), limit = 500 }: ReconcileOptions = {},
) {
  const rows = await db
    .select({ providerRef: s.payments.providerRef })
    .from(s.payments)
    .innerJoin(s.orders, eq(s.orders.id, s.payments.orderId))
    .where(
      and(
        eq(s.payments.provider, provider),
        inArray(s.payments.status, ["pending", "expired"]),
        inArray(s.orders.status, ["pending_payment", "deposit_paid", "cancelled"]),
        lt(s.orders.createdAt, new Date(now.getTime() - olderThanMinutes * 60_000)),
      ),
    )
    .limit(limit);
  const summary = { checked: 0, paid: 0, expired: 0, unchanged: 0, errors: 0 };
  for (const { providerRef } of rows) {
    if (!providerRef) continue;
    summary.checked++;
    try {
      const result = await ask(providerRef);
      if (result?.firstDelivery && result.paymentStatus === "expired") summary.expired++;
      else if (result?.firstDelivery) summary.paid++;
      else summary.unchanged++;
    } catch (error) {
      summary.errors++;
      console.error(`reconcile: ${provider} ${providerRef}`, error);
    }
  }
  return summary;
}

/**
 * The one idempotent completion function: records the provider event once (unique provider event
 * id) and, for a success, marks the order paid in the same transaction (with the attribution
 * ledger). An event for an unknown payment is recorded and changes nothing (returns null).
 *
 * Expiry rule — money that arrives for an order that is no longer waiting for it:
 * - order cancelled by the payment-timeout sweep: the order is restored (stock taken again) and
 *   paid when every line's stock is still there and every pre-sale line still fits under its
 *   pre-sale's cap (counted under its lock, as at checkout); otherwise the payment is kept as
 *   succeeded, the order stays cancelled and the full amount is refunded automatically;
 * - order cancelled for another reason: refunded automatically;
 * - order already paid by another payment (two sessions both paid): this payment is marked
 *   `cancelled` and refunded automatically.
 * Automatic refunds are recorded here and sent to the provider after the commit.
 */
export async function completePayment(args: {
  provider: Provider;
  providerEventId: string;
  paymentId: string;
  outcome: PaymentOutcome;
  /** The provider's charge / PaymentIntent id, kept for refunds. */
  providerPaymentId?: string | null;
  /** When given, a success whose amount differs from the payment's is recorded but not applied. */
  amountFen?: number | null;
  payload?: Record<string, unknown>;
  now?: Date;
}): Promise<CompletionResult | null> {
  const result = await db.transaction((tx) => completeInTransaction(tx, args));
  if (result?.autoRefundId)
    await sendRefundToProvider(result.autoRefundId).catch((error) =>
      console.error("automatic refund not sent", error),
    );
  return result;
}

async function completeInTransaction(
  tx: Transaction,
  {
    provider,
    providerEventId,
    paymentId,
    outcome,
    providerPaymentId = null,
    amountFen = null,
    payload = {},
    now = new Date(),
  }: Parameters<typeof completePayment>[0],
): Promise<CompletionResult | null> {
  // Lock order, then payment: the same order as the expiry sweep, so the two never deadlock.
  const [target] = /^[0-9a-f-]{36}$/i.test(paymentId)
    ? await tx
        .select({ orderId: s.payments.orderId })
        .from(s.payments)
        .where(and(eq(s.payments.id, paymentId), eq(s.payments.provider, provider)))
    : [];
  if (!target) {
    await tx
      .insert(s.paymentEvents)
      .values({
        provider,
        providerEventId,
        type: `payment.${outcome}.unknown`,
        payload,
        receivedAt: now,
        processedAt: now,
      })
      .onConflictDoNothing();
    return null;
  }
  const [order] = await tx.select().from(s.orders).where(eq(s.orders.id, target.orderId)).for("update");
  const [payment] = await tx.select().from(s.payments).where(eq(s.payments.id, paymentId)).for("update");
  const amountOk = outcome !== "succeeded" || amountFen === null || amountFen === payment.amountFen;
  const inserted = await tx
    .insert(s.paymentEvents)
    .values({
      provider,
      providerEventId,
      type: amountOk ? `payment.${outcome}` : "payment.amount_mismatch",
      orderId: order.id,
      paymentId,
      payload,
      receivedAt: now,
      processedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: s.paymentEvents.id });
  const current = {
    orderNumber: order.orderNumber,
    orderStatus: order.status,
    paymentStatus: payment.status,
  };
  if (inserted.length === 0) return { ...current, firstDelivery: false };
  if (!amountOk) return { ...current, firstDelivery: true };

  if (outcome === "failed" || outcome === "expired") {
    // Only an open attempt can fail or expire: a late "expired" never unpays a paid one.
    if (payment.status !== "pending" && payment.status !== "created")
      return { ...current, firstDelivery: true };
    const status = outcome === "failed" ? ("failed" as const) : ("expired" as const);
    await tx.update(s.payments).set({ status }).where(eq(s.payments.id, payment.id));
    return { ...current, paymentStatus: status, firstDelivery: true };
  }

  if (payment.status === "succeeded" || payment.status === "cancelled")
    return { ...current, firstDelivery: true };
  const ref = { providerPaymentId: providerPaymentId ?? payment.providerPaymentId };

  const [otherSuccess] = await tx
    .select({ id: s.payments.id })
    .from(s.payments)
    .where(
      and(
        eq(s.payments.orderId, order.id),
        eq(s.payments.status, "succeeded"),
        eq(s.payments.purpose, payment.purpose),
        ne(s.payments.id, payment.id),
      ),
    );
  if (otherSuccess) {
    await tx
      .update(s.payments)
      .set({ ...ref, status: "cancelled", succeededAt: now })
      .where(eq(s.payments.id, payment.id));
    const autoRefundId = await recordAutomaticRefund(tx, { ...payment, ...ref }, "duplicate_payment", now);
    return { ...current, paymentStatus: "cancelled" as const, firstDelivery: true, autoRefundId };
  }

  await tx
    .update(s.payments)
    .set({ ...ref, status: "succeeded", succeededAt: now })
    .where(eq(s.payments.id, payment.id));
  // A pre-sale's deposit (decision 114): the order waits for its balance; no sale yet, no ledger.
  if (payment.purpose === "deposit" && order.status === "pending_payment") {
    await payDeposit(tx, order.id);
    await announceDepositPaid(tx, order, now);
    return {
      ...current,
      orderStatus: "deposit_paid" as const,
      paymentStatus: "succeeded" as const,
      firstDelivery: true,
    };
  }
  // The whole order's payment, or a pre-sale's balance: now the order is paid in full and counts
  // as a sale, ledger and all, once. Anything else (a deposit after the timeout, a balance after the
  // lapse) is money the order cannot take: refunded below.
  if (
    (payment.purpose === "full" && order.status === "pending_payment") ||
    (payment.purpose === "balance" && order.status === "deposit_paid")
  ) {
    await markOrderPaid(tx, order.id, now);
    await announceOrderPaid(tx, order, provider);
    return {
      ...current,
      orderStatus: "paid" as const,
      paymentStatus: "succeeded" as const,
      firstDelivery: true,
    };
  }
  if (
    payment.purpose === "full" &&
    order.status === "cancelled" &&
    order.cancelReason === "payment_timeout" &&
    // The cap first: its pre-sale rows are locked before the stock rows, as checkout locks them.
    (await retakePresaleCaps(tx, order.id)) &&
    (await retakeStock(tx, order.id))
  ) {
    await reopenCancelledOrder(tx, order.id);
    await markOrderPaid(tx, order.id, now);
    await announceOrderPaid(tx, order, provider);
    return {
      ...current,
      orderStatus: "paid" as const,
      paymentStatus: "succeeded" as const,
      firstDelivery: true,
    };
  }
  const autoRefundId = await recordAutomaticRefund(
    tx,
    { ...payment, ...ref },
    order.status === "cancelled" ? "paid_after_cancellation" : "paid_after_close",
    now,
  );
  return { ...current, paymentStatus: "succeeded" as const, firstDelivery: true, autoRefundId };
}

/** Takes an expired order's stock again, all lines or none (rows locked in a fixed order). */
async function retakeStock(tx: Transaction, orderId: string): Promise<boolean> {
  const needs = await tx
    .select({ variantId: s.orderLines.variantId, qty: sql<number>`sum(${s.orderLines.quantity})::int` })
    .from(s.orderLines)
    .where(eq(s.orderLines.orderId, orderId))
    .groupBy(s.orderLines.variantId);
  const ids = needs.map((n) => n.variantId).sort();
  const stock = await tx
    .select({ id: s.productVariants.id, stock: s.productVariants.stock })
    .from(s.productVariants)
    .where(inArray(s.productVariants.id, ids))
    .orderBy(asc(s.productVariants.id))
    .for("update");
  const byId = new Map(stock.map((r) => [r.id, r.stock]));
  if (!needs.every((n) => (byId.get(n.variantId) ?? 0) >= Number(n.qty))) return false;
  for (const n of needs) {
    await tx
      .update(s.productVariants)
      .set({ stock: sql`${s.productVariants.stock} - ${Number(n.qty)}` })
      .where(eq(s.productVariants.id, n.variantId));
  }
  return true;
}

async function recordAutomaticRefund(
  tx: Transaction,
  payment: { id: string; orderId: string; provider: Provider; amountFen: number },
  reason: string,
  now: Date,
): Promise<string> {
  // A whole-payment refund of money the order never kept: no refund lines, and the order's and
  // lines' refundedFen are untouched (they describe refunds of a paid order's goods).
  const immediate = !EXTERNAL.has(payment.provider);
  const [row] = await tx
    .insert(s.refunds)
    .values({
      orderId: payment.orderId,
      paymentId: payment.id,
      amountFen: payment.amountFen,
      reason,
      status: immediate ? "succeeded" : "pending",
      succeededAt: immediate ? now : null,
      idempotencyKey: `auto:${payment.id}`,
      createdAt: now,
    })
    .onConflictDoUpdate({ target: s.refunds.idempotencyKey, set: { reason: sql`${s.refunds.reason}` } })
    .returning({ id: s.refunds.id });
  return row.id;
}

/**
 * Sends a pending refund to its provider (idempotency key = the refund's), and records the
 * provider's answer. Used for automatic refunds after the commit; safe to call again.
 */
export async function sendRefundToProvider(refundId: string): Promise<void> {
  const [row] = await db
    .select({ refund: s.refunds, payment: s.payments })
    .from(s.refunds)
    .innerJoin(s.payments, eq(s.payments.id, s.refunds.paymentId))
    .where(eq(s.refunds.id, refundId));
  if (!row || row.refund.status !== "pending" || !EXTERNAL.has(row.payment.provider)) return;
  const answer = await createProviderRefund(row.refund, row.payment);
  await db
    .update(s.refunds)
    .set(answer)
    .where(and(eq(s.refunds.id, refundId), eq(s.refunds.status, "pending")));
}

/** Sends a refund to the payment's provider; the refund id is the provider's request number. */
async function createProviderRefund(
  refund: { id: string; amountFen: number; idempotencyKey: string; reason: string },
  payment: typeof s.payments.$inferSelect,
) {
  if (payment.provider === "alipay") {
    const answer = await alipayRefund({
      outTradeNo: outTradeNoOf(payment.id),
      refundId: refund.id,
      amountFen: refund.amountFen,
      reason: refund.reason,
    });
    // Alipay refunds synchronously: code 10000 is the money on its way back.
    return answer.ok
      ? { providerRefundId: `alipay:${refund.id}`, status: "succeeded" as const, succeededAt: new Date() }
      : { providerRefundId: null, status: "failed" as const, succeededAt: null };
  }
  if (payment.provider === "wechat_pay") {
    const answer = await wechatRefund({
      outTradeNo: outTradeNoOf(payment.id),
      refundId: refund.id,
      amountFen: refund.amountFen,
      totalFen: payment.amountFen,
      reason: refund.reason,
    });
    // PROCESSING is settled by the refund notification (REFUND.SUCCESS / ABNORMAL / CLOSED).
    const status =
      answer.status === "SUCCESS"
        ? ("succeeded" as const)
        : answer.status === "PROCESSING"
          ? ("pending" as const)
          : ("failed" as const);
    return {
      providerRefundId: answer.refund_id,
      status,
      succeededAt: status === "succeeded" ? new Date() : null,
    };
  }
  return createStripeRefund({ ...refund, providerPaymentId: payment.providerPaymentId });
}

async function createStripeRefund(refund: {
  id: string;
  amountFen: number;
  idempotencyKey: string;
  providerPaymentId: string | null;
}) {
  if (!refund.providerPaymentId)
    throw new Error(`payment of refund ${refund.id} has no Stripe PaymentIntent`);
  const answer = await getStripe().refunds.create(
    {
      payment_intent: refund.providerPaymentId,
      amount: refund.amountFen,
      metadata: { refund_id: refund.id },
    },
    { idempotencyKey: refund.idempotencyKey },
  );
  const status =
    answer.status === "succeeded"
      ? ("succeeded" as const)
      : answer.status === "failed" || answer.status === "canceled"
        ? ("failed" as const)
        : ("pending" as const);
  return { providerRefundId: answer.id, status, succeededAt: status === "succeeded" ? new Date() : null };
}

export type RefundLineRequest = { orderLineId: string; amountFen: number; quantity?: number };

export type RefundResult =
  | {
      ok: true;
      refundId: string;
      amountFen: number;
      status: (typeof s.refundStatus.enumValues)[number];
      duplicate: boolean;
    }
  | {
      ok: false;
      code: "order_not_found" | "not_paid" | "no_lines" | "bad_amount" | "line_not_in_order" | "beyond_paid";
    };

export type RefundRequest = {
  orderId: string;
  lines: RefundLineRequest[];
  /** The shipping fee given back as well (a pre-sale whose supplier missed its window, decision 115). */
  shippingFen?: number;
  reason?: string;
  requestedBy?: string | null;
  idempotencyKey?: string;
  now?: Date;
};

/**
 * Refunds amounts of an order's lines, in one transaction: locks the order and its lines,
 * refuses anything beyond what was paid for a line, applies refundedFen to the lines and the
 * order, records the refund and its lines (once per idempotency key) and calls the provider
 * (demo: immediate; Stripe: POST /v1/refunds with the refund's idempotency key). The Stripe call
 * is made inside the transaction on purpose: if Stripe refuses, nothing is recorded, and a
 * `charge.refunded` webhook that arrives meanwhile waits on the order lock and then finds the
 * refund, so it is never recorded twice.
 */
export async function refundOrderLines(request: RefundRequest): Promise<RefundResult> {
  const invalid = invalidRefund(request);
  if (invalid) return invalid;
  return db.transaction((tx) => refundOrderLinesIn(tx, request));
}

function invalidRefund({ orderId, lines, shippingFen = 0 }: RefundRequest): RefundResult | null {
  if (lines.length === 0) return { ok: false, code: "no_lines" };
  if (!Number.isSafeInteger(shippingFen) || shippingFen < 0) return { ok: false, code: "bad_amount" };
  if (lines.some((l) => !Number.isSafeInteger(l.amountFen) || l.amountFen <= 0))
    return { ok: false, code: "bad_amount" };
  if (new Set(lines.map((l) => l.orderLineId)).size !== lines.length)
    return { ok: false, code: "bad_amount" };
  if (!/^[0-9a-f-]{36}$/i.test(orderId)) return { ok: false, code: "order_not_found" };
  return null;
}

/**
 * refundOrderLines inside the caller's transaction (after-sales decides and refunds in one): the
 * same locks and checks. A refusal writes nothing; the caller decides whether to roll back.
 */
export async function refundOrderLinesIn(tx: Transaction, request: RefundRequest): Promise<RefundResult> {
  const invalid = invalidRefund(request);
  if (invalid) return invalid;
  const {
    orderId,
    lines,
    reason = "",
    requestedBy = null,
    idempotencyKey = randomUUID(),
    now = new Date(),
  } = request;
  const [order] = await tx.select().from(s.orders).where(eq(s.orders.id, orderId)).for("update");
  if (!order) return { ok: false as const, code: "order_not_found" as const };
  const [existing] = await tx.select().from(s.refunds).where(eq(s.refunds.idempotencyKey, idempotencyKey));
  if (existing) {
    // A refund drawn on two payments is two rows: <key> and <key>#2.
    const [{ sum }] = await tx
      .select({ sum: sql<number>`coalesce(sum(${s.refunds.amountFen}), 0)::int` })
      .from(s.refunds)
      .where(
        and(
          eq(s.refunds.orderId, order.id),
          sql`(${s.refunds.idempotencyKey} = ${idempotencyKey} or ${s.refunds.idempotencyKey} like ${idempotencyKey.replace(/[\\%_]/g, "\\$&") + "#%"})`,
        ),
      );
    return {
      ok: true as const,
      refundId: existing.id,
      amountFen: Number(sum),
      status: existing.status,
      duplicate: true,
    };
  }
  // Every payment the order kept: the whole order's, or a pre-sale's balance and deposit (decision
  // 115). A refund takes from the balance first, then the deposit.
  const paid = await tx
    .select()
    .from(s.payments)
    .where(and(eq(s.payments.orderId, order.id), eq(s.payments.status, "succeeded")))
    .orderBy(sql`case ${s.payments.purpose} when 'balance' then 0 when 'full' then 1 else 2 end`);
  if (paid.length === 0 || !["paid", "shipped", "delivered", "completed"].includes(order.status))
    return { ok: false as const, code: "not_paid" as const };

  const ids = lines.map((l) => l.orderLineId);
  if (!ids.every((id) => /^[0-9a-f-]{36}$/i.test(id)))
    return { ok: false as const, code: "line_not_in_order" as const };
  const locked = await tx
    .select()
    .from(s.orderLines)
    .where(and(eq(s.orderLines.orderId, order.id), inArray(s.orderLines.id, ids)))
    .orderBy(asc(s.orderLines.id))
    .for("update");
  if (locked.length !== ids.length) return { ok: false as const, code: "line_not_in_order" as const };
  const byId = new Map(locked.map((l) => [l.id, l]));
  for (const l of lines) {
    const line = byId.get(l.orderLineId)!;
    const quantity = l.quantity ?? 0;
    if (line.refundedFen + l.amountFen > line.lineTotalFen)
      return { ok: false as const, code: "beyond_paid" as const };
    if (quantity < 0 || line.refundedQuantity + quantity > line.quantity)
      return { ok: false as const, code: "beyond_paid" as const };
  }
  const shippingFen = request.shippingFen ?? 0;
  if (shippingFen > 0) {
    const [given] = await tx
      .select({ sum: sql<number>`coalesce(sum(${s.refunds.shippingFen}), 0)::int` })
      .from(s.refunds)
      .where(and(eq(s.refunds.orderId, order.id), ne(s.refunds.status, "failed")));
    if (Number(given.sum) + shippingFen > order.shippingFen)
      return { ok: false as const, code: "beyond_paid" as const };
  }
  const amountFen = lines.reduce((a, l) => a + l.amountFen, 0) + shippingFen;
  const refundedByPayment = await tx
    .select({
      paymentId: s.refunds.paymentId,
      sum: sql<number>`coalesce(sum(${s.refunds.amountFen}), 0)::int`,
    })
    .from(s.refunds)
    .where(and(eq(s.refunds.orderId, order.id), ne(s.refunds.status, "failed")))
    .groupBy(s.refunds.paymentId);
  const room = (paymentId: string, amount: number) =>
    amount - Number(refundedByPayment.find((r) => r.paymentId === paymentId)?.sum ?? 0);
  if (paid.reduce((a, p) => a + room(p.id, p.amountFen), 0) < amountFen)
    return { ok: false as const, code: "beyond_paid" as const };

  // One refund per payment it draws on (most orders: one); each takes what it can of the shipping,
  // then of the lines in the order asked (a pre-sale's balance covers its shipping, so every slice
  // keeps a line for settlement to find). Units given back go with a line's first slice.
  const pending = lines.map((l) => ({ ...l, left: l.amountFen, quantityLeft: l.quantity ?? 0 }));
  let shippingLeft = shippingFen;
  const slices: {
    payment: (typeof paid)[number];
    lines: { orderLineId: string; amountFen: number; quantity: number }[];
    shippingFen: number;
  }[] = [];
  for (const payment of paid) {
    let capacity = room(payment.id, payment.amountFen);
    const slice = { payment, lines: [] as (typeof slices)[number]["lines"], shippingFen: 0 };
    slice.shippingFen = Math.min(capacity, shippingLeft);
    shippingLeft -= slice.shippingFen;
    capacity -= slice.shippingFen;
    for (const l of pending) {
      if (capacity === 0) break;
      const take = Math.min(capacity, l.left);
      if (take === 0) continue;
      slice.lines.push({ orderLineId: l.orderLineId, amountFen: take, quantity: l.quantityLeft });
      l.left -= take;
      l.quantityLeft = 0;
      capacity -= take;
    }
    if (slice.lines.length > 0 || slice.shippingFen > 0) slices.push(slice);
  }

  let first: { id: string; status: (typeof s.refundStatus.enumValues)[number] } | null = null;
  for (const [i, slice] of slices.entries()) {
    const payment = slice.payment;
    const sliceFen = slice.lines.reduce((a, l) => a + l.amountFen, 0) + slice.shippingFen;
    const immediate = !EXTERNAL.has(payment.provider);
    const [refund] = await tx
      .insert(s.refunds)
      .values({
        orderId: order.id,
        paymentId: payment.id,
        amountFen: sliceFen,
        shippingFen: slice.shippingFen,
        reason,
        requestedBy,
        idempotencyKey: i === 0 ? idempotencyKey : `${idempotencyKey}#${i + 1}`,
        status: immediate ? "succeeded" : "pending",
        succeededAt: immediate ? now : null,
        createdAt: now,
      })
      .returning();
    if (slice.lines.length > 0)
      await tx.insert(s.refundLines).values(slice.lines.map((l) => ({ refundId: refund.id, ...l })));
    for (const l of slice.lines) {
      await tx
        .update(s.orderLines)
        .set({
          refundedFen: sql`${s.orderLines.refundedFen} + ${l.amountFen}`,
          refundedQuantity: sql`${s.orderLines.refundedQuantity} + ${l.quantity}`,
        })
        .where(eq(s.orderLines.id, l.orderLineId));
    }
    // The ledger follows the lines' new refunded amounts, in this same transaction.
    await reverseForRefund(tx, { refundId: refund.id });
    let status = refund.status;
    if (!immediate) {
      const answer = await createProviderRefund(refund, payment);
      if (answer.status === "failed") throw new Error(`${payment.provider} refused refund ${refund.id}`);
      await tx.update(s.refunds).set(answer).where(eq(s.refunds.id, refund.id));
      status = answer.status;
    }
    first ??= { id: refund.id, status };
  }
  await tx
    .update(s.orders)
    .set({ refundedFen: sql`${s.orders.refundedFen} + ${amountFen}` })
    .where(eq(s.orders.id, order.id));
  // 已售 counts paid units net of refunded units (decision 090): the units given back leave it,
  // product by product in id order (the same lock order as markOrderPaid).
  const returned = new Map<string, number>();
  for (const l of lines) {
    const productId = byId.get(l.orderLineId)!.productId;
    if ((l.quantity ?? 0) > 0) returned.set(productId, (returned.get(productId) ?? 0) + (l.quantity ?? 0));
  }
  for (const productId of [...returned.keys()].sort()) {
    await tx
      .update(s.products)
      .set({ salesCount: sql`greatest(${s.products.salesCount} - ${returned.get(productId)!}, 0)` })
      .where(eq(s.products.id, productId));
  }
  await enqueueNotification(tx, {
    event: `order.refunded:${first!.id}`,
    template: "order_refunded",
    params: { orderNumber: order.orderNumber, amount: formatFen(amountFen) },
    to: orderRecipient(order),
  });
  return { ok: true as const, refundId: first!.id, amountFen, status: first!.status, duplicate: false };
}

/**
 * Stripe's `charge.refunded`: records the event once and marks the refunds it names as succeeded.
 * Refunds made outside this app (e.g. in the Stripe dashboard) carry no lines: they are recorded
 * in the event for an operator, not applied to order lines.
 */
export async function applyChargeRefunded({
  providerEventId,
  paymentIntentId,
  refunds,
  payload,
  now = new Date(),
}: {
  providerEventId: string;
  paymentIntentId: string | null;
  refunds: { id: string; status: string | null; metadata?: Record<string, string> | null }[];
  payload: Record<string, unknown>;
  now?: Date;
}): Promise<{ recorded: boolean; matched: number }> {
  return db.transaction(async (tx) => {
    const [payment] = paymentIntentId
      ? await tx
          .select()
          .from(s.payments)
          .where(and(eq(s.payments.provider, "stripe"), eq(s.payments.providerPaymentId, paymentIntentId)))
      : [];
    // The order lock makes this wait for a refundOrderLines still talking to Stripe.
    if (payment)
      await tx
        .select({ id: s.orders.id })
        .from(s.orders)
        .where(eq(s.orders.id, payment.orderId))
        .for("update");
    const inserted = await tx
      .insert(s.paymentEvents)
      .values({
        provider: "stripe",
        providerEventId,
        type: "charge.refunded",
        orderId: payment?.orderId ?? null,
        paymentId: payment?.id ?? null,
        payload,
        receivedAt: now,
        processedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: s.paymentEvents.id });
    if (inserted.length === 0 || !payment) return { recorded: inserted.length > 0, matched: 0 };
    let matched = 0;
    for (const r of refunds) {
      const localId =
        r.metadata?.refund_id && /^[0-9a-f-]{36}$/i.test(r.metadata.refund_id) ? r.metadata.refund_id : null;
      const [local] = await tx
        .select()
        .from(s.refunds)
        .where(
          and(
            eq(s.refunds.paymentId, payment.id),
            localId
              ? sql`(${s.refunds.providerRefundId} = ${r.id} or ${s.refunds.id} = ${localId})`
              : eq(s.refunds.providerRefundId, r.id),
          ),
        );
      if (!local) continue;
      matched++;
      if (r.status === "succeeded" && local.status !== "succeeded") {
        await tx
          .update(s.refunds)
          .set({ status: "succeeded", succeededAt: now, providerRefundId: r.id })
          .where(eq(s.refunds.id, local.id));
      }
    }
    return { recorded: true, matched };
  });
}

/**
 * A provider's word on one of our refunds (WeChat Pay's REFUND.* notification, or a query): the
 * event is recorded once and a pending refund becomes succeeded or failed. A refund that is already
 * settled keeps its state, so a late or repeated notice changes nothing.
 */
export async function settleProviderRefund({
  provider,
  providerEventId,
  refundId,
  providerRefundId,
  outcome,
  payload,
  now = new Date(),
}: {
  provider: Provider;
  providerEventId: string;
  refundId: string;
  providerRefundId: string | null;
  outcome: "succeeded" | "failed";
  payload: Record<string, unknown>;
  now?: Date;
}): Promise<{ recorded: boolean; matched: boolean }> {
  return db.transaction(async (tx) => {
    const [refund] = /^[0-9a-f-]{36}$/i.test(refundId)
      ? await tx
          .select({ refund: s.refunds, provider: s.payments.provider })
          .from(s.refunds)
          .innerJoin(s.payments, eq(s.payments.id, s.refunds.paymentId))
          .where(eq(s.refunds.id, refundId))
      : [];
    const ours = refund && refund.provider === provider ? refund.refund : null;
    // The order lock makes this wait for a refundOrderLines still talking to the provider.
    if (ours)
      await tx.select({ id: s.orders.id }).from(s.orders).where(eq(s.orders.id, ours.orderId)).for("update");
    const inserted = await tx
      .insert(s.paymentEvents)
      .values({
        provider,
        providerEventId,
        type: `refund.${outcome}${ours ? "" : ".unknown"}`,
        orderId: ours?.orderId ?? null,
        paymentId: ours?.paymentId ?? null,
        payload,
        receivedAt: now,
        processedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: s.paymentEvents.id });
    if (inserted.length === 0 || !ours) return { recorded: inserted.length > 0, matched: false };
    await tx
      .update(s.refunds)
      .set({
        status: outcome,
        succeededAt: outcome === "succeeded" ? now : null,
        providerRefundId: providerRefundId ?? ours.providerRefundId,
      })
      .where(and(eq(s.refunds.id, ours.id), eq(s.refunds.status, "pending")));
    return { recorded: true, matched: true };
  });
}

export type BankTransferResult =
  | {
      ok: true;
      orderNumber: string;
      orderStatus: (typeof s.orderStatus.enumValues)[number];
      duplicate: boolean;
      autoRefundId?: string;
    }
  | {
      ok: false;
      code:
        | "not_found"
        | "not_bank_transfer"
        | "not_awaiting_payment"
        | "wrong_amount"
        | "reference_used"
        | "bad_reference"
        | "date_in_future"
        | "date_before_order";
    };

/**
 * Records a bank transfer (对公转账) received for an order paid by bank transfer, and completes the
 * payment through the same idempotent pipeline as every provider: the payment event id is the
 * bank's transaction reference, so one transfer can pay one order once. Refused, with nothing
 * written: an amount other than the payment's, a reference already used, a transfer date in the
 * future or before the order was placed (Asia/Shanghai dates). Recording the same transfer again
 * changes nothing. Who may record is decided by the caller (institutions.server.ts).
 */
export async function recordBankTransfer({
  orderId,
  bankReference,
  amountFen,
  transferDate,
  recordedBy,
  now = new Date(),
}: {
  orderId: string;
  bankReference: string;
  amountFen: number;
  /** YYYY-MM-DD, the date on the bank receipt. */
  transferDate: string;
  recordedBy: { id: string; role: (typeof s.userRole.enumValues)[number] };
  now?: Date;
}): Promise<BankTransferResult> {
  const key = bankReferenceKey(bankReference);
  if (!key) return { ok: false, code: "bad_reference" };
  bankReference = bankReference.trim(); // the bank's text, as shown on the order
  return db.transaction(async (tx) => {
    const [order] = await tx.select().from(s.orders).where(eq(s.orders.id, orderId)).for("update");
    if (!order) return { ok: false as const, code: "not_found" as const };
    const [payment] = await tx
      .select()
      .from(s.payments)
      .where(and(eq(s.payments.orderId, order.id), eq(s.payments.provider, "bank_transfer")))
      .orderBy(desc(s.payments.createdAt))
      .limit(1)
      .for("update");
    if (!payment) return { ok: false as const, code: "not_bank_transfer" as const };
    if (
      payment.status === "succeeded" &&
      payment.providerPaymentId &&
      bankReferenceKey(payment.providerPaymentId) === key
    ) {
      return {
        ok: true as const,
        orderNumber: order.orderNumber,
        orderStatus: order.status,
        duplicate: true,
      };
    }
    // The event id is the normalised key, so its unique index refuses every variant of a used
    // reference; the upper/replace also matches ids recorded before references were normalised
    // (then only [0-9A-Za-z-] was accepted).
    const providerEventId = `transfer:${key}`;
    const [used] = await tx
      .select({ id: s.paymentEvents.id })
      .from(s.paymentEvents)
      .where(
        and(
          eq(s.paymentEvents.provider, "bank_transfer"),
          like(s.paymentEvents.providerEventId, "transfer:%"),
          sql`upper(replace(substr(${s.paymentEvents.providerEventId}, 10), '-', '')) = ${key}`,
        ),
      )
      .limit(1);
    if (used) return { ok: false as const, code: "reference_used" as const };
    const waiting =
      order.status === "pending_payment" ||
      (order.status === "cancelled" && order.cancelReason === "payment_timeout");
    if (!waiting || payment.status === "succeeded")
      return { ok: false as const, code: "not_awaiting_payment" as const };
    if (amountFen !== payment.amountFen) return { ok: false as const, code: "wrong_amount" as const };
    if (transferDate > shanghaiDate(now)) return { ok: false as const, code: "date_in_future" as const };
    if (transferDate < shanghaiDate(order.createdAt))
      return { ok: false as const, code: "date_before_order" as const };

    const result = await completeInTransaction(tx, {
      provider: "bank_transfer",
      providerEventId,
      paymentId: payment.id,
      outcome: "succeeded",
      providerPaymentId: bankReference,
      amountFen,
      payload: { bankReference, key, amountFen, transferDate, recordedBy: recordedBy.id },
      now,
    });
    // Another recording took this reference in the meantime (unique event id): nothing applied.
    if (!result || !result.firstDelivery) return { ok: false as const, code: "reference_used" as const };
    await tx
      .update(s.payments)
      .set({ transferDate, recordedBy: recordedBy.id })
      .where(eq(s.payments.id, payment.id));
    await recordAudit(tx, {
      actor: recordedBy,
      action: "payment.bank_transfer_recorded",
      subjectType: "order",
      subjectId: order.orderNumber,
      details: { bankReference, amountFen, transferDate },
      at: now,
    });
    await enqueueNotification(tx, {
      event: `order.bank_transfer:${order.id}`,
      template: "bank_transfer_recorded",
      params: { orderNumber: order.orderNumber, reference: bankReference, amount: formatFen(amountFen) },
      to: orderRecipient(order),
    });
    return {
      ok: true as const,
      orderNumber: order.orderNumber,
      orderStatus: result.orderStatus,
      duplicate: false,
      autoRefundId: result.autoRefundId,
    };
  });
}

/** Who hears about an order: its signed-in buyer (e-mail, else SMS), a guest by SMS to the order's mobile. */
export function orderRecipient(order: { userId: string | null; contactMobile: string }): Recipient {
  return order.userId ? { userId: order.userId } : { mobile: order.contactMobile };
}

/** The buyer hears that the order is paid, in the payment's transaction (a bank transfer says so itself). */
async function announceOrderPaid(
  tx: Transaction,
  order: { id: string; orderNumber: string; totalFen: number; userId: string | null; contactMobile: string },
  provider: string,
) {
  if (provider === "bank_transfer") return;
  await enqueueNotification(tx, {
    event: `order.paid:${order.id}`,
    template: "order_paid",
    params: { orderNumber: order.orderNumber, total: formatFen(order.totalFen) },
    to: orderRecipient(order),
  });
}

/**
 * The buyer hears that the deposit (定金) is paid, with the balance and its window, in the payment's
 * transaction (decision 126). Paid while the window is already open: this notice is also the one
 * that says so, and the window-open sweep (announceOpenBalances) skips the order.
 */
async function announceDepositPaid(tx: Transaction, order: typeof s.orders.$inferSelect, now: Date) {
  const window = await balanceWindowOf(tx, order.id);
  if (!window || order.depositFen === null) return;
  await enqueueNotification(tx, {
    event: `order.deposit_paid:${order.id}`,
    template: "deposit_paid",
    params: {
      orderNumber: order.orderNumber,
      deposit: formatFen(order.depositFen),
      balance: formatFen(order.totalFen - order.depositFen),
      balanceFrom: window.balanceFrom,
      balanceUntil: window.balanceUntil,
      link: `/orders/${order.orderNumber}`,
    },
    to: orderRecipient(order),
  });
  if (window.balanceFrom <= shanghaiDate(now))
    await tx
      .update(s.presaleOrderLines)
      .set({ balanceOpenNotifiedAt: now })
      .where(eq(s.presaleOrderLines.orderLineId, window.orderLineId));
}

async function markOrderPaid(tx: Transaction, orderId: string, now: Date) {
  await payOrder(tx, orderId, now);
  // 已售 and the catalog's "popular" sort (net of refunds: refundOrderLinesIn), product by product in id order so that two
  // payments touching the same products lock them in the same order and cannot deadlock.
  const sold = await tx
    .select({ productId: s.orderLines.productId, quantity: sql<number>`sum(${s.orderLines.quantity})::int` })
    .from(s.orderLines)
    .where(eq(s.orderLines.orderId, orderId))
    .groupBy(s.orderLines.productId)
    .orderBy(s.orderLines.productId);
  for (const { productId, quantity } of sold) {
    await tx
      .update(s.products)
      .set({ salesCount: sql`${s.products.salesCount} + ${Number(quantity)}` })
      .where(eq(s.products.id, productId));
  }
  // The attribution ledger and its rollups, in the same transaction as the payment.
  await attributeSale(tx, { orderId, paidAt: now });
}

/** What the demo payment page shows; null when the payment is unknown or not the viewer's. */
export async function getDemoPayment({ paymentId, viewer }: { paymentId: string; viewer: OrderViewer }) {
  if (!/^[0-9a-f-]{36}$/i.test(paymentId)) return null;
  const [row] = await db
    .select({
      paymentId: s.payments.id,
      paymentStatus: s.payments.status,
      purpose: s.payments.purpose,
      amountFen: s.payments.amountFen,
      orderNumber: s.orders.orderNumber,
      orderStatus: s.orders.status,
      userId: s.orders.userId,
      expiresAt: s.orders.expiresAt,
    })
    .from(s.payments)
    .innerJoin(s.orders, eq(s.orders.id, s.payments.orderId))
    .where(and(eq(s.payments.id, paymentId), eq(s.payments.provider, "demo")));
  // Someone else's payment is as unknown as a missing one.
  if (!row || !canViewOrder(row, viewer)) return null;
  const { userId: _owner, ...payment } = row;
  // Payable while open and the order waits for it: a pre-sale's balance while deposit_paid, any
  // other payment while the order is pending and not past its deadline.
  const payable =
    row.paymentStatus === "pending" &&
    (row.purpose === "balance"
      ? row.orderStatus === "deposit_paid"
      : row.orderStatus === "pending_payment" && row.expiresAt > new Date());
  return { ...payment, payable, expiresAt: row.expiresAt.toISOString() };
}
