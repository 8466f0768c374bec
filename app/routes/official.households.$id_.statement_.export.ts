// The household income statement as a file: /official/households/<id>/statement/export
// ?format=pdf|xlsx&from&to. Same scope as the page (another region's household: 404, like an
// unknown id); every export is audited with its format.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { statementSheets, statementWorksheet } from "~/components/household-statement";
import { requireRole } from "~/models/access/auth.server";
import { localeFromRequest, translate } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { fileResponse, PDF_TYPE, sheetsToXlsx, worksheetsToPdf, XLSX_TYPE } from "~/lib/worksheet.server";
import { getHouseholdStatement } from "~/models/impact/household-statements.server";

const Query = z.object({ format: z.enum(["pdf", "xlsx"]) });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const url = new URL(request.url);
  const query = Query.safeParse({ format: url.searchParams.get("format") });
  invariantResponse(query.success, "Bad export request: format=pdf|xlsx", { status: 400 });
  const format = query.data.format;
  const result = await getHouseholdStatement({
    caller: user,
    householdId: params.id ?? "",
    from: url.searchParams.get("from"),
    to: url.searchParams.get("to"),
    purpose: { kind: "export", format },
    ip: context.clientIp ?? null,
  });
  if (!result.ok) {
    if (result.code === "invalid_period") throw new Response("Invalid period", { status: 400 });
    throw new Response("Not found", { status: result.code === "forbidden" ? 403 : 404 });
  }
  const locale = localeFromRequest(request);
  const st = result.statement;
  const name = `${translate(locale, "hhs.nav")}-${st.household.registryCode}-${st.period.from}_${st.period.to}`;
  if (format === "pdf") {
    const { bytes } = await worksheetsToPdf({
      title: name,
      worksheets: [statementWorksheet(st, locale)],
    });
    return fileResponse(bytes, `${name}.pdf`, PDF_TYPE);
  }
  return fileResponse(await sheetsToXlsx(statementSheets([st], locale)), `${name}.xlsx`, XLSX_TYPE);
}
