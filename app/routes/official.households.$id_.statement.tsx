// Officials (and admins) of the household's region: the household's income statement (入户算账)
// for a period, printable (A4) and downloadable as PDF or XLSX. Every view is audited; a household
// outside the caller's region answers 404, exactly like an unknown one.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HouseholdStatementSheet, statementWorksheet } from "~/components/household-statement";
import { requireRole } from "~/models/access/auth.server";
import { localeFromRequest } from "~/lib/i18n";
import { useT } from "~/lib/use-locale";
import { getHouseholdStatement } from "~/models/impact/household-statements.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "入户算账", "Household income statement"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const url = new URL(request.url);
  const id = params.id ?? "";
  const from = url.searchParams.get("from");
  const to = url.searchParams.get("to");
  const result = await getHouseholdStatement({
    caller: user,
    householdId: id,
    from,
    to,
    purpose: { kind: "view" },
    ip: context.clientIp ?? null,
  });
  if (!result.ok && result.code !== "invalid_period")
    throw new Response(result.code === "forbidden" ? "Forbidden" : "Not found", {
      status: result.code === "forbidden" ? 403 : 404,
    });
  const headers = { "Cache-Control": "private, no-store" };
  if (!result.ok)
    return json(
      { id, worksheet: null, period: { from: from ?? "", to: to ?? "" }, invalid: true },
      { status: 400, headers },
    );
  const { statement } = result;
  return json(
    {
      id,
      worksheet: statementWorksheet(statement, localeFromRequest(request)),
      period: statement.period,
      invalid: false,
    },
    { headers },
  );
}

export default function HouseholdStatementPage() {
  const { id, worksheet, period, invalid } = useLoaderData<typeof loader>();
  const t = useT();
  const query = new URLSearchParams({ from: period.from, to: period.to }).toString();
  return (
    <main className="mx-auto max-w-5xl px-4 py-6 print:p-0">
      <div className="no-print space-y-3">
        <Link to={`/official/households/${id}`} className="text-sm text-brand-700 hover:underline">
          ← {t("registry.back")}
        </Link>
        <Form method="get" className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col text-sm">
            {t("hhs.from")}
            <input type="date" name="from" defaultValue={period.from} className="rounded border px-2 py-1" />
          </label>
          <label className="flex flex-col text-sm">
            {t("hhs.to")}
            <input type="date" name="to" defaultValue={period.to} className="rounded border px-2 py-1" />
          </label>
          <button type="submit" className="rounded bg-brand-600 px-3 py-1 text-white hover:bg-brand-700">
            {t("hhs.show")}
          </button>
        </Form>
        {invalid && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
            {t("hhs.invalidPeriod")}
          </p>
        )}
        {worksheet && (
          <p className="flex flex-wrap gap-4 text-sm">
            <a
              href={`/official/households/${id}/statement/export?format=pdf&${query}`}
              download
              className="text-brand-700 underline"
            >
              {t("hhs.pdf")}
            </a>
            <a
              href={`/official/households/${id}/statement/export?format=xlsx&${query}`}
              download
              className="text-brand-700 underline"
            >
              {t("hhs.xlsx")}
            </a>
            <span className="text-stone-500">{t("hhs.print")}: Ctrl+P</span>
          </p>
        )}
      </div>
      {worksheet && (
        <div className="mt-4">
          <HouseholdStatementSheet worksheet={worksheet} />
        </div>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
