// Village progress as CSV (UTF-8 with BOM) or XLSX: /official/villages/export?year=&format=csv|xlsx.
// The same scope as the page (a town official: their town's villages).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { shanghaiYear } from "~/lib/dates";
import { localeFromRequest, translate } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { EXPORT_FORMATS, exportTable } from "~/lib/table-export.server";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { villageProgress } from "~/models/governance/villages.server";

const Query = z.object({
  format: z.enum(EXPORT_FORMATS),
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .catch(() => shanghaiYear()),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.villages);
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  invariantResponse(query.success, "Bad export request: format=csv|xlsx", { status: 400 });
  const progress = await villageProgress({ caller: user, year: query.data.year });
  invariantResponse(progress, "Not found", { status: 404 });
  const locale = localeFromRequest(request);
  const yes = (v: boolean) => translate(locale, v ? "governance.yes" : "governance.no");
  return exportTable({
    filename: `${translate(locale, "governance.villages.title")}-${query.data.year}`,
    format: query.data.format,
    columns: [
      { key: "town", header: translate(locale, "governance.villages.town") },
      { key: "village", header: translate(locale, "governance.villages.village") },
      { key: "coop", header: translate(locale, "governance.villages.coop") },
      { key: "coops", header: translate(locale, "governance.villages.coopCount"), type: "count" },
      { key: "driven", header: translate(locale, "governance.villages.driven") },
      { key: "drivers", header: translate(locale, "governance.villages.drivenCount"), type: "count" },
    ],
    rows: progress.villages.map((v) => ({
      town: v.townName,
      village: v.villageName,
      coop: yes(v.hasPartyBranchCoop),
      coops: v.partyBranchCoops,
      driven: yes(v.driven),
      drivers: v.drivingSuppliers,
    })),
  });
}
