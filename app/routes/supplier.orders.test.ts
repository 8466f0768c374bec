// The supplier's order pages, dashboard and reports, and the admins' refund screen, called as
// signed-in users: staff of B get 404 for every read and write of A's parts (direct URLs and form
// posts carrying A's ids) and nothing of A changes; officials get 403 on the refund screen.
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { formatFen } from "~/lib/money";
import { seedDatabase } from "../../db/seed";
import { addToCart } from "~/models/ordering/cart.server";
import { placeOrder } from "~/models/ordering/checkout.server";
import { completePayment } from "~/models/ordering/payments.server";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { action as adminOrderAction, loader as adminOrderLoader } from "./official.orders.$orderNumber";
import { loader as adminListLoader } from "./official.orders._index";
import { loader as dashboardLoader } from "./supplier._index";
import { action as partAction, loader as partLoader } from "./supplier.orders.$partId";
import { loader as packingLoader } from "./supplier.orders.$partId_.packing-list";
import { loader as listLoader } from "./supplier.orders._index";
import { loader as reportsLoader } from "./supplier.reports";
import { loader as reportExportLoader } from "./supplier.reports_.export";
import { signIn, shippingAddress } from "../../tests/support/factories";

const shipping = shippingAddress({
  contactName: "李四海",
  contactMobile: "13911112222",
  detail: "崤山路 8 号",
});

async function buyFrom(supplierId: string, quantity: number) {
  const [v] = await db
    .select({ id: s.productVariants.id })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(and(eq(s.products.supplierId, supplierId), eq(s.products.status, "active")))
    .orderBy(s.productVariants.sku)
    .limit(1);
  await db.update(s.productVariants).set({ stock: 500 }).where(eq(s.productVariants.id, v.id));
  const added = await addToCart({ owner: {}, variantId: v.id, quantity });
  if (!added.ok) throw new Error(added.code);
  const placed = await placeOrder({ owner: { cartId: added.cartId }, shipping });
  if (!placed.ok) throw new Error(placed.code);
  const paymentId = placed.paymentUrl.split("/").pop()!;
  await completePayment({
    provider: "demo",
    providerEventId: `demo:${paymentId}:pay`,
    paymentId,
    outcome: "succeeded",
  });
  const [part] = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, placed.orderId));
  const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
  return { orderNumber: placed.orderNumber, orderId: placed.orderId, part, line };
}

/** Everything of an order that a write could change. */
async function snapshot(orderId: string) {
  const parts = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, orderId));
  return {
    order: await db.select().from(s.orders).where(eq(s.orders.id, orderId)),
    parts,
    lines: await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, orderId)),
    shipments: await db
      .select()
      .from(s.shipments)
      .where(
        inArray(
          s.shipments.orderPartId,
          parts.map((p) => p.id),
        ),
      ),
    refunds: await db.select().from(s.refunds).where(eq(s.refunds.orderId, orderId)),
    ledger: await db.select().from(s.attributionEntries).where(eq(s.attributionEntries.orderId, orderId)),
  };
}

let staffA: CookieJar, staffB: CookieJar, customer: CookieJar, official: CookieJar, admin: CookieJar;
let supplierA: string, supplierB: string;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 80 });
  [staffA, staffB, customer, official, admin] = await Promise.all(
    ["13800000004", "13800000005", "13800000001", "13800000006", "13800000009"].map(signIn),
  );
  const users = await db
    .select()
    .from(s.users)
    .where(inArray(s.users.mobile, ["13800000004", "13800000005"]));
  supplierA = users.find((u) => u.mobile === "13800000004")!.supplierId!;
  supplierB = users.find((u) => u.mobile === "13800000005")!.supplierId!;
});

const ctx = { context: {} };
const partParams = (partId: string) => ({ partId });

