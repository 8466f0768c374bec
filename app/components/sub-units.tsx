// A parent organisation's sub-units (下属单位) with their reserved share and progress, on /buyer.
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { DataTable } from "./data-table";

type Unit = {
  id: string;
  name: string;
  regionName: string | null;
  targetFen: number | null;
  paidFen: number;
  completedFen: number;
  completionBp: number | null;
};

export function SubUnits({ units, year }: { units: Unit[]; year: number }) {
  const t = useT();
  if (units.length === 0) return null;
  const cell = "px-3 py-2 text-right tabular-nums";
  const pct = (bp: number | null) => (bp === null ? "—" : `${(bp / 100).toFixed(2)}%`);
  return (
    <section aria-labelledby="sub-units-heading" className="mt-6">
      <h2 id="sub-units-heading" className="text-lg font-semibold">
        {t("governance.subUnits.title", { year })}
      </h2>
      <DataTable
        className="mt-2"
        testId="sub-units"
        headers={[
          { label: t("governance.field.name") },
          { label: t("governance.field.region") },
          { label: t("governance.col.share"), numeric: true },
          { label: t("governance.col.paid"), numeric: true },
          { label: t("governance.col.completed"), numeric: true },
          { label: t("governance.col.ratio"), numeric: true },
        ]}
      >
        {units.map((u) => (
          <tr key={u.id}>
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {u.name}
            </th>
            <td className="px-3 py-2">{u.regionName ?? "—"}</td>
            <td className={cell}>{u.targetFen === null ? "—" : formatFen(u.targetFen)}</td>
            <td className={cell}>{formatFen(u.paidFen)}</td>
            <td className={cell}>{formatFen(u.completedFen)}</td>
            <td className={cell}>{pct(u.completionBp)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
