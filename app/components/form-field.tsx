// The one labelled form field and the one submit button: label, input, hint and error wired
// together with ids and aria attributes, so every form reads the same to a screen reader.
import { useNavigation } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode } from "react";

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> & {
  name: string;
  label: string;
  error?: string | null;
  hint?: string;
  wrapperClassName?: string;
};

export function FormField({ name, label, error, hint, wrapperClassName, ...input }: FieldProps) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={wrapperClassName}>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className="mt-1 w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:outline-none focus:ring-2 focus:ring-brand-600 aria-[invalid]:border-red-600"
        {...input}
      />
      {hint && (
        <p id={`${name}-hint`} className="mt-1 text-xs text-stone-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${name}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** A full-width primary submit button, disabled while its form is being sent. */
export function SubmitButton({
  children,
  form,
  className = "",
}: {
  children: ReactNode;
  form?: string;
  className?: string;
}) {
  const navigation = useNavigation();
  return (
    <button
      type="submit"
      form={form}
      disabled={navigation.state === "submitting"}
      className={`w-full rounded-lg bg-brand-600 py-3 font-semibold text-white hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700 focus:ring-offset-2 disabled:opacity-60 ${className}`}
    >
      {children}
    </button>
  );
}
