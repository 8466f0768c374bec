// The institutional journey through the real loaders and actions, as signed-in users: checkout
// for the organisation with bank transfer → transfer recorded → invoice uploaded by the supplier
// → accepted, confirmed, rated → completed on the progress page, its export and the officials'
// page. Scope: other organisations and other suppliers get 404, a member gets a clear refusal.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { seedDatabase } from "../../db/seed";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { addToCart } from "../models/ordering/cart.server";
import { loader as overviewLoader, action as overviewAction } from "./buyer._index";
import { loader as exportLoader } from "./buyer.export";
import { action as membersAction, loader as membersLoader } from "./buyer.members";
import { action as orderAction, loader as orderLoader } from "./buyer.orders.$number";
import { loader as invoiceLoader } from "./buyer.orders.$number.invoice.$partId";
import { action as checkoutAction } from "./checkout";
import { action as officialAction, loader as officialLoader } from "./official.organisations";
import { action as invoicesAction, loader as invoicesLoader } from "./supplier.invoices";
import { signIn, shippingAddress } from "../../tests/support/factories";

const shipping = shippingAddress({
  contactName: "刘红",
  contactMobile: "13800000003",
  detail: "示范区教育局 1 号",
});
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

let buyerAdmin: CookieJar,
  unionAdmin: CookieJar,
  unionMember: CookieJar,
  customer: CookieJar,
  staffX: CookieJar,
  staffY: CookieJar,
  district: CookieJar;
let buyerAdminId: string, staffXSupplier: string;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 40 });
  [buyerAdmin, unionAdmin, unionMember, customer, staffX, staffY, district] = await Promise.all(
    [
      "13800000003",
      "13800000031",
      "13800000032",
      "13800000001",
      "13800000004",
      "13800000005",
      "13800000006",
    ].map(signIn),
  );
  const users = await db.select().from(s.users);
  buyerAdminId = users.find((u) => u.mobile === "13800000003")!.id;
  staffXSupplier = users.find((u) => u.mobile === "13800000004")!.supplierId!;
});

async function cartWithSupplierXProduct(userId: string, quantity = 2) {
  const [v] = await db
    .select({ id: s.productVariants.id })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(and(eq(s.products.supplierId, staffXSupplier), eq(s.products.status, "active")))
    .orderBy(s.productVariants.sku)
    .limit(1);
  await db.update(s.productVariants).set({ stock: 1000 }).where(eq(s.productVariants.id, v.id));
  const added = await addToCart({ owner: { userId }, variantId: v.id, quantity });
  expect(added.ok).toBe(true);
}

function uploadRequest(partId: string, jar: CookieJar, bytes: Uint8Array = PDF, name = "发票.pdf") {
  const form = new FormData();
  form.set("partId", partId);
  form.set("invoice", new File([Buffer.from(bytes)], name, { type: "application/pdf" }));
  return new Request("http://localhost/supplier/invoices", {
    method: "POST",
    headers: { Cookie: jar.header() },
    body: form,
  });
}

const orderCall = (number: string, fields: Record<string, string>, jar: CookieJar) =>
  call(() =>
    orderAction({
      request: formRequest(`/buyer/orders/${number}`, fields, jar),
      params: { number },
      context: {},
    }),
  );
const orderPage = (number: string, jar: CookieJar) =>
  call(() =>
    orderLoader({ request: getRequest(`/buyer/orders/${number}`, jar), params: { number }, context: {} }),
  );

describe("guards", () => {
  it("the organisation pages are for buyer_admins, the invoices page for suppliers, the organisations page for officials", async () => {
    for (const loader of [overviewLoader, membersLoader, exportLoader]) {
      expect(
        (await call(() => loader({ request: getRequest("/buyer", customer), params: {}, context: {} })))
          .status,
      ).toBe(403);
    }
    expect(
      (
        await call(() =>
          invoicesLoader({ request: getRequest("/supplier/invoices", buyerAdmin), params: {}, context: {} }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await call(() =>
          officialLoader({
            request: getRequest("/official/organisations", buyerAdmin),
            params: {},
            context: {},
          }),
        )
      ).status,
    ).toBe(403);
    expect(
      (await call(() => overviewLoader({ request: getRequest("/buyer"), params: {}, context: {} }))).status,
    ).toBe(303);
  });

  it("a body that is not a form, or broken multipart, is a 400", async () => {
    const garbage = new Request("http://localhost/supplier/invoices", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=xyz", Cookie: staffX.header() },
      body: '--xyz\r\nContent-Disposition: form-data; name="invoice"; filename="a.pdf"\r\n\r\n%PDF-\r\n--xy',
    });
    expect((await call(() => invoicesAction({ request: garbage, params: {}, context: {} }))).status).toBe(
      400,
    );
    const json = new Request("http://localhost/buyer/orders/20260101-000001", {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: buyerAdmin.header() },
      body: "{}",
    });
    expect(
      (await call(() => orderAction({ request: json, params: { number: "20260101-000001" }, context: {} })))
        .status,
    ).toBe(400);
  });
});

