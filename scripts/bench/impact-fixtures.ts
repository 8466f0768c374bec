// `npm run bench`, the issue 21 pages (its own process, as parts 4 and 7): makes what the public trace
// page and the certificate verification page show on the bench data set, through the models that
// suppliers and buyers use — a batch of a popular product recorded by its supplier's staff (trace
// code) and an impact certificate for a customer's paid order with the most lines. Reuses the ones a
// previous run made. Prints one JSON object: { traceCodes, certificateIds }.
//   tsx --tsconfig tsconfig.json scripts/bench/impact-fixtures.ts <database-url>
// DATA_DIR must be the bench server's (the inspection documents and the signing key live there).
import { sql } from "drizzle-orm";
import { openDatabase, rowsOf, type DatabaseHandle } from "../../db/client";

const [url] = process.argv.slice(2);
process.env.DATABASE_URL = url;
const handle = openDatabase(url);
(globalThis as typeof globalThis & { __xfbDatabase?: DatabaseHandle }).__xfbDatabase = handle;
const exec = async <T>(text: ReturnType<typeof sql>) => rowsOf<T>(await handle.db.execute(text));
const WANTED = 5;

try {
  const { createBatch } = await import("../../app/models/catalog/batches.server");
  const { issueCertificate } = await import("../../app/models/impact/certificates.server");

  // Trace codes: batches of the most sold products whose supplier has staff, one per product.
  const traceCodes = (
    await exec<{ code: string }>(sql`
      select b.code from product_batches b join products p on p.id = b.product_id
      order by p.sales_count desc, b.code limit ${WANTED}`)
  ).map((b) => b.code);
  if (traceCodes.length < WANTED) {
    const candidates = await exec<{ productId: string; userId: string; supplierId: string }>(sql`
      select p.id as "productId", u.id as "userId", u.supplier_id as "supplierId"
      from products p
      join lateral (select id, supplier_id from users where role = 'supplier_staff' and supplier_id = p.supplier_id
                    order by created_at limit 1) u on true
      where p.status = 'active' and not exists (select 1 from product_batches b where b.product_id = p.id)
      order by p.sales_count desc, p.id limit ${WANTED - traceCodes.length}`);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    for (const c of candidates) {
      const result = await createBatch({
        caller: { id: c.userId, role: "supplier_staff", supplierId: c.supplierId },
        productId: c.productId,
        producedOn: yesterday,
        quantity: 500,
        unit: "千克",
        document: {
          bytes: new TextEncoder().encode("%PDF-1.4\n% bench inspection report\n%%EOF\n"),
          originalName: "检测报告.pdf",
        },
      });
      if (!result.ok) throw new Error(`createBatch: ${result.code}`);
      traceCodes.push(result.code);
    }
  }

  // Certificates: customers' paid orders with the most lines (the most figures to recompute).
  const certificateIds = (
    await exec<{ id: string }>(
      sql`select id from impact_certificates where subject = 'order' order by id limit ${WANTED}`,
    )
  ).map((c) => c.id);
  if (certificateIds.length < WANTED) {
    const orders = await exec<{ orderNumber: string; userId: string }>(sql`
      select o.order_number as "orderNumber", u.id as "userId"
      from orders o join users u on u.id = o.user_id
      where o.paid_at is not null and o.status <> 'cancelled' and u.role = 'customer'
        and not exists (select 1 from impact_certificates c where c.order_id = o.id)
      order by (select count(*) from order_lines l where l.order_id = o.id) desc, o.order_number
      limit ${WANTED - certificateIds.length}`);
    for (const o of orders) {
      const issued = await issueCertificate({
        caller: { id: o.userId, role: "customer" },
        request: { kind: "order", orderNumber: o.orderNumber },
      });
      if (!issued.ok) throw new Error(`issueCertificate: ${issued.code}`);
      certificateIds.push(issued.id);
    }
  }
  console.log(JSON.stringify({ traceCodes, certificateIds }));
} catch (error) {
  console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  process.exitCode = 1;
} finally {
  await handle.close();
}
process.exit();
