// The one status badge of the site (a state such as 已支付, 库存 0, 已上架): a pill that never breaks
// inside its words ("已支/付" in a squeezed column was the bug), in a tone that says good, waiting
// or bad. Extra attributes (data-testid, data-status) go on the pill.
import type { HTMLAttributes, ReactNode } from "react";

export type BadgeTone = "neutral" | "good" | "warn" | "bad" | "brand";

const TONES: Record<BadgeTone, string> = {
  neutral: "bg-stone-100 text-stone-700 ring-stone-300",
  good: "bg-green-50 text-green-800 ring-green-200",
  warn: "bg-amber-50 text-amber-800 ring-amber-200",
  bad: "bg-red-50 text-red-700 ring-red-200",
  brand: "bg-brand-50 text-brand-800 ring-brand-200",
};

export function StatusBadge({
  tone = "neutral",
  size = "xs",
  children,
  className,
  ...rest
}: {
  tone?: BadgeTone;
  /** Text size: "xs" in lists and tables, "sm" beside a page's heading. */
  size?: "xs" | "sm";
  children: ReactNode;
} & HTMLAttributes<HTMLSpanElement>) {
  return (
    <span
      {...rest}
      className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 ring-1 ${size === "sm" ? "text-sm" : "text-xs"} ${TONES[tone]} ${className ?? ""}`.trim()}
    >
      {children}
    </span>
  );
}
