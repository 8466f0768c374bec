// Editing one of the shopper's saved addresses (issue 17). Another shopper's address id, or one
// that does not exist, is a 404 for the page and for the post alike.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AddressBookForm } from "~/components/address-book-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localeFromRequest } from "~/lib/i18n";
import { isUuid } from "~/lib/ids";
import { titleMeta } from "~/lib/seo";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireUser } from "~/models/access/auth.server";
import { getAddressForEdit, submitAddressForm } from "~/models/ordering/addresses.server";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "编辑地址", "Edit address"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = isUuid(params.id)
    ? await getAddressForEdit({ userId: user.id, id: params.id, locale: localeFromRequest(request) })
    : null;
  if (!found) throw new Response("Not found", { status: 404 });
  return json(found);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (!isUuid(params.id)) throw new Response("Not found", { status: 404 });
  const outcome = await submitAddressForm({ request, userId: user.id, id: params.id });
  if (outcome.status === "saved")
    return redirectWithToast(request, "/account/addresses", "addresses.toast.saved");
  if (outcome.status === 404 || outcome.status === 409) throw new Response("Not found", { status: 404 });
  return json(outcome.page, { status: outcome.status });
}

export default function EditAddressPage() {
  const { address, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-xl px-4 py-6">
      <p className="text-sm">
        <Link to="/account/addresses" className="text-brand-700 hover:underline">
          {t("addresses.back")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("addresses.edit")}</h1>
      <AddressBookForm
        values={actionData?.values ?? address}
        options={actionData?.options ?? options}
        fieldErrors={actionData?.fieldErrors}
        offerDefault={!address.isDefault}
      />
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
