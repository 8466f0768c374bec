// The platform (admins): after-sales claims escalated to it — unanswered in time or a declined proposal.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ClaimList } from "~/components/aftersales-list";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { listClaims } from "~/models/ordering/aftersales.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "售后裁定", "After-sales decisions"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.aftersales);
  return json({ claims: await listClaims({ caller: user, escalatedOnly: true }) });
}

export default function EscalatedClaims() {
  const { claims } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("as.list.escalated")}</h1>
      <ClaimList claims={claims} base="/official/aftersales" />
    </main>
  );
}
