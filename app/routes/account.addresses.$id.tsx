// Editing one of the shopper's saved addresses (issue 17). Another shopper's address id, or one
// that does not exist, is a 404 for the page and for the post alike.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AddressFields } from "~/components/address-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/form-field";
import { parseForm } from "~/lib/form";
import { isUuid } from "~/lib/ids";
import { titleMeta } from "~/lib/seo";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireUser } from "~/models/access/auth.server";
import { getAddressForEdit, saveAddress } from "~/models/ordering/addresses.server";
import { pickerOptions } from "~/models/ordering/divisions.server";
import { addressForm } from "~/models/ordering/storefront-forms.server";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "编辑地址", "Edit address"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = isUuid(params.id) ? await getAddressForEdit({ userId: user.id, id: params.id }) : null;
  if (!found) throw new Response("Not found", { status: 404 });
  return json(found);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (!isUuid(params.id)) throw new Response("Not found", { status: 404 });
  const form = await parseForm(request, addressForm());
  const values = form.values;
  const options = pickerOptions({ province: values.province, city: values.city });
  if (values.intent === "pick") return json({ fieldErrors: {}, values, options });
  if (!form.ok) return json({ fieldErrors: form.fieldErrors, values, options }, { status: 400 });
  const { makeDefault, ...input } = form.data;
  const result = await saveAddress({
    userId: user.id,
    id: params.id,
    input,
    makeDefault: makeDefault === "1",
  });
  if (!result.ok && result.code === "division")
    return json({ fieldErrors: { [result.field]: ["division"] }, values, options }, { status: 400 });
  if (!result.ok) throw new Response("Not found", { status: 404 });
  return redirectWithToast(request, "/account/addresses", "addresses.toast.saved");
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
      <Form method="post" noValidate className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200">
        <AddressFields
          values={actionData?.values ?? address}
          options={actionData?.options ?? options}
          fieldErrors={actionData?.fieldErrors}
        />
        {!address.isDefault && (
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
        )}
        <SubmitButton className="mt-4">{t("addresses.save")}</SubmitButton>
      </Form>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
