// Every household of one village, one file: /official/statements/export?village=<12-digit code>
// &format=pdf|xlsx&from&to[&part=n]. PDF: a worksheet per household, each from a new page, in volumes
// of STATEMENT_PDF_HOUSEHOLDS households (`part`, from 1); XLSX: rows per household, whole. A village outside the caller's region answers 404; the export is audited once.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { statementSheets, statementWorksheet } from "~/components/household-statement";
import { requireRole } from "~/models/access/auth.server";
import { localeFromRequest, translate } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { fileResponse, PDF_TYPE, sheetsToXlsx, worksheetsToPdf, XLSX_TYPE } from "~/lib/worksheet.server";
import { getVillageStatements } from "~/models/impact/household-statements.server";

const Query = z.object({
  format: z.enum(["pdf", "xlsx"]),
  village: z.string().regex(/^\d{12}$/),
  part: z.coerce.number().int().min(1).max(100_000).nullable(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const url = new URL(request.url);
  const query = Query.safeParse({
    format: url.searchParams.get("format"),
    village: url.searchParams.get("village"),
    part: url.searchParams.get("part"),
  });
  invariantResponse(query.success, "Bad export request: village=<code>&format=pdf|xlsx[&part=n]", {
    status: 400,
  });
  const { format, village, part } = query.data;
  const result = await getVillageStatements({
    caller: user,
    villageCode: village,
    from: url.searchParams.get("from"),
    to: url.searchParams.get("to"),
    format,
    part,
    ip: context.clientIp ?? null,
  });
  if (!result.ok) {
    if (result.code === "invalid_period") throw new Response("Invalid period", { status: 400 });
    throw new Response("Not found", { status: result.code === "forbidden" ? 403 : 404 });
  }
  const locale = localeFromRequest(request);
  const { village: place, period, statements, parts } = result.result;
  const volume = format === "pdf" && parts > 1 ? `-${result.result.part}of${parts}` : "";
  const name = `${translate(locale, "hhs.nav")}-${place.townName}${place.name}-${period.from}_${period.to}${volume}`;
  if (format === "pdf") {
    const { bytes } = await worksheetsToPdf({
      title: name,
      worksheets: statements.map((st) => statementWorksheet(st, locale)),
    });
    return fileResponse(bytes, `${name}.pdf`, PDF_TYPE);
  }
  return fileResponse(await sheetsToXlsx(statementSheets(statements, locale)), `${name}.xlsx`, XLSX_TYPE);
}
