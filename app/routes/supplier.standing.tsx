// Supplier staff: their supplier's standing (active, suspended, closed) and every warning,
// suspension, reinstatement or closure with its reason and date.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatShanghaiDateTime } from "~/lib/dates";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { listStandingEvents } from "~/models/onboarding/standing.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "经营状态", "Standing"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const standing = await listStandingEvents({ caller: user });
  if (!standing) throw new Response("Not found", { status: 404 });
  return json(standing);
}

export default function StandingPage() {
  const { supplier, events } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("onboarding.standing.own")}</h1>
      <p className="mt-2">
        {t("onboarding.standing.current")}：
        <strong data-testid="standing-status">{t(`onboarding.supplierStatus.${supplier.status}`)}</strong>
      </p>
      {events.length === 0 ? (
        <p className="mt-4 text-stone-600">{t("onboarding.standing.none")}</p>
      ) : (
        <ol className="mt-4 space-y-3">
          {events.map((e) => (
            <li key={e.id} className="rounded-xl bg-white p-3 ring-1 ring-stone-200">
              <p className="font-semibold">
                {t(`onboarding.action.${e.action}`)}{" "}
                <span className="text-sm font-normal text-stone-500">{formatShanghaiDateTime(e.at)}</span>
              </p>
              <p className="mt-1 whitespace-pre-wrap text-stone-700">{e.reason}</p>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
