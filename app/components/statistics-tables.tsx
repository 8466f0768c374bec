// The statistics tables (DESIGN.md §3 "Statistics"): one definition per table serves the
// dashboard page and its CSV/XLSX exports, so an export always holds exactly what the page shows
// (the not-reached list whole, not one page). Money columns carry integer fen; the export writes
// them as yuan and says so in the header.
import { DataTable } from "~/components/data-table";
import { localized, translate, type Locale, type MessageKey } from "~/lib/i18n";
import { INCOME_TYPE_LABELS } from "../../core/mechanisms";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import type { NotReachedHousehold, StatTable, Statistics } from "~/models/impact/statistics.server";

/** A column of a table (the same shape as ~/lib/table-export.server's ExportColumn). */
export type ExportColumn = { key: string; header: string; type?: "text" | "count" | "fen" };
export type ExportRow = Record<string, string | number | null>;

export type Table = { title: string; columns: ExportColumn[]; rows: ExportRow[] };

function percent(part: number, whole: number): string {
  return whole ? `${((part * 100) / whole).toFixed(1)}%` : "—";
}

export function statTable(
  table: StatTable,
  locale: Locale,
  st: Statistics | null,
  notReached: NotReachedHousehold[] | null,
): Table {
  const t = (key: MessageKey) => translate(locale, key);
  const sales: ExportColumn[] = [
    { key: "assistedSalesFen", header: t("stats.assistedSales"), type: "fen" },
    { key: "otherSalesFen", header: t("stats.otherSales"), type: "fen" },
  ];
  const reach: ExportColumn[] = [
    { key: "householdsReached", header: t("stats.householdsReached"), type: "count" },
    { key: "personsReached", header: t("stats.personsReached"), type: "count" },
    { key: "attributedIncomeFen", header: t("stats.attributedIncome"), type: "fen" },
  ];
  const title = t(`stats.table.${table}` as MessageKey);
  const s = st!;
  switch (table) {
    case "town":
      return {
        title,
        columns: [
          { key: "code", header: t("stats.col.townCode") },
          { key: "name", header: t("stats.col.town") },
          ...sales,
          { key: "orders", header: t("stats.orders"), type: "count" },
          ...reach,
          { key: "villageCollectiveIncomeFen", header: t("stats.collectiveIncome"), type: "fen" },
        ],
        rows: s.byTown.map((r) => ({ ...r, name: localized(locale, r.name, r.nameEn) })),
      };
    case "village":
      return {
        title,
        columns: [
          { key: "code", header: t("stats.col.villageCode") },
          { key: "name", header: t("stats.col.village") },
          { key: "townName", header: t("stats.col.town") },
          ...sales,
          ...reach,
          { key: "villageCollectiveIncomeFen", header: t("stats.collectiveIncome"), type: "fen" },
        ],
        rows: s.byVillage.map((r) => ({
          ...r,
          name: localized(locale, r.name, r.nameEn),
          townName: localized(locale, r.townName, r.townNameEn),
        })),
      };
    case "category":
      return {
        title,
        columns: [
          { key: "name", header: t("stats.col.category") },
          ...sales,
          { key: "quantity", header: t("stats.quantity"), type: "count" },
        ],
        rows: s.byCategory.map((r) => ({
          name: localized(locale, r.name, r.nameEn),
          assistedSalesFen: r.assistedSalesFen,
          otherSalesFen: r.otherSalesFen,
          quantity: r.quantity,
        })),
      };
    case "supplierKind":
      return {
        title,
        columns: [{ key: "kind", header: t("stats.col.kind") }, ...sales],
        rows: s.bySupplierKind.map((r) => ({ ...r, kind: t(`stats.supplierKind.${r.kind}` as MessageKey) })),
      };
    case "buyerKind":
      return {
        title,
        columns: [
          { key: "kind", header: t("stats.col.kind") },
          ...sales,
          { key: "orders", header: t("stats.orders"), type: "count" },
          { key: "buyers", header: t("stats.buyers"), type: "count" },
        ],
        rows: s.byBuyerKind.map((r) => ({ ...r, kind: t(`stats.buyerKind.${r.kind}` as MessageKey) })),
      };
    case "householdKind":
      return {
        title,
        columns: [{ key: "kind", header: t("stats.col.kind") }, ...reach],
        rows: s.byHouseholdKind.map((r) => ({ ...r, kind: t(`stats.householdKind.${r.kind}`) })),
      };
    case "incomeType":
      return {
        title,
        columns: [
          { key: "incomeType", header: t("stats.col.incomeType") },
          { key: "amountFen", header: t("stats.amount"), type: "fen" },
        ],
        rows: s.byIncomeType.map((r) => ({
          incomeType:
            locale === "en" ? INCOME_TYPE_LABELS[r.incomeType].en : INCOME_TYPE_LABELS[r.incomeType].zh,
          amountFen: r.amountFen,
        })),
      };
    case "monthly":
      return {
        title,
        columns: [
          { key: "month", header: t("stats.col.month") },
          ...sales,
          { key: "orders", header: t("stats.orders"), type: "count" },
          { key: "attributedIncomeFen", header: t("stats.attributedIncome"), type: "fen" },
        ],
        rows: s.monthly,
      };
    case "coverage":
      return {
        title,
        columns: [
          { key: "kind", header: t("stats.col.kind") },
          { key: "registered", header: t("stats.registered"), type: "count" },
          { key: "reached", header: t("stats.reached"), type: "count" },
          { key: "share", header: t("stats.share") },
        ],
        rows: s.coverage.map((r) => ({
          kind: t(`stats.householdKind.${r.kind}`),
          registered: r.registered,
          reached: r.reached,
          share: percent(r.reached, r.registered),
        })),
      };
    case "notReached":
      return {
        title,
        columns: [
          { key: "registryCode", header: t("stats.col.registryCode") },
          { key: "maskedName", header: t("stats.col.headName") },
          { key: "kind", header: t("stats.col.kind") },
          { key: "members", header: t("stats.col.members"), type: "count" },
          { key: "villageName", header: t("stats.col.village") },
          { key: "townName", header: t("stats.col.town") },
        ],
        rows: (notReached ?? []).map((r) => ({
          registryCode: r.registryCode,
          maskedName: r.maskedName,
          kind: t(`stats.householdKind.${r.kind}`),
          members: r.members,
          villageName: localized(locale, r.villageName, r.villageNameEn),
          townName: localized(locale, r.townName, r.townNameEn),
        })),
      };
  }
}

