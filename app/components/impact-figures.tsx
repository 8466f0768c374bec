// The figures of an impact certificate (certificate page and public verification): each figure
// as the privacy floor left it, "<5" spelled out. `compare` shows the ledger's current figures
// beside the certified ones (verification of an altered certificate).
import { INCOME_TYPE_LABELS, INCOME_TYPES } from "../../core/mechanisms";
import type { FlooredFigure } from "../../core/privacy-floor";
import { formatFen } from "~/lib/money";
import { useLocale, useT } from "~/lib/use-locale";
import type { PublicFigures } from "~/models/impact/certificates.server";

export function useFigureText() {
  const t = useT();
  return {
    money: (v: FlooredFigure) => (v === "<5" ? t("icert.withheld") : formatFen(v)),
    count: (v: FlooredFigure) => (v === "<5" ? t("icert.withheld") : String(v)),
    villages: (v: string[]) => (v.length ? v.join("、") : t("icert.none")),
  };
}

export function ImpactFigures({ figures, compare }: { figures: PublicFigures; compare?: PublicFigures }) {
  const t = useT();
  const locale = useLocale();
  const text = useFigureText();
  const rows: { key: string; label: string; value: (f: PublicFigures) => string }[] = [
    { key: "total", label: t("icert.total"), value: (f) => text.money(f.totalFen) },
    ...INCOME_TYPES.map((type) => ({
      key: type,
      label: `· ${INCOME_TYPE_LABELS[type][locale]}`,
      value: (f: PublicFigures) => text.money(f.byIncomeType[type]),
    })),
    { key: "households", label: t("icert.households"), value: (f) => text.count(f.households) },
    { key: "monitored", label: t("icert.monitored"), value: (f) => text.count(f.monitoredHouseholds) },
    { key: "collectives", label: t("icert.collectives"), value: (f) => String(f.villageCollectives) },
    { key: "villages", label: t("icert.villages"), value: (f) => text.villages(f.villages) },
  ];
  return (
    <table className="mt-4 w-full text-left text-sm" data-testid="impact-figures">
      <thead>
        <tr className="border-b border-stone-200 text-stone-500">
          <th scope="col" className="py-2 pr-2 font-medium">
            {t("icert.verify.figure")}
          </th>
          <th scope="col" className="py-2 pr-2 font-medium">
            {compare ? t("icert.verify.issued") : ""}
          </th>
          {compare && (
            <th scope="col" className="py-2 font-medium">
              {t("icert.verify.current")}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const changed = compare && row.value(figures) !== row.value(compare);
          return (
            <tr key={row.key} className="border-b border-stone-100 align-top">
              <th scope="row" className="py-2 pr-2 font-normal text-stone-600">
                {row.label}
              </th>
              <td className="py-2 pr-2 font-medium" data-testid={`figure-${row.key}`}>
                {row.value(figures)}
              </td>
              {compare && (
                <td
                  className={`py-2 font-medium ${changed ? "text-red-700" : ""}`}
                  data-testid={`current-${row.key}`}
                >
                  {row.value(compare)}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