describe("the institutional journey", () => {
  it("order for the organisation by bank transfer, record it, invoice, accept, confirm, rate → completed toward the target", async () => {
    await cartWithSupplierXProduct(buyerAdminId);
    const placed = await call(() =>
      checkoutAction({
        request: formRequest(
          "/checkout",
          { ...shipping, forOrganisation: "1", paymentMethod: "bank_transfer" },
          buyerAdmin,
        ),
        params: {},
        context: {},
      }),
    );
    expect(placed.status).toBe(303);
    const location = placed.headers.get("Location")!;
    expect(location).toMatch(/^\/buyer\/orders\/\d{8}-\d{6}$/);
    const number = location.split("/").pop()!;
    const [order] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, number));
    expect(order).toMatchObject({
      buyerKind: "budget_unit",
      paymentProvider: "bank_transfer",
      status: "pending_payment",
    });

    // The transfer instructions; another organisation's admin and a customer get 404.
    const page = await orderPage(number, buyerAdmin);
    expect(page.status).toBe(200);
    const data = (await page.json()) as {
      order: {
        canManage: boolean;
        transfer: { reference: string; amountFen: number; payee: { demo: boolean } };
      };
    };
    expect(data.order.canManage).toBe(true);
    expect(data.order.transfer).toMatchObject({ amountFen: order.totalFen, payee: { demo: true } });
    expect(data.order.transfer.reference).toMatch(/^DG/);
    expect((await orderPage(number, unionAdmin)).status).toBe(404);
    expect((await orderPage(number, customer)).status).toBe(404);

    const today = shanghaiDate(new Date());
    const yuan = (order.totalFen / 100).toFixed(2);
    const transfer = {
      intent: "transfer",
      bankReference: "BOC-2026-0001",
      amount: yuan,
      transferDate: today,
    };
    expect((await orderCall(number, transfer, unionAdmin)).status).toBe(404);
    const wrong = await orderCall(
      number,
      { ...transfer, amount: ((order.totalFen + 1) / 100).toFixed(2) },
      buyerAdmin,
    );
    expect(wrong.status).toBe(409);
    expect(await wrong.json()).toMatchObject({ error: "buyer.transfer.error.wrong_amount" });
    expect((await orderCall(number, { ...transfer, amount: "12.345" }, buyerAdmin)).status).toBe(400);
    const recorded = await orderCall(number, transfer, buyerAdmin);
    expect(recorded.status).toBe(303);
    expect((await db.select().from(s.orders).where(eq(s.orders.id, order.id)))[0].status).toBe("paid");

    // The supplier ships (h3's page; here directly), then uploads the invoice; the other supplier cannot.
    const [part] = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, order.id));
    await db.update(s.orderParts).set({ status: "shipped" }).where(eq(s.orderParts.id, part.id));
    const listed = (await (
      await call(() =>
        invoicesLoader({ request: getRequest("/supplier/invoices", staffX), params: {}, context: {} }),
      )
    ).json()) as { parts: { partId: string; taxNumber: string }[] };
    expect(listed.parts.find((p) => p.partId === part.id)).toMatchObject({ taxNumber: "11411200MB1234567X" });
    const listedY = (await (
      await call(() =>
        invoicesLoader({ request: getRequest("/supplier/invoices", staffY), params: {}, context: {} }),
      )
    ).json()) as { parts: { partId: string }[] };
    expect(listedY.parts.some((p) => p.partId === part.id)).toBe(false);
    expect(
      (await call(() => invoicesAction({ request: uploadRequest(part.id, staffY), params: {}, context: {} })))
        .status,
    ).toBe(404);
    const notPdf = await call(() =>
      invoicesAction({
        request: uploadRequest(part.id, staffX, new TextEncoder().encode("<html>"), "x.pdf"),
        params: {},
        context: {},
      }),
    );
    expect(notPdf.status).toBe(400);
    expect(
      (await call(() => invoicesAction({ request: uploadRequest(part.id, staffX), params: {}, context: {} })))
        .status,
    ).toBe(303);

    // The buyer downloads it; nobody else can.
    const invoicePath = `/buyer/orders/${number}/invoice/${part.id}`;
    const download = await call(() =>
      invoiceLoader({
        request: getRequest(invoicePath, buyerAdmin),
        params: { number, partId: part.id },
        context: {},
      }),
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    expect(
      (
        await call(() =>
          invoiceLoader({
            request: getRequest(invoicePath, unionAdmin),
            params: { number, partId: part.id },
            context: {},
          }),
        )
      ).status,
    ).toBe(404);

    // Accept, confirm, rate: complete.
    expect(
      (await orderCall(number, { intent: "rate", partId: part.id, rating: "5" }, buyerAdmin)).status,
    ).toBe(409);
    for (const fields of [
      { intent: "accept" },
      { intent: "confirm_invoice" },
      { intent: "rate", rating: "5", comment: "新鲜，准时" },
    ] as Record<string, string>[]) {
      expect((await orderCall(number, { ...fields, partId: part.id }, buyerAdmin)).status).toBe(303);
    }
    expect((await db.select().from(s.orders).where(eq(s.orders.id, order.id)))[0].status).toBe("completed");

    // Progress page, its CSV export and the officials' page show it completed toward the target.
    const overview = (await (
      await call(() => overviewLoader({ request: getRequest("/buyer", buyerAdmin), params: {}, context: {} }))
    ).json()) as {
      progress: { targetFen: number; paidFen: number; completedFen: number };
    };
    expect(overview.progress).toMatchObject({
      targetFen: 12_000_000,
      paidFen: order.totalFen,
      completedFen: order.totalFen,
    });
    const csv = await call(() =>
      exportLoader({ request: getRequest("/buyer/export?format=csv", buyerAdmin), params: {}, context: {} }),
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    expect(await csv.text()).toContain(yuan);
    const xlsx = await call(() =>
      exportLoader({ request: getRequest("/buyer/export?format=xlsx", buyerAdmin), params: {}, context: {} }),
    );
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
    const official = (await (
      await call(() =>
        officialLoader({ request: getRequest("/official/organisations", district), params: {}, context: {} }),
      )
    ).json()) as {
      organisations: { name: string; completedFen: number; completionBp: number }[];
    };
    expect(official.organisations.find((o) => o.name === "示范区教育局机关食堂")).toMatchObject({
      completedFen: order.totalFen,
      completionBp: Math.floor((order.totalFen * 10000) / 12_000_000),
    });
  });

  it("a union member orders for the union; they see the instructions but may not record the transfer", async () => {
    const [member] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000032"));
    await cartWithSupplierXProduct(member.id, 1);
    const placed = await call(() =>
      checkoutAction({
        request: formRequest(
          "/checkout",
          { ...shipping, forOrganisation: "1", paymentMethod: "bank_transfer" },
          unionMember,
        ),
        params: {},
        context: {},
      }),
    );
    expect(placed.status).toBe(303);
    const number = placed.headers.get("Location")!.split("/").pop()!;
    const page = (await (await orderPage(number, unionMember)).json()) as {
      order: { canManage: boolean; transfer: { reference: string } };
    };
    expect(page.order.canManage).toBe(false);
    const [order] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, number));
    const refused = await orderCall(
      number,
      {
        intent: "transfer",
        bankReference: "CCB-77",
        amount: (order.totalFen / 100).toFixed(2),
        transferDate: shanghaiDate(new Date()),
      },
      unionMember,
    );
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: "buyer.transfer.error.no_right" });
    expect((await db.select().from(s.orders).where(eq(s.orders.id, order.id)))[0].status).toBe(
      "pending_payment",
    );
    // Past the yearly amount: refused at checkout with what remains.
    await cartWithSupplierXProduct(member.id, 999);
    const over = await call(() =>
      checkoutAction({
        request: formRequest(
          "/checkout",
          { ...shipping, forOrganisation: "1", paymentMethod: "bank_transfer" },
          unionMember,
        ),
        params: {},
        context: {},
      }),
    );
    expect(over.status).toBe(409);
    expect(await over.json()).toMatchObject({ formError: { key: "checkout.error.allowance_exceeded" } });
  });
});

