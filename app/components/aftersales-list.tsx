// A table of after-sales claims for supplier staff or the platform, each linking to its page.
import { Link } from "@remix-run/react";
import { formatShanghaiDateTime } from "~/lib/dates";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";

export function ClaimList({
  claims,
  base,
}: {
  claims: {
    id: string;
    orderNumber: string;
    productName: string;
    kind: string;
    requestedFen: number;
    status: string;
    createdAt: string;
  }[];
  base: string;
}) {
  const t = useT();
  if (claims.length === 0) return <p className="mt-4 text-stone-500">{t("as.list.empty")}</p>;
  return (
    <ul
      className="mt-4 divide-y divide-stone-100 rounded-xl bg-white ring-1 ring-stone-200"
      data-testid="claim-list"
    >
      {claims.map((c) => (
        <li key={c.id} className="p-3 text-sm">
          <Link to={`${base}/${c.id}`} className="flex flex-wrap justify-between gap-2 hover:underline">
            <span>
              {c.orderNumber} · {c.productName} · {t(`as.kind.${c.kind}` as MessageKey)}
              {c.requestedFen > 0 && ` · ${formatFen(c.requestedFen)}`}
            </span>
            <span className="text-stone-600">
              {t(`as.status.${c.status}` as MessageKey)} · {formatShanghaiDateTime(c.createdAt)}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
