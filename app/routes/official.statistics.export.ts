// A dashboard table as CSV (UTF-8 with BOM) or XLSX: /official/statistics/export?export=<table>
// &format=csv|xlsx plus the dashboard's own filters (period, town). Same scope rules as the page
// (a town outside the caller's region is 404); every export is written to the audit log.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { statTable } from "~/components/statistics-tables";
import { requireRole } from "~/models/access/auth.server";
import { localeFromRequest, localized, translate } from "~/lib/i18n";
import { EXPORT_FORMATS, exportTable } from "~/lib/table-export.server";
import { getStatisticsExport, periodFromSearch, STAT_TABLES } from "~/models/impact/statistics.server";
import { invariantResponse } from "~/lib/invariant";

const Query = z.object({
  export: z.enum(STAT_TABLES),
  format: z.enum(EXPORT_FORMATS),
  town: z
    .string()
    .trim()
    .regex(/^\d{6,12}$/)
    .optional()
    .catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const url = new URL(request.url);
  const query = Query.safeParse(Object.fromEntries(url.searchParams));
  invariantResponse(query.success, "Bad export request: export=<table>&format=csv|xlsx", { status: 400 });
  const period = periodFromSearch(url.searchParams);
  const result = await getStatisticsExport({
    caller: user,
    townCode: query.data.town,
    from: period.from,
    to: period.to,
    table: query.data.export,
    format: query.data.format,
    // server.js's req.ip: the right-most address a trusted proxy added, never the client's own claim.
    ip: context.clientIp ?? null,
  });
  if (!result.ok) throw new Response("Not found", { status: result.code === "forbidden" ? 403 : 404 });
  const locale = localeFromRequest(request);
  const table = statTable(query.data.export, locale, result.statistics, result.notReached);
  const scopeName = result.scope.town
    ? localized(locale, result.scope.town.name, result.scope.town.nameEn)
    : translate(locale, "stats.scope.all");
  return exportTable({
    filename: `${translate(locale, "stats.title")}-${table.title}-${scopeName}-${period.from}_${period.to}`,
    sheetName: table.title,
    format: query.data.format,
    columns: table.columns,
    rows: table.rows,
  });
}
