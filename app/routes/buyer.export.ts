// The organisation's progress for a year as CSV or XLSX: one row per month and one per supplier.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireRole } from "~/models/access/auth.server";
import { localeFromRequest, translate } from "~/lib/i18n";
import { exportTable } from "~/lib/table-export.server";
import { getBuyerOverview } from "~/models/institutions/institutions.server";
import { shanghaiYear } from "~/lib/dates";
import { invariantResponse } from "~/lib/invariant";

const Query = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .catch(() => shanghaiYear()),
  format: z.enum(["csv", "xlsx"]).catch("csv"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["buyer_admin"]);
  const { year, format } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const overview = await getBuyerOverview({ caller: user, year });
  invariantResponse(overview, "Not found", { status: 404 });
  const { organisation, progress } = overview;
  const locale = localeFromRequest(request);
  const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
    translate(locale, key, vars);
  const rows = [
    ...progress.byMonth.map((m) => ({
      group: t("buyer.byMonth"),
      name: t("buyer.monthN", { month: m.month }),
      ordered: m.orderedFen,
      paid: m.paidFen,
      completed: m.completedFen,
    })),
    ...progress.bySupplier.map((r) => ({
      group: t("buyer.bySupplier"),
      name: r.supplierName,
      ordered: r.orderedFen,
      paid: r.paidFen,
      completed: r.completedFen,
    })),
    {
      group: t("officialOrgs.total"),
      name: String(year),
      ordered: progress.orderedFen,
      paid: progress.paidFen,
      completed: progress.completedFen,
    },
  ];
  return exportTable({
    filename: t("buyer.export.filename", { name: organisation.name, year }),
    format,
    sheetName: String(year),
    columns: [
      { key: "group", header: t("buyer.progress", { year }) },
      { key: "name", header: `${t("buyer.month")} / ${t("buyer.supplier")}` },
      { key: "ordered", header: t("buyer.ordered"), type: "fen" },
      { key: "paid", header: t("buyer.paid"), type: "fen" },
      { key: "completed", header: t("buyer.completed"), type: "fen" },
    ],
    rows,
  });
}
