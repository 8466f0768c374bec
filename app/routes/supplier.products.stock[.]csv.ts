// Supplier staff: their current stock as CSV (sku, stock, product, spec), the format the bulk
// stock form (/supplier/products/stock) accepts back. A resource route so that the plain link
// gets the file: served from the page route it answered 500 to a browser (issue 15, item 2).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/models/access/auth.server";
import { toCsv } from "~/lib/household-file";
import { listStockRows } from "~/models/catalog/supplier-catalog.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const rows = await listStockRows({ caller: user });
  const csv = toCsv([
    ["sku", "stock", "product", "spec"],
    ...rows.map((r) => [r.sku, r.stock, r.productName, r.spec]),
  ]);
  // toCsv already starts with the BOM: a second one made the first header "\uFEFFsku" in Excel.
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="stock.csv"',
      "Cache-Control": "no-store",
    },
  });
}
