// Adding an address to the address book (issue 17). Works without JavaScript: the 省/市/区县
// picker's 选择 posts intent "pick" and the form comes back with the next level, nothing lost.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AddressBookForm } from "~/components/address-book-form";
import { localeFromRequest } from "~/lib/i18n";
import { titleMeta } from "~/lib/seo";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireUser } from "~/models/access/auth.server";
import { ADDRESS_BOOK_LIMIT, submitAddressForm } from "~/models/ordering/addresses.server";
import { pickerOptions } from "~/models/ordering/divisions.server";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "新增地址", "Add an address"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json({ options: pickerOptions({ locale: localeFromRequest(request) }), limit: ADDRESS_BOOK_LIMIT });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const outcome = await submitAddressForm({ request, userId: user.id });
  if (outcome.status === "saved")
    return redirectWithToast(request, "/account/addresses", "addresses.toast.saved");
  if (outcome.status === 404) throw new Response("Not found", { status: 404 });
  return json(outcome.page, { status: outcome.status });
}

export default function NewAddressPage() {
  const { options, limit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-xl px-4 py-6">
      <p className="text-sm">
        <Link to="/account/addresses" className="text-brand-700 hover:underline">
          {t("addresses.back")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("addresses.add")}</h1>
      {actionData?.limitReached && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t("addresses.error.limit", { max: limit })}
        </p>
      )}
      <AddressBookForm
        values={actionData?.values ?? {}}
        options={actionData?.options ?? options}
        fieldErrors={actionData?.fieldErrors}
        offerDefault
      />
    </main>
  );
}
