// Why a household is on the early-warning list, one line per reason, with the figures behind it.
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import type { WarningRow } from "~/models/impact/warnings.server";

export function WarningReasons({ row, idleMonths }: { row: WarningRow; idleMonths: number }) {
  const t = useT();
  return (
    <ul className="space-y-0.5">
      {row.reasons.map((reason) => (
        <li key={reason}>
          {reason === "drop"
            ? t("warnings.reason.drop", { cur: formatFen(row.currentFen), prev: formatFen(row.previousFen) })
            : reason === "lapsed"
              ? t("warnings.reason.lapsed", { n: row.agreements, end: row.latestAgreementEnd ?? "—" })
              : t("warnings.reason.idle", {
                  months: idleMonths,
                  last: row.lastIncomeOn ?? t("warnings.none"),
                })}
        </li>
      ))}
    </ul>
  );
}
