import { Form } from "@remix-run/react";
import { AddressFields, type AddressValues, type PickerOptions } from "~/components/address-fields";
import { SubmitButton } from "~/components/form-field";
import { useT } from "~/lib/use-locale";

type Props = {
  values: AddressValues & { makeDefault?: string };
  options: PickerOptions;
  fieldErrors?: Record<string, string[]>;
  /** Hidden when editing the address that already is the default. */
  offerDefault: boolean;
};

/** The address book's add and edit form: the 省/市/区县 fields, "make default", save. */
export function AddressBookForm({ values, options, fieldErrors, offerDefault }: Props) {
  const t = useT();
  return (
    <Form method="post" noValidate className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200">
      <AddressFields values={values} options={options} fieldErrors={fieldErrors} />
      {offerDefault && (
        <p className="mt-3 flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            id="make-default"
            name="makeDefault"
            value="1"
            defaultChecked={values.makeDefault === "1"}
          />
          <label htmlFor="make-default">{t("addresses.makeDefault")}</label>
        </p>
      )}
      <SubmitButton className="mt-4">{t("addresses.save")}</SubmitButton>
    </Form>
  );
}
