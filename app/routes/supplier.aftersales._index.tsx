// Supplier staff: their supplier's after-sales claims, open ones first.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ClaimList } from "~/components/aftersales-list";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { listClaims } from "~/models/ordering/aftersales.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "售后", "After-sales"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  return json({ claims: await listClaims({ caller: user }) });
}

export default function SupplierClaims() {
  const { claims } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("as.list.title")}</h1>
      <ClaimList claims={claims} base="/supplier/aftersales" />
    </main>
  );
}
