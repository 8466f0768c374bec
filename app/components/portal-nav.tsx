// The sub-navigation shared by the supplier, official and buyer portals: the links wrap into as
// many rows as the screen needs, so every section is in sight on a phone (no hidden sideways
// scroll); the current section is marked for screen readers.
import { NavLink } from "@remix-run/react";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-locale";

export type PortalSection = { to: string; label: MessageKey; end?: boolean };

export function PortalNav({ label, sections }: { label: MessageKey; sections: PortalSection[] }) {
  const t = useT();
  return (
    <nav aria-label={t(label)} className="border-b border-stone-200 bg-stone-50">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-x-1 px-2 text-sm sm:px-4">
        {sections.map((section) => (
          <li key={section.to}>
            <NavLink
              to={section.to}
              end={section.end}
              className={({ isActive }) =>
                `block whitespace-nowrap border-b-2 px-2 py-2 sm:px-3 ${isActive ? "border-brand-600 font-semibold text-brand-700" : "border-transparent hover:text-brand-700"}`
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
