// Every household of one village, one file: /official/statements/export?village=<12-digit code>
// &format=pdf|xlsx&from&to. PDF: a worksheet per household, each from a new page; XLSX: rows per
// household. A village outside the caller's region answers 404; the export is audited once.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { statementSheets, statementWorksheet } from "~/components/household-statement";
import { requireRole } from "~/models/access/auth.server";
import { localeFromRequest, translate } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { fileResponse, PDF_TYPE, sheetsToXlsx, worksheetsToPdf, XLSX_TYPE } from "~/lib/worksheet.server";
import { getVillageStatements } from "~/models/impact/household-statements.server";

const Query = z.object({ format: z.enum(["pdf", "xlsx"]), village: z.string().regex(/^\d{12}$/) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const url = new URL(request.url);
  const query = Query.safeParse({
    format: url.searchParams.get("format"),
    village: url.searchParams.get("village"),
  });
  invariantResponse(query.success, "Bad export request: village=<code>&format=pdf|xlsx", { status: 400 });
  const { format, village } = query.data;
  const result = await getVillageStatements({
    caller: user,
    villageCode: village,
    from: url.searchParams.get("from"),
    to: url.searchParams.get("to"),
    format,
    ip: context.clientIp ?? null,
  });
  if (!result.ok) {
    if (result.code === "invalid_period") throw new Response("Invalid period", { status: 400 });
    throw new Response("Not found", { status: result.code === "forbidden" ? 403 : 404 });
  }
  const locale = localeFromRequest(request);
  const { village: place, period, statements } = result.result;
  const name = `${translate(locale, "hhs.nav")}-${place.townName}${place.name}-${period.from}_${period.to}`;
  if (format === "pdf") {
    const { bytes } = await worksheetsToPdf({
      title: name,
      worksheets: statements.map((st) => statementWorksheet(st, locale)),
    });
    return fileResponse(bytes, `${name}.pdf`, PDF_TYPE);
  }
  return fileResponse(await sheetsToXlsx(statementSheets(statements, locale)), `${name}.xlsx`, XLSX_TYPE);
}
