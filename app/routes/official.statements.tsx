// Officials (and admins): household income statements for a whole village of their region, as one
// PDF (a page per household) or one XLSX (rows per household), for a period. Plain links: they work
// as GETs of their href (tests/e2e/downloads.spec.ts follows them).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/models/access/auth.server";
import { useT } from "~/lib/use-locale";
import {
  defaultStatementPeriod,
  listStatementVillages,
  parseStatementPeriod,
} from "~/models/impact/household-statements.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "入户算账", "Household income statements"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const url = new URL(request.url);
  const period = parseStatementPeriod(url.searchParams.get("from"), url.searchParams.get("to"));
  const result = await listStatementVillages({ caller: user });
  if (!result.ok) throw new Response("Forbidden", { status: 403 });
  return json(
    { villages: result.villages, period: period ?? defaultStatementPeriod(), invalid: period === null },
    { status: period ? 200 : 400 },
  );
}

export default function StatementsPage() {
  const { villages, period, invalid } = useLoaderData<typeof loader>();
  const t = useT();
  const query = new URLSearchParams({ from: period.from, to: period.to }).toString();
  return (
    <main className="mx-auto max-w-4xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("hhs.bulk.title")}</h1>
      <p className="mt-2 text-sm text-stone-600">{t("hhs.bulk.intro")}</p>
      <Form method="get" className="mt-4 flex flex-wrap items-end gap-3">
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
        <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t("hhs.invalidPeriod")}
        </p>
      )}
      {villages.length === 0 ? (
        <p className="mt-6 text-stone-600">{t("hhs.bulk.empty")}</p>
      ) : (
        <ul className="mt-6 divide-y divide-stone-200 rounded-lg ring-1 ring-stone-200">
          {villages.map((v) => (
            <li key={v.code} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2">
              <span className="min-w-0 flex-1">
                {v.townName} · {v.name}{" "}
                <span className="text-sm text-stone-500">
                  {t("hhs.bulk.households", { n: v.households })}
                </span>
              </span>
              {Array.from({ length: v.pdfParts }, (_, i) => (
                <a
                  key={i}
                  href={`/official/statements/export?village=${v.code}&format=pdf&${query}${v.pdfParts > 1 ? `&part=${i + 1}` : ""}`}
                  download
                  className="text-sm text-brand-700 underline"
                >
                  {v.pdfParts > 1 ? t("hhs.bulk.pdfPart", { n: i + 1, of: v.pdfParts }) : "PDF"}
                </a>
              ))}
              <a
                href={`/official/statements/export?village=${v.code}&format=xlsx&${query}`}
                download
                className="text-sm text-brand-700 underline"
              >
                Excel
              </a>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
