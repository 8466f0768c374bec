// The sub-navigation shared by the supplier and official portals: one row of links that scrolls
// sideways on a phone, the current section marked for screen readers.
import { NavLink } from "@remix-run/react";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-locale";

export type PortalSection = { to: string; label: MessageKey; end?: boolean };

export function PortalNav({ label, sections }: { label: MessageKey; sections: PortalSection[] }) {
  const t = useT();
  return (
    <nav aria-label={t(label)} className="border-b border-stone-200 bg-stone-50">
      <ul className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-4 text-sm">
        {sections.map((section) => (
          <li key={section.to}>
            <NavLink
              to={section.to}
              end={section.end}
              className={({ isActive }) =>
                `block whitespace-nowrap border-b-2 px-3 py-2 ${isActive ? "border-brand-600 font-semibold text-brand-700" : "border-transparent hover:text-brand-700"}`
              }
            >
              {t(section.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
