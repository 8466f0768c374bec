// Batches and trace codes: staff record a batch of their own product only, with a document checked
// by content; the code is 10 random Crockford base32 characters; another supplier's batch id is
// "not found"; shipping a part records each line's latest batch; the public trace shows the
// batch and an aggregate under the privacy floor, and an unknown code, a malformed one and one
// whose producer is suspended all answer the same null.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import { buyAndPay, demoMobile } from "../../../tests/support/factories";
import type { Caller } from "../access/scope.server";
import { forgetSupplierReach } from "../impact/reach.server";
import { shipOrderPart } from "../ordering/fulfilment.server";
import { createBatch, getBatch, listBatches, publicTrace, traceDocument } from "./batches.server";

const pdf = (text = "inspection report") => ({
  bytes: new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`),
  originalName: "检测报告.pdf",
});

let staffA: Caller, staffB: Caller;
let productA: string, productB: string, variantA: string;

async function account(key: string): Promise<Caller> {
  const [u] = await db
    .select({ id: s.users.id, role: s.users.role, supplierId: s.users.supplierId })
    .from(s.users)
    .where(eq(s.users.mobile, demoMobile(key)));
  return u;
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 120 });
  [staffA, staffB] = await Promise.all([account("supplierStaff"), account("supplierStaffB")]);
  const first = async (supplierId: string) => {
    const [row] = await db
      .select({ productId: s.products.id, variantId: s.productVariants.id })
      .from(s.products)
      .innerJoin(s.productVariants, eq(s.productVariants.productId, s.products.id))
      .where(
        and(
          eq(s.products.supplierId, supplierId),
          eq(s.products.status, "active"),
          eq(s.productVariants.active, true),
        ),
      )
      .orderBy(s.productVariants.sku)
      .limit(1);
    await db.update(s.productVariants).set({ stock: 500 }).where(eq(s.productVariants.id, row.variantId));
    return row;
  };
  const a = await first(staffA.supplierId!);
  const b = await first(staffB.supplierId!);
  productA = a.productId;
  variantA = a.variantId;
  productB = b.productId;
});

describe("recording batches", () => {
  it("records a batch of one's own product and gives a random code", async () => {
    const result = await createBatch({
      caller: staffA,
      productId: productA,
      producedOn: "2026-09-01",
      quantity: 800,
      unit: "千克",
      document: pdf(),
      now: new Date("2026-09-02T10:00:00+08:00"),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    const [row] = await db.select().from(s.productBatches).where(eq(s.productBatches.id, result.id));
    expect(row).toMatchObject({
      supplierId: staffA.supplierId,
      quantity: 800,
      unit: "千克",
      producedOn: "2026-09-01",
    });
  });

  it("refuses bad input and another supplier's product, storing nothing", async () => {
    const count = async () => (await db.select().from(s.productBatches)).length;
    const before = await count();
    const base = {
      caller: staffA,
      productId: productA,
      producedOn: "2026-09-01",
      quantity: 10,
      unit: "箱",
      document: pdf(),
      now: new Date("2026-09-02T10:00:00+08:00"),
    };
    expect(await createBatch({ ...base, productId: productB })).toEqual({
      ok: false,
      code: "product_not_found",
    });
    expect(await createBatch({ ...base, producedOn: "2026-09-03" })).toEqual({ ok: false, code: "bad_date" });
    expect(await createBatch({ ...base, quantity: 0 })).toEqual({ ok: false, code: "bad_quantity" });
    expect(await createBatch({ ...base, unit: " " })).toEqual({ ok: false, code: "bad_unit" });
    expect(await createBatch({ ...base, document: null })).toEqual({ ok: false, code: "document_missing" });
    // A file named .pdf that is not one: the content decides.
    expect(
      await createBatch({
        ...base,
        document: { bytes: new TextEncoder().encode("<html>not a pdf</html>"), originalName: "a.pdf" },
      }),
    ).toEqual({ ok: false, code: "document_type" });
    expect(await createBatch({ ...base, caller: { id: staffA.id, role: "customer" } })).toEqual({
      ok: false,
      code: "forbidden",
    });
    expect(await count()).toBe(before);
  });

  it("keeps each supplier's batches to itself", async () => {
    const [mine] = await listBatches({ caller: staffA });
    expect(await getBatch({ caller: staffA, id: mine.id })).not.toBeNull();
    expect(await getBatch({ caller: staffB, id: mine.id })).toBeNull();
    expect(await listBatches({ caller: staffB })).toEqual([]);
  });

  it("two batches recorded at once get two codes", async () => {
    const make = () =>
      createBatch({
        caller: staffA,
        productId: productA,
        producedOn: "2026-08-01",
        quantity: 5,
        unit: "箱",
        document: pdf("older"),
        now: new Date("2026-09-03T10:00:00+08:00"),
      });
    const [x, y] = await Promise.all([make(), make()]);
    expect(x.ok && y.ok && x.code !== y.code).toBe(true);
  });
});

describe("batches on order lines", () => {
  it("ships each line with its product's latest batch recorded by then", async () => {
    const placed = await buyAndPay({
      items: [{ variantId: variantA, quantity: 1 }],
      paidAt: new Date("2026-09-05T10:00:00+08:00"),
    });
    const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
    const shipped = await shipOrderPart({
      caller: staffA,
      partId: line.orderPartId,
      carrier: "顺丰速运",
      trackingNumber: "SF1234567890",
      now: new Date("2026-09-06T10:00:00+08:00"),
    });
    expect(shipped.ok).toBe(true);
    const [after] = await db.select().from(s.orderLines).where(eq(s.orderLines.id, line.id));
    // Latest production date wins (2026-09-01 over the two of 2026-08-01).
    const [latest] = await db
      .select()
      .from(s.productBatches)
      .where(and(eq(s.productBatches.productId, productA), eq(s.productBatches.producedOn, "2026-09-01")));
    expect(after.batchId).toBe(latest.id);
  });
});

describe("public trace", () => {
  it("shows the batch, its origin and an aggregate under the floor", async () => {
    forgetSupplierReach();
    const [mine] = await listBatches({ caller: staffA });
    const trace = await publicTrace({ code: mine.code.toLowerCase() });
    expect(trace).not.toBeNull();
    expect(trace!.code).toBe(mine.code);
    expect(trace!.villageName).toBeTruthy();
    expect(trace!.townName).toBeTruthy();
    const reached = trace!.householdsReached;
    expect(reached === "<5" || reached === 0 || reached >= 5).toBe(true);
    expect(JSON.stringify(trace)).not.toContain("document_path");
    expect(JSON.stringify(trace)).not.toContain("batches/");
    const document = await traceDocument({ code: mine.code });
    expect(new TextDecoder().decode(document!.bytes.subarray(0, 5))).toBe("%PDF-");
  });

  it("answers null alike for unknown, malformed and suspended-producer codes", async () => {
    const [mine] = await listBatches({ caller: staffA });
    expect(await publicTrace({ code: "ZZZZZZZZZZ" })).toBeNull();
    expect(await publicTrace({ code: "../../etc" })).toBeNull();
    expect(await traceDocument({ code: "ZZZZZZZZZZ" })).toBeNull();
    await db.update(s.suppliers).set({ status: "suspended" }).where(eq(s.suppliers.id, staffA.supplierId!));
    expect(await publicTrace({ code: mine.code })).toBeNull();
    expect(await traceDocument({ code: mine.code })).toBeNull();
    await db.update(s.suppliers).set({ status: "active" }).where(eq(s.suppliers.id, staffA.supplierId!));
  });
});
