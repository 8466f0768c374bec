// The table of benefit-linkage agreements shared by the supplier's list and the officials' queue.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { DataTable } from "~/components/data-table";
import { formatShanghaiDateTime } from "~/lib/dates";
import type { MessageKey } from "~/lib/i18n";
import { MECHANISM_LABELS, type Mechanism } from "../../core/mechanisms";
import { useLocale, useT } from "~/lib/use-locale";

export type LinkageTableRow = {
  id: string;
  supplierName: string;
  beneficiaryType: "household" | "village_collective";
  beneficiaryName: string;
  registryCode: string | null;
  villageName: string;
  mechanism: Mechanism;
  weight: number;
  validFrom: string;
  validUntil: string | null;
  productName: string | null;
  evidence: string;
  /** A file is attached; downloaded from /linkages/:id/evidence, which checks the caller's scope. */
  hasEvidenceFile?: boolean;
  status: "proposed" | "approved" | "rejected" | "terminated";
  rejectionReason: string | null;
};

export type LinkageEvent = { action: string; reason: string | null; actorName: string | null; at: string };

export const STATUS_TABS = ["proposed", "approved", "rejected", "terminated"] as const;

/** Status filter links (plain links: works without JavaScript). */
export function StatusTabs({ current, allowAll }: { current: string | null; allowAll: boolean }) {
  const t = useT();
  const tabs: (string | null)[] = allowAll ? [null, ...STATUS_TABS] : [...STATUS_TABS];
  return (
    <nav aria-label={t("linkages.col.status")} className="mt-4 flex flex-wrap gap-2 text-sm">
      {tabs.map((s) => (
        <Link
          key={s ?? "all"}
          to={s ? `?status=${s}` : "?"}
          aria-current={current === s ? "page" : undefined}
          className="rounded-full px-3 py-1 ring-1 ring-stone-300 aria-[current=page]:bg-brand-600 aria-[current=page]:text-white"
        >
          {s ? t(`linkages.status.${s}` as MessageKey) : t("linkages.filter.all")}
        </Link>
      ))}
    </nav>
  );
}

export function LinkageTable({
  rows,
  showSupplier,
  historyHref,
  actions,
}: {
  rows: LinkageTableRow[];
  showSupplier: boolean;
  historyHref: (id: string) => string;
  actions?: (row: LinkageTableRow) => ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  if (rows.length === 0) return <p className="mt-6 text-stone-600">{t("linkages.empty")}</p>;
  return (
    <DataTable
      className="mt-4"
      headers={[
        showSupplier && { label: t("linkages.col.supplier") },
        { label: t("linkages.col.beneficiary") },
        { label: t("linkages.col.mechanism") },
        { label: t("linkages.col.weight") },
        { label: t("linkages.col.validity") },
        { label: t("linkages.col.product") },
        { label: t("linkages.col.evidence") },
        { label: t("linkages.col.status") },
        { label: t("linkages.col.actions") },
      ]}
    >
      {rows.map((r) => (
        <tr key={r.id} className="align-top" data-linkage-id={r.id}>
          {showSupplier && <td className="px-3 py-2">{r.supplierName}</td>}
          <td className="px-3 py-2">
            <span className="block">{r.beneficiaryName}</span>
            <span className="block text-xs text-stone-500">
              {r.beneficiaryType === "household" ? t("linkages.household") : t("linkages.collective")} ·{" "}
              {r.villageName}
              {r.registryCode ? ` · ${r.registryCode}` : ""}
            </span>
          </td>
          <td className="px-3 py-2">{MECHANISM_LABELS[r.mechanism][locale]}</td>
          <td className="px-3 py-2 tabular-nums">{r.weight}</td>
          <td className="px-3 py-2 whitespace-nowrap">
            {r.validFrom} – {r.validUntil ?? t("linkages.openEnded")}
          </td>
          <td className="px-3 py-2">{r.productName ?? t("linkages.allProducts")}</td>
          <td className="px-3 py-2 max-w-xs break-words">
            {r.evidence}
            {r.hasEvidenceFile && (
              <a href={`/linkages/${r.id}/evidence`} className="mt-1 block text-brand-700 underline">
                {t("linkages.evidenceFile")}
              </a>
            )}
          </td>
          <td className="px-3 py-2">
            <span className="whitespace-nowrap">{t(`linkages.status.${r.status}` as MessageKey)}</span>
            {r.rejectionReason && (
              <span className="block text-xs text-stone-500">
                {t("linkages.rejectionReason", { reason: r.rejectionReason })}
              </span>
            )}
          </td>
          <td className="px-3 py-2">
            <Link to={historyHref(r.id)} className="text-brand-700 underline">
              {t("linkages.history")}
            </Link>
            {actions?.(r)}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export function LinkageHistory({ events }: { events: LinkageEvent[] }) {
  const t = useT();
  return (
    <section aria-labelledby="history" className="mt-6 rounded-xl bg-white p-4 ring-1 ring-stone-200">
      <h2 id="history" className="font-semibold">
        {t("linkages.history.title")}
      </h2>
      <ol className="mt-2 space-y-1 text-sm">
        {events.map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{formatShanghaiDateTime(e.at)}</time> ·{" "}
            {t(`linkages.event.${e.action}` as MessageKey)}
            {e.actorName ? ` · ${e.actorName}` : ""}
            {e.reason ? ` · ${t("linkages.reason")}：${e.reason}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}
