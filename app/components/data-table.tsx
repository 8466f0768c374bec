import { Children, cloneElement, Fragment, isValidElement, type ReactElement, type ReactNode } from "react";

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

type CellProps = { colSpan?: number; children?: ReactNode };

/**
 * Gives each cell of the rows the label of its column (`data-label`) and wraps its content in one
 * box, so that below 768 px the CSS in app/tailwind.css can show every row as a card of
 * "label value" lines (docs/decisions/086). Rows must be <tr> elements (or fragments of them) with
 * <td>/<th> children; anything else is left as it is and still shows as a card, without labels.
 */
function labelRows(rows: ReactNode, columns: DataTableHeader[]): ReactNode {
  return Children.map(rows, (row) => {
    if (!isValidElement(row)) return row;
    const element = row as ReactElement<{ children?: ReactNode }>;
    if (element.type === Fragment)
      return <Fragment key={element.key}>{labelRows(element.props.children, columns)}</Fragment>;
    if (element.type !== "tr") return row;
    let column = 0;
    const cells = Children.map(element.props.children, (cell) => {
      if (!isValidElement(cell) || (cell.type !== "td" && cell.type !== "th")) return cell;
      const props = (cell as ReactElement<CellProps>).props;
      const span = Number(props.colSpan ?? 1);
      const header = columns[column];
      column += span;
      if (span > 1 || !header || header.srOnly || typeof header.label !== "string") return cell;
      return cloneElement(
        cell as ReactElement<CellProps & { "data-label": string }>,
        { "data-label": header.label },
        <div className="dt-value">{props.children}</div>,
      );
    });
    return cloneElement(element, undefined, cells);
  });
}

/**
 * The portal pages' table: scrolling card wrapper, stone header with `scope="col"` on every heading,
 * divided body rows, and an "empty" row spanning every column. Rows stay with the page, so each page
 * keeps its own cells, links and forms. Below 768 px every row is a card (see labelRows).
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
    // Focusable: a wide table scrolls sideways on a tablet, and a keyboard user must be able to scroll it.
    <div
      className={`overflow-x-auto rounded-xl bg-white ring-1 ring-stone-200 ${className ?? ""}`.trim()}
      tabIndex={0}
    >
      <table
        className={`dt-cards w-full text-left text-sm ${tableClassName ?? ""}`.trim()}
        data-testid={testId}
      >
        {caption != null && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-stone-50 text-stone-600">
          <tr>
            {columns.map((h, i) => (
              <th
                key={h.key ?? (typeof h.label === "string" ? h.label : i)}
                scope="col"
                // A heading never breaks between its characters ("权/重"): a wide table scrolls instead.
                className={`whitespace-nowrap px-3 py-2 font-medium ${h.numeric ? "text-right" : ""}`.trim()}
              >
                {h.srOnly ? <span className="sr-only">{h.label}</span> : h.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {hasRows
            ? labelRows(children, columns)
            : empty != null && (
                <tr>
                  <td colSpan={columns.length} className="px-3 py-6 text-center text-stone-500">
                    {empty}
                  </td>
                </tr>
              )}
        </tbody>
        {footer != null && footer !== false && (
          <tfoot className="border-t-2 border-stone-200 font-semibold">{labelRows(footer, columns)}</tfoot>
        )}
      </table>
    </div>
  );
}
