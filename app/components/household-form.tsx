// The household fields shared by the create and edit pages (plain form fields: works without JS).
import { FormField } from "~/components/form-field";
import { HOUSEHOLD_KIND_VALUES } from "~/lib/household-kinds";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-locale";

type Village = { id: number; name: string; townName: string };
type Values = Partial<
  Record<"registryCode" | "headName" | "memberCount" | "villageId" | "kind" | "status", string>
>;

const selectClass =
  "mt-1 w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:outline-none focus:ring-2 focus:ring-brand-600";

export function HouseholdFields({
  villages,
  values,
  fieldErrors,
  mode,
}: {
  villages: Village[];
  values: Values;
  fieldErrors?: Record<string, string[]>;
  mode: "create" | "edit";
}) {
  const t = useT();
  const error = (field: string) => {
    const code = fieldErrors?.[field]?.[0];
    return code ? t(`registry.field.${code}` as MessageKey) : null;
  };
  const selectError = (field: string) => {
    const message = error(field);
    return message ? (
      <p id={`${field}-error`} className="mt-1 text-sm text-red-700">
        {message}
      </p>
    ) : null;
  };
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {mode === "create" && (
        <FormField
          name="registryCode"
          label={t("registry.col.registryCode")}
          required
          maxLength={32}
          defaultValue={values.registryCode}
          error={error("registryCode")}
        />
      )}
      <FormField
        name="headName"
        label={t("registry.col.headName")}
        required
        maxLength={30}
        defaultValue={values.headName}
        error={error("headName")}
      />
      <FormField
        name="idCard"
        label={t("registry.col.idCard")}
        required={mode === "create"}
        maxLength={18}
        autoComplete="off"
        inputMode="text"
        hint={mode === "edit" ? t("registry.detail.idCardKeep") : undefined}
        error={error("idCard")}
      />
      <FormField
        name="memberCount"
        label={t("registry.col.memberCount")}
        type="number"
        min={1}
        max={20}
        required
        defaultValue={values.memberCount}
        error={error("memberCount")}
      />
      <div>
        <label htmlFor="villageId" className="block text-sm font-medium">
          {t("registry.col.village")}
        </label>
        <select
          id="villageId"
          name="villageId"
          required
          defaultValue={values.villageId ?? ""}
          className={selectClass}
          aria-invalid={error("villageId") ? true : undefined}
          aria-describedby={error("villageId") ? "villageId-error" : undefined}
        >
          <option value="" />
          {villages.map((v) => (
            <option key={v.id} value={v.id}>
              {v.townName} · {v.name}
            </option>
          ))}
        </select>
        {selectError("villageId")}
      </div>
      <div>
        <label htmlFor="kind" className="block text-sm font-medium">
          {t("registry.col.kind")}
        </label>
        <select
          id="kind"
          name="kind"
          required
          defaultValue={values.kind ?? ""}
          className={selectClass}
          aria-invalid={error("kind") ? true : undefined}
          aria-describedby={error("kind") ? "kind-error" : undefined}
        >
          <option value="" />
          {HOUSEHOLD_KIND_VALUES.map((k) => (
            <option key={k} value={k}>
              {t(`registry.kind.${k}`)}
            </option>
          ))}
        </select>
        {selectError("kind")}
      </div>
      {mode === "edit" && (
        <div>
          <label htmlFor="status" className="block text-sm font-medium">
            {t("registry.col.status")}
          </label>
          <select id="status" name="status" defaultValue={values.status ?? "active"} className={selectClass}>
            <option value="active">{t("registry.status.active")}</option>
            <option value="inactive">{t("registry.status.inactive")}</option>
          </select>
        </div>
      )}
    </div>
  );
}
