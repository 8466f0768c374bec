import { Children, type ReactNode } from "react";

/** One column heading. `numeric` right-aligns it to sit over right-aligned amounts. */
export type DataTableHeader = {
  label: ReactNode;
  numeric?: boolean;
  /** Heading read by screen readers only (e.g. a column of buttons). */
  srOnly?: boolean;
  /** Needed only when labels are not unique strings. */
  key?: string;
};

type DataTableProps = {
  /** `false`/`null` entries are skipped, so optional columns read `cond && { label }`. */
  headers: ReadonlyArray<DataTableHeader | false | null | undefined>;
  /** Shown in one full-width row when there are no rows; `null`/omitted shows nothing. */
  empty?: ReactNode | null;
  /** Accessible name of the table, read by screen readers only. */
  caption?: ReactNode;
  /** Classes for the wrapper (spacing such as `mt-4`). */
  className?: string;
  /** Extra classes for the <table> (e.g. a `min-w-[…]` so narrow screens scroll instead of squeezing). */
  tableClassName?: string;
  /** `data-testid` of the <table>, which e2e tests select by. */
  testId?: string;
  /** Rows of a <tfoot>: totals, set apart by a heavier rule. */
  footer?: ReactNode;
  /** The <tr> rows of the body. */
  children?: ReactNode;
};

/**
 * The portal pages' table: scrolling card wrapper, stone header with `scope="col"` on every heading,
 * divided body rows, and an "empty" row spanning every column. Rows stay with the page, so each page
 * keeps its own cells, links and forms.
 */
export function DataTable({
  headers,
  empty,
  caption,
  className,
  tableClassName,
  testId,
  footer,
  children,
}: DataTableProps) {
  const columns = headers.filter((h): h is DataTableHeader => Boolean(h));
  // toArray drops null/false, so `rows.map(...)` over no rows and `cond && <tr>` both count as nothing.
  const hasRows = Children.toArray(children).length > 0;
  return (
    // Focusable: on a phone the table scrolls sideways, and a keyboard user must be able to scroll it.
    <div
      className={`overflow-x-auto rounded-xl bg-white ring-1 ring-stone-200 ${className ?? ""}`.trim()}
      tabIndex={0}
    >
      <table className={`w-full text-left text-sm ${tableClassName ?? ""}`.trim()} data-testid={testId}>
        {caption != null && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-stone-50 text-stone-600">
          <tr>
            {columns.map((h, i) => (
              <th
                key={h.key ?? (typeof h.label === "string" ? h.label : i)}
                scope="col"
                className={`px-3 py-2 font-medium ${h.numeric ? "text-right" : ""}`.trim()}
              >
                {h.srOnly ? <span className="sr-only">{h.label}</span> : h.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {hasRows
            ? children
            : empty != null && (
                <tr>
                  <td colSpan={columns.length} className="px-3 py-6 text-center text-stone-500">
                    {empty}
                  </td>
                </tr>
              )}
        </tbody>
        {footer != null && footer !== false && (
          <tfoot className="border-t-2 border-stone-200 font-semibold">{footer}</tfoot>
        )}
      </table>
    </div>
  );
}
