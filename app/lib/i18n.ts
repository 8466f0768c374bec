// Chinese first, English available. The locale comes from the `lang` cookie (set by /lang);
// messages live in one dictionary so a missing translation is a type error.
export const LOCALES = ["zh", "en"] as const;
export type Locale = (typeof LOCALES)[number];

const messages = {
  "site.name": { zh: "消费帮扶馆 · 三门峡示范区", en: "Consumption Assistance Store · Sanmenxia" },
  "site.tagline": { zh: "买特色农产品，带脱贫户增收", en: "Buy local specialties, raise supported households' income" },
  "nav.home": { zh: "首页", en: "Home" },
  "nav.products": { zh: "全部商品", en: "All products" },
  "nav.switchLanguage": { zh: "English", en: "中文" },
  "home.featured": { zh: "精选帮扶产品", en: "Featured products" },
  "home.categories": { zh: "商品分类", en: "Categories" },
  "home.allProducts": { zh: "全部在售商品", en: "All products on sale" },
  "product.from": { zh: "起", en: "from" },
  "product.certified": { zh: "帮扶产品认定", en: "Certified assistance product" },
  "product.notCertified": { zh: "未认定", en: "Not certified" },
  "product.certificateNo": { zh: "认定证书编号", en: "Certificate no." },
  "product.issuer": { zh: "认定单位", en: "Issued by" },
  "product.validUntil": { zh: "有效期至", en: "Valid until" },
  "product.origin": { zh: "产地", en: "Origin" },
  "product.supplier": { zh: "经营主体", en: "Supplier" },
  "product.variants": { zh: "规格", en: "Options" },
  "product.stock": { zh: "库存", en: "In stock" },
  "product.soldOut": { zh: "已售罄", en: "Sold out" },
  "error.notFound": { zh: "页面不存在", en: "Page not found" },
  "error.notFoundBody": { zh: "您访问的页面不存在或已下架。", en: "The page does not exist or was withdrawn." },
  "error.generic": { zh: "出错了", en: "Something went wrong" },
  "error.genericBody": { zh: "请稍后再试。", en: "Please try again later." },
  "error.backHome": { zh: "返回首页", en: "Back to the home page" },
} satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof messages;

export function translate(locale: Locale, key: MessageKey): string {
  return messages[key][locale];
}

export function localeFromRequest(request: Request): Locale {
  const cookie = request.headers.get("Cookie") ?? "";
  const match = /(?:^|;\s*)lang=(zh|en)/.exec(cookie);
  return (match?.[1] as Locale | undefined) ?? "zh";
}

/** Picks the English text when the locale is English and one exists. */
export function localized(locale: Locale, zh: string, en: string | null | undefined): string {
  return locale === "en" && en ? en : zh;
}