describe("supplier order pages: scope", () => {
  it("staff of B get 404 for A's part, packing list and every form post carrying A's ids; nothing of A changes", async () => {
    const a = await buyFrom(supplierA, 2);
    const b = await buyFrom(supplierB, 1);
    const before = await snapshot(a.orderId);
    const path = `/supplier/orders/${a.part.id}`;

    expect(
      (
        await call(() =>
          partLoader({ request: getRequest(path, staffB), params: partParams(a.part.id), ...ctx }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(() =>
          packingLoader({
            request: getRequest(`${path}/packing-list`, staffB),
            params: partParams(a.part.id),
            ...ctx,
          }),
        )
      ).status,
    ).toBe(404);
    const posts: Record<string, string>[] = [
      { intent: "ship", carrier: "顺丰速运", trackingNumber: "SF123456789" },
      { intent: "deliver" },
      { intent: "refund", lineId: a.line.id, amount: "0.01", quantity: "", reason: "", key: "x1" },
      { intent: "refund", lineId: a.line.id, amount: "", quantity: "1", reason: "", key: "x2" },
    ];
    for (const fields of posts) {
      const response = await call(() =>
        partAction({ request: formRequest(path, fields, staffB), params: partParams(a.part.id), ...ctx }),
      );
      expect(response.status).toBe(404);
    }
    // B's own part in the URL, A's line in the form.
    const own = `/supplier/orders/${b.part.id}`;
    const mixed = await call(() =>
      partAction({
        request: formRequest(own, { intent: "refund", lineId: a.line.id, amount: "0.01", key: "x3" }, staffB),
        params: partParams(b.part.id),
        ...ctx,
      }),
    );
    expect(mixed.status).toBe(404);
    // Malformed ids answer the same.
    expect(
      (
        await call(() =>
          partLoader({
            request: getRequest("/supplier/orders/nope", staffB),
            params: partParams("nope"),
            ...ctx,
          }),
        )
      ).status,
    ).toBe(404);

    // Lists, dashboard and reports of B show nothing of A's order.
    const list = (await (
      await listLoader({ request: getRequest("/supplier/orders", staffB), params: {}, ...ctx })
    ).json()) as { rows: { id: string; orderNumber: string }[] };
    expect(list.rows.map((r) => r.id)).toContain(b.part.id);
    expect(list.rows.map((r) => r.id)).not.toContain(a.part.id);
    const dash = await (
      await dashboardLoader({ request: getRequest("/supplier", staffB), params: {}, ...ctx })
    ).text();
    expect(dash).not.toContain(a.orderNumber);
    const productA = a.line.productName;
    const report = await (
      await reportsLoader({ request: getRequest("/supplier/reports", staffB), params: {}, ...ctx })
    ).text();
    expect(report).not.toContain(productA);
    const csv = await (
      await reportExportLoader({
        request: getRequest("/supplier/reports/export?table=products&format=csv", staffB),
        params: {},
        ...ctx,
      })
    ).text();
    expect(csv).not.toContain(productA);

    expect(await snapshot(a.orderId)).toEqual(before);
  });

  it("customers and officials get 403 on supplier pages", async () => {
    for (const jar of [customer, official]) {
      expect(
        (await call(() => listLoader({ request: getRequest("/supplier/orders", jar), params: {}, ...ctx })))
          .status,
      ).toBe(403);
      expect(
        (await call(() => dashboardLoader({ request: getRequest("/supplier", jar), params: {}, ...ctx })))
          .status,
      ).toBe(403);
      expect(
        (
          await call(() =>
            reportsLoader({ request: getRequest("/supplier/reports", jar), params: {}, ...ctx }),
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await call(() =>
            reportExportLoader({
              request: getRequest("/supplier/reports/export?table=months&format=csv", jar),
              params: {},
              ...ctx,
            }),
          )
        ).status,
      ).toBe(403);
    }
  });
});

describe("supplier order pages: ship, deliver, refund", () => {
  it("ships with carrier and tracking number, marks delivered, refunds; over-refund refused with what remains", async () => {
    const a = await buyFrom(supplierA, 2);
    const path = `/supplier/orders/${a.part.id}`;
    const page = (await (
      await partLoader({ request: getRequest(path, staffA), params: partParams(a.part.id), ...ctx })
    ).json()) as {
      part: { contactName: string; shippingAddress: { detail: string }; canShip: boolean };
    };
    expect(page.part).toMatchObject({
      contactName: "李四海",
      shippingAddress: { detail: "崤山路 8 号" },
      canShip: true,
    });
    const packing = await (
      await packingLoader({
        request: getRequest(`${path}/packing-list`, staffA),
        params: partParams(a.part.id),
        ...ctx,
      })
    ).json();
    expect(JSON.stringify(packing)).toContain(a.orderNumber);

    const badTracking = await call(() =>
      partAction({
        request: formRequest(path, { intent: "ship", carrier: "顺丰速运", trackingNumber: "单号" }, staffA),
        params: partParams(a.part.id),
        ...ctx,
      }),
    );
    expect(badTracking.status).toBe(400);
    expect(await badTracking.json()).toMatchObject({
      fieldErrors: { trackingNumber: "fulfil.error.invalid_tracking" },
    });

    const shipped = await call(() =>
      partAction({
        request: formRequest(
          path,
          { intent: "ship", carrier: "顺丰速运", trackingNumber: "SF20261123001" },
          staffA,
        ),
        params: partParams(a.part.id),
        ...ctx,
      }),
    );
    expect(shipped.status).toBe(303);
    expect(shipped.headers.get("Location")).toBe(path);
    const [shipment] = await db.select().from(s.shipments).where(eq(s.shipments.orderPartId, a.part.id));
    expect(shipment).toMatchObject({ carrier: "顺丰速运", trackingNumber: "SF20261123001" });
    const again = await call(() =>
      partAction({
        request: formRequest(
          path,
          { intent: "ship", carrier: "顺丰速运", trackingNumber: "SF20261123002" },
          staffA,
        ),
        params: partParams(a.part.id),
        ...ctx,
      }),
    );
    expect(again.status).toBe(409);

    const remaining = a.line.lineTotalFen;
    const over = await call(() =>
      partAction({
        request: formRequest(
          path,
          { intent: "refund", lineId: a.line.id, amount: ((remaining + 1) / 100).toFixed(2), key: "r0" },
          staffA,
        ),
        params: partParams(a.part.id),
        ...ctx,
      }),
    );
    expect(over.status).toBe(409);
    expect(await over.json()).toMatchObject({
      error: { key: "fulfil.error.exceeds_refundable", vars: { amount: formatFen(remaining) } },
    });
    const bad = await call(() =>
      partAction({
        request: formRequest(
          path,
          { intent: "refund", lineId: a.line.id, amount: "1.234", key: "r1" },
          staffA,
        ),
        params: partParams(a.part.id),
        ...ctx,
      }),
    );
    expect(bad.status).toBe(400);
    const badQuantity = await call(() =>
      partAction({
        request: formRequest(
          path,
          { intent: "refund", lineId: a.line.id, quantity: "abc", key: "r1" },
          staffA,
        ),
        params: partParams(a.part.id),
        ...ctx,
      }),
    );
    expect(badQuantity.status).toBe(400);
    expect(await badQuantity.json()).toMatchObject({
      form: "refund",
      error: { key: "fulfil.error.bad_amount" },
    });
    expect((await db.select().from(s.refunds).where(eq(s.refunds.orderId, a.orderId))).length).toBe(0);

    const half = Math.floor(remaining / 2);
    const refunded = await call(() =>
      partAction({
        request: formRequest(
          path,
          {
            intent: "refund",
            lineId: a.line.id,
            amount: `${Math.floor(half / 100)}.${String(half % 100).padStart(2, "0")}`,
            quantity: "",
            reason: "少发",
            key: "r2",
          },
          staffA,
        ),
        params: partParams(a.part.id),
        ...ctx,
      }),
    );
    expect(refunded.status).toBe(303);
    const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.id, a.line.id));
    expect(line.refundedFen).toBe(half);

    const delivered = await call(() =>
      partAction({
        request: formRequest(path, { intent: "deliver" }, staffA),
        params: partParams(a.part.id),
        ...ctx,
      }),
    );
    expect(delivered.status).toBe(303);
    expect((await db.select().from(s.orders).where(eq(s.orders.id, a.orderId)))[0].status).toBe("delivered");

    const list = (await (
      await listLoader({
        request: getRequest("/supplier/orders?status=delivered", staffA),
        params: {},
        ...ctx,
      })
    ).json()) as { rows: { id: string; status: string }[] };
    expect(list.rows.map((r) => r.id)).toContain(a.part.id);
    expect(list.rows.every((r) => r.status === "delivered")).toBe(true);
  });

  it("exports the reports as CSV (UTF-8 with BOM) and XLSX, households masked", async () => {
    await buyFrom(supplierA, 1);
    const csv = await reportExportLoader({
      request: getRequest("/supplier/reports/export?table=beneficiaries&format=csv", staffA),
      params: {},
      ...ctx,
    });
    expect(csv.headers.get("Content-Type")).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const households = await db.select({ headName: s.households.headName }).from(s.households);
    for (const h of households) if (Array.from(h.headName).length > 1) expect(text).not.toContain(h.headName);
    expect(text.split("\r\n").length).toBeGreaterThan(2);
    const xlsx = await reportExportLoader({
      request: getRequest("/supplier/reports/export?table=months&format=xlsx", staffA),
      params: {},
      ...ctx,
    });
    expect(xlsx.headers.get("Content-Type")).toMatch(/spreadsheetml/);
    expect(
      (
        await call(() =>
          reportExportLoader({
            request: getRequest("/supplier/reports/export?table=other&format=csv", staffA),
            params: {},
            ...ctx,
          }),
        )
      ).status,
    ).toBe(400);
  });
});

describe("admin refund screen", () => {
  it("officials get 403 on the list, the detail and the refund post; admins search, open and refund", async () => {
    const a = await buyFrom(supplierA, 3);
    const path = `/official/orders/${a.orderNumber}`;
    const params = { orderNumber: a.orderNumber };
    expect(
      (
        await call(() =>
          adminListLoader({ request: getRequest("/official/orders", official), params: {}, ...ctx }),
        )
      ).status,
    ).toBe(403);
    expect(
      (await call(() => adminOrderLoader({ request: getRequest(path, official), params, ...ctx }))).status,
    ).toBe(403);
    const byOfficial = await call(() =>
      adminOrderAction({
        request: formRequest(
          path,
          { intent: "refund", lineId: a.line.id, amount: "0.01", key: "o1" },
          official,
        ),
        params,
        ...ctx,
      }),
    );
    expect(byOfficial.status).toBe(403);
    expect((await db.select().from(s.refunds).where(eq(s.refunds.orderId, a.orderId))).length).toBe(0);

    const list = (await (
      await adminListLoader({
        request: getRequest(`/official/orders?q=${a.orderNumber}`, admin),
        params: {},
        ...ctx,
      })
    ).json()) as { rows: { orderNumber: string }[] };
    expect(list.rows.map((r) => r.orderNumber)).toEqual([a.orderNumber]);
    expect(
      (
        await call(() =>
          adminOrderLoader({
            request: getRequest("/official/orders/20000101-000001", admin),
            params: { orderNumber: "20000101-000001" },
            ...ctx,
          }),
        )
      ).status,
    ).toBe(404);

    const refund = await call(() =>
      adminOrderAction({
        request: formRequest(path, { intent: "refund", lineId: a.line.id, quantity: "1", key: "a1" }, admin),
        params,
        ...ctx,
      }),
    );
    expect(refund.status).toBe(303);
    const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.id, a.line.id));
    expect(line).toMatchObject({ refundedFen: a.line.unitPriceFen, refundedQuantity: 1 });
    const [r] = await db.select().from(s.refunds).where(eq(s.refunds.orderId, a.orderId));
    const [adminUser] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000009"));
    expect(r.requestedBy).toBe(adminUser.id);
  });
});
