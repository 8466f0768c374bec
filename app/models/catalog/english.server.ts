// English for the storefront (issue 17, decision 091): what an English page shows when the
// database holds only Chinese. Places, suppliers and issuers without an English name are spelt in
// pinyin (core/pinyin.ts romanizeName: 下庄村 → Xiazhuang Village); the district bureau that issues
// certificates has its English name; a product without an English tagline shows none, and one
// without an English description shows a short one built from its English facts, never Chinese.
import { romanizeName } from "../../../core/pinyin";

/** Issuers with an English name; the first is certifications.server.ts's DEFAULT_ISSUER (a test checks). */
export const KNOWN_ISSUERS: Record<string, string> = {
  三门峡市城乡一体化示范区乡村振兴局:
    "Rural Revitalisation Bureau, Sanmenxia Urban-Rural Integration Demonstration Zone",
};

/** The English of a place or supplier name: the one given, else its pinyin spelling. */
export function englishName(zh: string, en: string | null | undefined): string {
  return en?.trim() || romanizeName(zh);
}

/** The English of a certificate issuer. */
export function englishIssuer(issuer: string | null): string | null {
  if (!issuer) return null;
  return KNOWN_ISSUERS[issuer.trim()] ?? romanizeName(issuer);
}

/** An English description for a product that has none: what it is, where from, who sells it. */
export function fallbackDescriptionEn(p: {
  nameEn: string | null;
  categoryNameEn: string;
  villageNameEn: string;
  townNameEn: string;
  supplierNameEn: string;
}): string {
  const what = p.nameEn?.trim() || p.categoryNameEn;
  return `${what} from ${p.villageNameEn}, ${p.townNameEn}, sold by ${p.supplierNameEn}. Part of every purchase goes to the supported households linked to the supplier.`;
}
