// The after-sales pages called as signed-in users with real ids: the shopper opens a claim with a
// photo (multipart) and accepts the supplier's proposal; another shopper, the other supplier's
// staff and an official get 404 or 403 for the same ids, and nothing changes for them.
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../db/seed";
import { buyAndPay, demoMobile, logIn } from "../../tests/support/factories";
import { call, type CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { markPartDelivered, shipOrderPart } from "~/models/ordering/fulfilment.server";
import { loader as photoLoader } from "./aftersales.$claimId.photos.$index";
import { loader as escalatedLoader } from "./official.aftersales._index";
import { action as claimAction, loader as claimLoader } from "./orders.$number_.aftersales.$claimId";
import { action as newAction, loader as newLoader } from "./orders.$number_.aftersales.new";
import { action as supplierAction, loader as supplierLoader } from "./supplier.aftersales.$claimId";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const ctx = { context: {} };
let order: { orderNumber: string; orderId: string; lineId: string; lineTotalFen: number };

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
  const users = await db
    .select()
    .from(s.users)
    .where(inArray(s.users.mobile, [demoMobile("customer"), demoMobile("supplierStaff")]));
  const customer = users.find((u) => u.role === "customer")!;
  const staff = users.find((u) => u.role === "supplier_staff")!;
  const [v] = await db
    .select({ id: s.productVariants.id })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(eq(s.products.supplierId, staff.supplierId!))
    .orderBy(s.productVariants.sku)
    .limit(1);
  await db.update(s.productVariants).set({ stock: 100 }).where(eq(s.productVariants.id, v.id));
  const now = Date.now();
  const placed = await buyAndPay({
    items: [{ variantId: v.id, quantity: 2 }],
    paidAt: new Date(now - 3 * 3600_000),
  });
  await db.update(s.orders).set({ userId: customer.id }).where(eq(s.orders.id, placed.orderId));
  const [part] = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, placed.orderId));
  const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
  await shipOrderPart({
    caller: staff,
    partId: part.id,
    carrier: "顺丰速运",
    trackingNumber: "SF818181818",
    now: new Date(now - 2 * 3600_000),
  });
  await markPartDelivered({ caller: staff, partId: part.id, now: new Date(now - 3600_000) });
  order = {
    orderNumber: placed.orderNumber,
    orderId: placed.orderId,
    lineId: line.id,
    lineTotalFen: line.lineTotalFen,
  };
});

function multipart(path: string, jar: CookieJar, fields: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append("photos", new Blob([PNG], { type: "image/png" }), "bruised.png");
  return new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: jar.header() }, body });
}

describe("after-sales pages", () => {
  it("claim with a photo → proposal → accepted: refunded once; strangers get 404/403", async () => {
    const shopper = await logIn("customer");
    const stranger = await logIn("customer2");
    const staff = await logIn("supplierStaff");
    const otherStaff = await logIn("supplierStaffB");
    const official = await logIn("districtOfficial");
    const newPath = `/orders/${order.orderNumber}/aftersales/new?line=${order.lineId}`;
    const params = { number: order.orderNumber };

    expect(
      (await call(() => newLoader({ request: getRequest(newPath, stranger), params, ...ctx }))).status,
    ).toBe(404);
    expect(
      (await call(() => newLoader({ request: getRequest(newPath, shopper), params, ...ctx }))).status,
    ).toBe(200);
    const opened = await call(() =>
      newAction({
        request: multipart(newPath, shopper, {
          kind: "refund_only",
          reason: "damaged",
          description: "<b>压坏</b>",
          amount: "",
        }),
        params,
        ...ctx,
      }),
    );
    expect(opened.status).toBe(303);
    const claimPath = opened.headers.get("Location")!;
    const claimId = claimPath.split("/").pop()!;
    const claimParams = { number: order.orderNumber, claimId };

    // A second claim on the same line is refused with a clear message.
    const again = await call(() =>
      newAction({
        request: multipart(newPath, shopper, {
          kind: "refund_only",
          reason: "damaged",
          description: "again",
        }),
        params,
        ...ctx,
      }),
    );
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: "as.error.claim_open" });

    // Strangers: 404 on the claim page, its actions, its photo, the supplier page; 403 for an official.
    expect(
      (
        await call(() =>
          claimLoader({ request: getRequest(claimPath, stranger), params: claimParams, ...ctx }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(() =>
          claimAction({
            request: formRequest(claimPath, { intent: "withdraw" }, stranger),
            params: claimParams,
            ...ctx,
          }),
        )
      ).status,
    ).toBe(404);
    const photoPath = `/aftersales/${claimId}/photos/0`;
    expect(
      (
        await call(() =>
          photoLoader({ request: getRequest(photoPath, stranger), params: { claimId, index: "0" }, ...ctx }),
        )
      ).status,
    ).toBe(404);
    const photo = await call(() =>
      photoLoader({ request: getRequest(photoPath, shopper), params: { claimId, index: "0" }, ...ctx }),
    );
    expect(photo.status).toBe(200);
    expect(photo.headers.get("Content-Type")).toBe("image/png");
    const supplierPath = `/supplier/aftersales/${claimId}`;
    expect(
      (
        await call(() =>
          supplierLoader({ request: getRequest(supplierPath, otherStaff), params: { claimId }, ...ctx }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(() =>
          supplierAction({
            request: formRequest(supplierPath, { intent: "agree" }, otherStaff),
            params: { claimId },
            ...ctx,
          }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(() =>
          escalatedLoader({ request: getRequest("/official/aftersales", official), params: {}, ...ctx }),
        )
      ).status,
    ).toBe(403);

    // The supplier proposes ¥1.23; the shopper accepts; one refund of 123 fen.
    const proposed = await call(() =>
      supplierAction({
        request: formRequest(supplierPath, { intent: "propose", amount: "1.23" }, staff),
        params: { claimId },
        ...ctx,
      }),
    );
    expect(proposed.status).toBe(303);
    const accepted = await call(() =>
      claimAction({
        request: formRequest(claimPath, { intent: "accept" }, shopper),
        params: claimParams,
        ...ctx,
      }),
    );
    expect(accepted.status).toBe(303);
    const twice = await call(() =>
      claimAction({
        request: formRequest(claimPath, { intent: "accept" }, shopper),
        params: claimParams,
        ...ctx,
      }),
    );
    expect(twice.status).toBe(409);
    const refunds = await db.select().from(s.refunds).where(eq(s.refunds.orderId, order.orderId));
    expect(refunds.map((r) => r.amountFen)).toEqual([123]);
    const page = await call(() =>
      claimLoader({ request: getRequest(claimPath, shopper), params: claimParams, ...ctx }),
    );
    const { claim } = (await page.json()) as {
      claim: { status: string; description: string; events: unknown[] };
    };
    expect(claim.status).toBe("refunded");
    expect(claim.description).toBe("<b>压坏</b>"); // kept as typed; React renders it as text
    expect(claim.events).toHaveLength(3);
  });
});
