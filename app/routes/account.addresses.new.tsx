// Adding an address to the address book (issue 17). Works without JavaScript: the 省/市/区县
// picker's 选择 posts intent "pick" and the form comes back with the next level, nothing lost.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AddressFields } from "~/components/address-fields";
import { SubmitButton } from "~/components/form-field";
import { parseForm } from "~/lib/form";
import { titleMeta } from "~/lib/seo";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireUser } from "~/models/access/auth.server";
import { ADDRESS_BOOK_LIMIT, saveAddress } from "~/models/ordering/addresses.server";
import { pickerOptions } from "~/models/ordering/divisions.server";
import { addressForm } from "~/models/ordering/storefront-forms.server";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "新增地址", "Add an address"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json({ options: pickerOptions({}), limit: ADDRESS_BOOK_LIMIT });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await parseForm(request, addressForm());
  const values = form.values;
  const options = pickerOptions({ province: values.province, city: values.city });
  if (values.intent === "pick") return json({ fieldErrors: {}, values, options, limitReached: false });
  if (!form.ok)
    return json({ fieldErrors: form.fieldErrors, values, options, limitReached: false }, { status: 400 });
  const { makeDefault, ...input } = form.data;
  const result = await saveAddress({ userId: user.id, input, makeDefault: makeDefault === "1" });
  if (!result.ok && result.code === "division")
    return json(
      { fieldErrors: { [result.field]: ["division"] }, values, options, limitReached: false },
      { status: 400 },
    );
  if (!result.ok) return json({ fieldErrors: {}, values, options, limitReached: true }, { status: 409 });
  return redirectWithToast(request, "/account/addresses", "addresses.toast.saved");
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
      <Form method="post" noValidate className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200">
        <AddressFields
          values={actionData?.values ?? {}}
          options={actionData?.options ?? options}
          fieldErrors={actionData?.fieldErrors}
        />
        <p className="mt-3 flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            id="make-default"
            name="makeDefault"
            value="1"
            defaultChecked={actionData?.values?.makeDefault === "1"}
          />
          <label htmlFor="make-default">{t("addresses.makeDefault")}</label>
        </p>
        <SubmitButton className="mt-4">{t("addresses.save")}</SubmitButton>
      </Form>
    </main>
  );
}
