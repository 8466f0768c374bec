// The household income statement (入户算账) in its three forms from one definition: the printable
// page (A4 print styles hide the portal around it), the PDF worksheet and the workbook sheets, so
// a file always says exactly what the page says. Amounts are integer fen throughout.
import { translate, type Locale } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import type { Worksheet, WorkbookSheet } from "~/lib/worksheet.server";
import type { HouseholdStatement } from "~/models/impact/household-statements.server";
import { INCOME_TYPES, INCOME_TYPE_LABELS, MECHANISM_LABELS } from "../../core/mechanisms";

function label(locale: Locale, l: { zh: string; en: string }): string {
  return locale === "en" ? l.en : l.zh;
}

function validity(from: string, until: string | null): string {
  return `${from} ~ ${until ?? "—"}`;
}

/** The worksheet of one statement (PDF page). */
export function statementWorksheet(st: HouseholdStatement, locale: Locale): Worksheet {
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const h = st.household;
  return {
    title: t("hhs.title"),
    facts: [
      [t("hhs.fact.registryCode"), h.registryCode],
      [t("hhs.fact.headName"), h.headName],
      [t("hhs.fact.idCard"), h.idCardMasked],
      [t("hhs.fact.members"), String(h.memberCount)],
      [t("hhs.fact.place"), `${h.townName} / ${h.villageName}`],
      [t("hhs.fact.kind"), translate(locale, `registry.kind.${h.kind}`)],
      [t("hhs.fact.period"), `${st.period.from} ~ ${st.period.to}`],
      [t("hhs.fact.total"), formatFen(st.totalFen)],
      [t("hhs.fact.perPerson"), formatFen(st.perPersonFen)],
      [t("hhs.fact.reversed"), formatFen(st.reversalsFen)],
    ],
    tables: [
      {
        caption: t("hhs.byMonth"),
        columns: [
          { header: t("hhs.col.month") },
          ...INCOME_TYPES.map((type) => ({
            header: label(locale, INCOME_TYPE_LABELS[type]),
            type: "fen" as const,
          })),
          { header: t("hhs.col.total"), type: "fen" },
        ],
        rows: st.months.map((m) => [m.month, ...INCOME_TYPES.map((type) => m.byType[type]), m.totalFen]),
        totals: [t("hhs.col.total"), ...INCOME_TYPES.map((type) => st.totals[type]), st.totalFen],
      },
      {
        caption: t("hhs.sources"),
        empty: t("hhs.noSources"),
        columns: [
          { header: t("hhs.col.supplier") },
          { header: t("hhs.col.mechanism") },
          { header: t("hhs.col.incomeType") },
          { header: t("hhs.col.validity") },
          { header: t("hhs.col.sales"), type: "fen" },
          { header: t("hhs.col.reversals"), type: "fen" },
          { header: t("hhs.col.net"), type: "fen" },
        ],
        rows: st.sources.map((src) => [
          src.supplierName,
          label(locale, MECHANISM_LABELS[src.mechanism]),
          label(locale, INCOME_TYPE_LABELS[src.incomeType]),
          validity(src.validFrom, src.validUntil),
          src.salesFen,
          src.reversalsFen,
          src.netFen,
        ]),
        totals: st.sources.length
          ? [t("hhs.col.total"), "", "", "", st.salesFen, st.reversalsFen, st.totalFen]
          : undefined,
      },
      {
        caption: t("hhs.reversals"),
        empty: t("hhs.noReversals"),
        columns: [
          { header: t("hhs.col.saleDate") },
          { header: t("hhs.col.recordedOn") },
          { header: t("hhs.col.supplier") },
          { header: t("hhs.col.incomeType") },
          { header: t("hhs.col.amount"), type: "fen" },
        ],
        rows: st.reversals.map((r) => [
          r.saleDate,
          r.recordedOn,
          r.supplierName,
          label(locale, INCOME_TYPE_LABELS[r.incomeType]),
          r.amountFen,
        ]),
      },
    ],
    signatures: [t("hhs.sign.head"), t("hhs.sign.accountant"), t("hhs.sign.village"), t("hhs.sign.date")],
    footnote: t("hhs.footnote"),
  };
}

