// The validation report of an uploaded registry file, as CSV (UTF-8 with BOM): recomputed from the
// stored file, so it shows the state of the registry now. Only the uploader can fetch it. It holds
// row numbers, registry codes and messages — no names or ID numbers.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/models/access/auth.server";
import { importReportCsv } from "~/lib/household-file";
import { localeFromRequest } from "~/lib/i18n";
import { loadImportFile } from "~/lib/import-store.server";
import { previewImport } from "~/models/registry/households.server";
import { invariantResponse } from "~/lib/invariant";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const stored = await loadImportFile({ ownerId: user.id, token });
  invariantResponse(stored, "Not found", { status: 404 });
  const preview = await previewImport({ caller: user, rows: stored.rows });
  invariantResponse(preview.ok, "Forbidden", { status: 403 });
  const name = `${stored.fileName.replace(/\.[^.]*$/, "")}-校验报告.csv`;
  return new Response(importReportCsv(preview.report, localeFromRequest(request)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="import-report.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "no-store",
    },
  });
}
