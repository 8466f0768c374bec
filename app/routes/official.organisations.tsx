// Officials: the institutional buyers of their region (district: all; town: those of the town and
// its villages) with the year's reserved share, paid (direct purchases) and completed amounts and
// the completion ratio. Admins may set an organisation's target here.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/models/access/auth.server";
import { parseForm } from "~/lib/form";
import { yuanField } from "~/lib/yuan-field";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { listOrganisationsForOfficial, setTarget } from "~/models/institutions/institutions.server";
import { shanghaiYear } from "~/lib/dates";
import { redirectWithToast } from "~/lib/toast.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "机构采购", "Institutional buyers"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const year = z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .catch(() => shanghaiYear())
    .parse(new URL(request.url).searchParams.get("year") ?? undefined);
  const organisations = await listOrganisationsForOfficial({ caller: user, year });
  invariantResponse(organisations, "Not found", { status: 404 });
  return json({ organisations, year, isAdmin: user.role === "admin" });
}

const TargetForm = z.object({
  organisationId: z.string().trim().min(1).max(64),
  year: z.coerce.number().int().min(2000).max(2100),
  amount: yuanField("buyer.error.amount"),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const form = await parseForm(request, TargetForm);
  if (!form.ok) return json({ error: "buyer.error.amount" as MessageKey }, { status: 400 });
  const result = await setTarget({
    caller: user,
    organisationId: form.data.organisationId,
    year: form.data.year,
    targetFen: form.data.amount,
  });
  invariantResponse(result.ok, "Not found", { status: 404 });
  const url = new URL(request.url);
  return redirectWithToast(request, url.pathname + url.search, "buyer.toast.targetSaved");
}

const ratio = (bp: number | null) => (bp === null ? "—" : `${(bp / 100).toFixed(2)}%`);

export default function OfficialOrganisationsPage() {
  const { organisations, year, isAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const total = organisations.reduce(
    (a, o) => ({
      target: a.target + (o.targetFen ?? 0),
      paid: a.paid + o.paidFen,
      completed: a.completed + o.completedFen,
    }),
    { target: 0, paid: 0, completed: 0 },
  );
  const cell = "px-3 py-2 text-right tabular-nums";
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{t("officialOrgs.title")}</h1>
          <p className="mt-1 max-w-3xl text-sm text-stone-600">{t("officialOrgs.intro")}</p>
        </div>
        <Form method="get" className="flex items-end gap-2">
          <div>
            <label htmlFor="year" className="block text-sm font-medium">
              {t("buyer.year")}
            </label>
            <input
              id="year"
              name="year"
              type="number"
              min={2000}
              max={2100}
              defaultValue={year}
              className="mt-1 w-28 rounded-lg border border-stone-300 px-3 py-2"
            />
          </div>
          <button type="submit" className="rounded-lg border border-stone-300 px-3 py-2 hover:bg-stone-50">
            {t("buyer.show")}
          </button>
        </Form>
      </div>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}
      <DataTable
        className="mt-4"
        testId="organisations-table"
        headers={[
          { label: t("officialOrgs.name") },
          { label: t("officialOrgs.kind") },
          { label: t("officialOrgs.region") },
          { label: t("officialOrgs.target"), numeric: true },
          { label: t("officialOrgs.paid"), numeric: true },
          { label: t("officialOrgs.completed"), numeric: true },
          { label: t("officialOrgs.ratio"), numeric: true },
        ]}
        empty={t("officialOrgs.empty")}
        footer={
          organisations.length > 0 && (
            <tr>
              <th scope="row" colSpan={3} className="px-3 py-2 text-left">
                {t("officialOrgs.total")}
              </th>
              <td className={cell}>{formatFen(total.target)}</td>
              <td className={cell}>{formatFen(total.paid)}</td>
              <td className={cell}>{formatFen(total.completed)}</td>
              <td className={cell}>
                {ratio(total.target ? Math.floor((total.completed * 10000) / total.target) : null)}
              </td>
            </tr>
          )
        }
      >
        {organisations.map((o) => (
          <tr key={o.id}>
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {o.name}
            </th>
            <td className="px-3 py-2">{t(`buyer.kind.${o.kind}`)}</td>
            <td className="px-3 py-2">{o.regionName ?? "—"}</td>
            <td className={cell}>
              {o.targetFen === null ? "—" : formatFen(o.targetFen)}
              {isAdmin && (
                <Form method="post" className="mt-1 flex justify-end gap-1">
                  <input type="hidden" name="organisationId" value={o.id} />
                  <input type="hidden" name="year" value={year} />
                  <label htmlFor={`target-${o.id}`} className="sr-only">
                    {t("buyer.targetAmount", { year })}
                  </label>
                  <input
                    id={`target-${o.id}`}
                    name="amount"
                    inputMode="decimal"
                    required
                    className="w-28 rounded border border-stone-300 px-2 py-1 text-right"
                    defaultValue={o.targetFen === null ? "" : (o.targetFen / 100).toFixed(2)}
                  />
                  <button
                    type="submit"
                    className="rounded border border-stone-300 px-2 py-1 hover:bg-stone-50"
                  >
                    {t("buyer.save")}
                  </button>
                </Form>
              )}
            </td>
            <td className={cell}>{formatFen(o.paidFen)}</td>
            <td className={cell}>{formatFen(o.completedFen)}</td>
            <td className={cell}>{ratio(o.completionBp)}</td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