describe("members and organisation details", () => {
  it("invites by mobile, approves, removes; edits invoice details with validation", async () => {
    const post = (fields: Record<string, string>) =>
      call(() =>
        membersAction({
          request: formRequest("/buyer/members", fields, buyerAdmin),
          params: {},
          context: {},
        }),
      );
    expect((await post({ intent: "invite", login: "13999999999" })).status).toBe(409);
    expect((await post({ intent: "invite", login: "customer2@demo.test" })).status).toBe(303);
    expect((await post({ intent: "invite", login: "13800000002" })).status).toBe(409);
    const [c2] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000002"));
    expect((await post({ intent: "approve", userId: c2.id })).status).toBe(303);
    let members = (
      (await (
        await call(() =>
          membersLoader({ request: getRequest("/buyer/members", buyerAdmin), params: {}, context: {} }),
        )
      ).json()) as { members: { userId: string; status: string }[] }
    ).members;
    expect(members.find((m) => m.userId === c2.id)?.status).toBe("active");
    expect((await post({ intent: "remove", userId: buyerAdminId })).status).toBe(409);
    expect((await post({ intent: "remove", userId: c2.id })).status).toBe(303);
    members = (
      (await (
        await call(() =>
          membersLoader({ request: getRequest("/buyer/members", buyerAdmin), params: {}, context: {} }),
        )
      ).json()) as { members: { userId: string; status: string }[] }
    ).members;
    expect(members.find((m) => m.userId === c2.id)?.status).toBe("removed");
    // The union's admin sees each member's use of the yearly amount.
    const union = (
      (await (
        await call(() =>
          membersLoader({ request: getRequest("/buyer/members", unionAdmin), params: {}, context: {} }),
        )
      ).json()) as { members: { usedFen: number | null; remainingFen: number | null }[] }
    ).members;
    expect(union.every((m) => m.usedFen !== null && m.remainingFen === Math.max(0, 60_000 - m.usedFen))).toBe(
      true,
    );

    const details = (fields: Record<string, string>) =>
      call(() =>
        overviewAction({
          request: formRequest("/buyer", { intent: "details", ...fields }, buyerAdmin),
          params: {},
          context: {},
        }),
      );
    expect((await details({ invoiceTitle: "示范区教育局", taxNumber: "bad!" })).status).toBe(400);
    expect(
      (await details({ invoiceTitle: "示范区教育局（新）", taxNumber: "11411200mb1234567x" })).status,
    ).toBe(303);
    const [org] = await db
      .select()
      .from(s.buyerOrganisations)
      .where(eq(s.buyerOrganisations.name, "示范区教育局机关食堂"));
    expect(org).toMatchObject({ invoiceTitle: "示范区教育局（新）", taxNumber: "11411200MB1234567X" });
    expect(
      (
        await call(() =>
          overviewAction({
            request: formRequest(
              "/buyer",
              { intent: "target", year: "2027", amount: "1,500.50" },
              buyerAdmin,
            ),
            params: {},
            context: {},
          }),
        )
      ).status,
    ).toBe(303);
    const [target] = await db
      .select()
      .from(s.buyerTargets)
      .where(and(eq(s.buyerTargets.organisationId, org.id), eq(s.buyerTargets.year, 2027)));
    expect(target.targetFen).toBe(150_050);
  });
});

describe("targets on the officials' page", () => {
  it("an admin sets an organisation's target there; an official may not", async () => {
    const admin = await signIn("13800000009");
    const [org] = await db
      .select()
      .from(s.buyerOrganisations)
      .where(eq(s.buyerOrganisations.name, "示范区总工会"));
    const fields = { organisationId: org.id, year: "2028", amount: "88000" };
    expect(
      (
        await call(() =>
          officialAction({
            request: formRequest("/official/organisations", fields, district),
            params: {},
            context: {},
          }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await call(() =>
          officialAction({
            request: formRequest("/official/organisations", fields, admin),
            params: {},
            context: {},
          }),
        )
      ).status,
    ).toBe(303);
    const [target] = await db
      .select()
      .from(s.buyerTargets)
      .where(and(eq(s.buyerTargets.organisationId, org.id), eq(s.buyerTargets.year, 2028)));
    expect(target.targetFen).toBe(8_800_000);
  });
});