function cell(column: ExportColumn, value: ExportRow[string]): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number")
    return column.type === "fen" ? formatFen(value) : new Intl.NumberFormat("zh-CN").format(value);
  return value;
}

export function StatisticsTable({
  id,
  table,
  exportHref,
  footer,
}: {
  id: StatTable;
  table: Table;
  exportHref: (table: StatTable, format: string) => string;
  footer?: React.ReactNode;
}) {
  const t = useT();
  return (
    <section aria-labelledby={`table-${id}`} className="mt-8">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h2 id={`table-${id}`} className="text-lg font-semibold">
          {table.title}
        </h2>
        <p className="flex items-center gap-2 text-sm">
          <span className="text-stone-500">{t("stats.export")}</span>
          {(["csv", "xlsx"] as const).map((format) => (
            <a
              key={format}
              href={exportHref(id, format)}
              download
              aria-label={t("stats.export.label", { table: table.title, format: format.toUpperCase() })}
              className="rounded border border-stone-300 px-2 py-1 hover:border-brand-600 hover:text-brand-700"
            >
              {t(`stats.export.${format}`)}
            </a>
          ))}
        </p>
      </div>
      <DataTable
        className="mt-2"
        headers={table.columns.map((c) => ({ key: c.key, label: c.header, numeric: Boolean(c.type) }))}
        empty={t("stats.empty")}
      >
        {table.rows.map((row, i) => (
          <tr key={i}>
            {table.columns.map((c, j) =>
              j === 0 ? (
                <th key={c.key} scope="row" className="px-3 py-2 text-left font-normal">
                  {cell(c, row[c.key])}
                </th>
              ) : (
                <td key={c.key} className={`px-3 py-2 ${c.type ? "text-right tabular-nums" : ""}`}>
                  {cell(c, row[c.key])}
                </td>
              ),
            )}
          </tr>
        ))}
      </DataTable>
      {footer}
    </section>
  );
}
