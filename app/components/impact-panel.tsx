// The impact panel: who the sale drives income for, as totals from the approved linkages in force.
import { MECHANISM_LABELS, type Mechanism } from "../../core/mechanisms";
import { useLocale, useT } from "~/lib/use-locale";

export type ImpactData = {
  households: number;
  monitoredHouseholds: number;
  villageCollectives: number;
  villages: number;
  mechanisms: Mechanism[];
  source: "product" | "supplier";
};

export function ImpactPanel({ impact }: { impact: ImpactData }) {
  const t = useT();
  const locale = useLocale();
  const nothing = impact.households === 0 && impact.villageCollectives === 0;
  const figures = [
    {
      label: t("catalog.impact.households"),
      value: impact.households,
      unit: t("catalog.impact.unitHouseholds"),
    },
    {
      label: t("catalog.impact.monitored"),
      value: impact.monitoredHouseholds,
      unit: t("catalog.impact.unitHouseholds"),
    },
    {
      label: t("catalog.impact.collectives"),
      value: impact.villageCollectives,
      unit: t("catalog.impact.unitCollectives"),
    },
    { label: t("catalog.impact.villages"), value: impact.villages, unit: t("catalog.impact.unitVillages") },
  ];
  return (
    <section aria-labelledby="impact-title" className="rounded-xl bg-amber-50 p-4 ring-1 ring-amber-200">
      <h2 id="impact-title" className="font-semibold text-amber-900">
        {t("catalog.impact.title")}
      </h2>
      {nothing ? (
        <p className="mt-2 text-sm text-stone-600">{t("catalog.impact.none")}</p>
      ) : (
        <>
          <dl className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4">
            {figures.map((f) => (
              <div key={f.label} className="rounded-lg bg-white px-3 py-2 ring-1 ring-amber-100">
                <dt className="text-xs text-stone-500">{f.label}</dt>
                <dd className="text-xl font-bold text-amber-900">
                  {f.value}
                  {f.unit && <span className="ml-0.5 text-xs font-normal text-stone-500">{f.unit}</span>}
                </dd>
              </div>
            ))}
          </dl>
          {impact.mechanisms.length > 0 && (
            <p className="mt-3 text-sm">
              <span className="text-stone-500">{t("catalog.impact.mechanisms")}</span>
              {impact.mechanisms.map((m) => (
                <span
                  key={m}
                  className="mr-1.5 inline-block rounded-full bg-white px-2 py-0.5 text-xs ring-1 ring-amber-200"
                >
                  {MECHANISM_LABELS[m][locale]}
                </span>
              ))}
            </p>
          )}
          <p className="mt-2 text-xs text-stone-500">
            {impact.source === "product" ? t("catalog.impact.productOwn") : t("catalog.impact.supplierWide")}{" "}
            {t("catalog.impact.note")}
          </p>
        </>
      )}
    </section>
  );
}