/** The workbook of one or many statements: rows per household on three sheets. */
export function statementSheets(statements: HouseholdStatement[], locale: Locale): WorkbookSheet[] {
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const who = [
    { key: "registryCode", header: t("hhs.col.registryCode") },
    { key: "headName", header: t("hhs.col.headName") },
    { key: "village", header: t("hhs.col.village") },
  ];
  const whoOf = (st: HouseholdStatement) => ({
    registryCode: st.household.registryCode,
    headName: st.household.headName,
    village: st.household.villageName,
  });
  return [
    {
      name: t("hhs.sheet.months"),
      columns: [
        ...who,
        { key: "kind", header: t("hhs.col.kind") },
        { key: "month", header: t("hhs.col.month") },
        ...INCOME_TYPES.map((type) => ({
          key: type,
          header: label(locale, INCOME_TYPE_LABELS[type]),
          type: "fen" as const,
        })),
        { key: "total", header: t("hhs.col.total"), type: "fen" },
      ],
      rows: statements.flatMap((st) => [
        ...st.months.map((m) => ({
          ...whoOf(st),
          kind: translate(locale, `registry.kind.${st.household.kind}`),
          month: m.month,
          ...m.byType,
          total: m.totalFen,
        })),
        {
          ...whoOf(st),
          kind: translate(locale, `registry.kind.${st.household.kind}`),
          month: t("hhs.col.total"),
          ...st.totals,
          total: st.totalFen,
        },
      ]),
    },
    {
      name: t("hhs.sheet.sources"),
      columns: [
        ...who,
        { key: "supplier", header: t("hhs.col.supplier") },
        { key: "mechanism", header: t("hhs.col.mechanism") },
        { key: "incomeType", header: t("hhs.col.incomeType") },
        { key: "validity", header: t("hhs.col.validity") },
        { key: "sales", header: t("hhs.col.sales"), type: "fen" },
        { key: "reversals", header: t("hhs.col.reversals"), type: "fen" },
        { key: "net", header: t("hhs.col.net"), type: "fen" },
      ],
      rows: statements.flatMap((st) =>
        st.sources.map((src) => ({
          ...whoOf(st),
          supplier: src.supplierName,
          mechanism: label(locale, MECHANISM_LABELS[src.mechanism]),
          incomeType: label(locale, INCOME_TYPE_LABELS[src.incomeType]),
          validity: validity(src.validFrom, src.validUntil),
          sales: src.salesFen,
          reversals: src.reversalsFen,
          net: src.netFen,
        })),
      ),
    },
    {
      name: t("hhs.sheet.reversals"),
      columns: [
        ...who,
        { key: "saleDate", header: t("hhs.col.saleDate") },
        { key: "recordedOn", header: t("hhs.col.recordedOn") },
        { key: "supplier", header: t("hhs.col.supplier") },
        { key: "incomeType", header: t("hhs.col.incomeType") },
        { key: "amount", header: t("hhs.col.amount"), type: "fen" },
      ],
      rows: statements.flatMap((st) =>
        st.reversals.map((r) => ({
          ...whoOf(st),
          saleDate: r.saleDate,
          recordedOn: r.recordedOn,
          supplier: r.supplierName,
          incomeType: label(locale, INCOME_TYPE_LABELS[r.incomeType]),
          amount: r.amountFen,
        })),
      ),
    },
  ];
}

// On a screen a cell keeps its words on one line and a wide table scrolls in its box (at 390 px
// seven columns squeezed "联结方式" to one character a line); on paper the sheet wraps to A4.
const NO_WRAP = "whitespace-nowrap print:whitespace-normal";

/** The printable page: the same worksheet as the PDF, as HTML (print styles: A4, no portal around it). */
export function HouseholdStatementSheet({ worksheet }: { worksheet: Worksheet }) {
  const t = useT();
  const cell = (type: "text" | "fen" | undefined, v: string | number | undefined) =>
    typeof v === "number" && type === "fen" ? formatFen(v) : (v ?? "");
  return (
    <article className="statement-sheet mx-auto max-w-4xl bg-white p-4 text-sm print:max-w-none print:p-0">
      <h1 className="text-center text-xl font-bold">{worksheet.title}</h1>
      <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-2 print:grid-cols-2">
        {worksheet.facts.map(([k, v]) => (
          <div key={k} className="flex gap-2">
            <dt className="text-stone-600">{k}：</dt>
            <dd className="font-medium">{v}</dd>
          </div>
        ))}
      </dl>
      {worksheet.tables.map((table) => (
        <section key={table.caption} className="mt-5 break-inside-avoid">
          <h2 className="font-semibold">{table.caption}</h2>
          {table.rows.length === 0 && table.empty ? (
            <p className="mt-1 text-stone-600">{table.empty}</p>
          ) : (
            <div className="mt-1 overflow-x-auto">
              <table className="w-full border-collapse text-xs sm:text-sm">
                <thead>
                  <tr className="bg-stone-100">
                    {table.columns.map((c) => (
                      <th
                        key={c.header}
                        scope="col"
                        className={`border border-stone-400 px-2 py-1 text-left ${NO_WRAP}`}
                      >
                        {c.header}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((row, i) => (
                    <tr key={i}>
                      {table.columns.map((c, k) => (
                        <td
                          key={k}
                          className={`border border-stone-400 px-2 py-1 ${NO_WRAP} ${c.type === "fen" ? "text-right tabular-nums" : ""}`}
                        >
                          {cell(c.type, row[k])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                {table.totals && (
                  <tfoot>
                    <tr className="font-bold">
                      {table.columns.map((c, k) => (
                        <td
                          key={k}
                          className={`border border-stone-500 px-2 py-1 ${NO_WRAP} ${c.type === "fen" ? "text-right tabular-nums" : ""}`}
                        >
                          {cell(c.type, table.totals![k])}
                        </td>
                      ))}
                    </tr>
                  </tfoot>
                )}
              </table>
            </div>
          )}
        </section>
      ))}
      {worksheet.footnote && <p className="mt-4 text-xs text-stone-600">{worksheet.footnote}</p>}
      <div className="mt-8 grid grid-cols-1 gap-6 sm:grid-cols-2 print:grid-cols-2">
        {worksheet.signatures.map((s) => (
          <p key={s} className="flex items-end gap-2">
            <span>{s}：</span>
            <span className="inline-block h-6 flex-1 border-b border-stone-800" aria-hidden="true" />
          </p>
        ))}
      </div>
      <p className="sr-only">{t("hhs.audited")}</p>
    </article>
  );
}
