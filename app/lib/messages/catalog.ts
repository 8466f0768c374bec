import type { Messages } from "./types";

// The storefront's catalogue: home, /products (search, filters, pages), product and supplier pages, SEO.
export const catalogMessages = {
  // search
  "catalog.search.label": { zh: "搜索商品", en: "Search products" },
  "catalog.search.placeholder": { zh: "如：香菇、xianggu、xg", en: "e.g. shiitake, xianggu, xg" },
  "catalog.search.submit": { zh: "搜索", en: "Search" },
  "catalog.search.hint": { zh: "支持中文、全拼和拼音首字母", en: "Chinese, full pinyin or pinyin initials" },

  // the list page
  "catalog.title": { zh: "全部商品", en: "All products" },
  "catalog.titleFor": { zh: "搜索“{q}”", en: "Search: “{q}”" },
  "catalog.description": {
    zh: "三门峡示范区消费帮扶产品：水果、食用菌、中药材、核桃花椒等，按分类、产地、经营主体和价格筛选，每一笔购买都带动脱贫户增收。",
    en: "Consumption-assistance products of the Sanmenxia demonstration zone: fruit, fungi, herbs, walnuts and more, by category, origin, supplier and price.",
  },
  "catalog.count": { zh: "共 {count} 件商品", en: "{count} products" },
  "catalog.countFor": { zh: "“{q}”共找到 {count} 件商品", en: "{count} products for “{q}”" },
  "catalog.filters": { zh: "筛选与排序", en: "Filter and sort" },
  "catalog.filtersActive": { zh: "已选 {count} 项", en: "{count} selected" },
  "catalog.category": { zh: "分类", en: "Category" },
  "catalog.allCategories": { zh: "全部分类", en: "All categories" },
  "catalog.allOf": { zh: "{name}（全部）", en: "{name} (all)" },
  "catalog.town": { zh: "镇/街道", en: "Town" },
  "catalog.allTowns": { zh: "全部镇街", en: "All towns" },
  "catalog.village": { zh: "产地村", en: "Village" },
  "catalog.allVillages": { zh: "全部村", en: "All villages" },
  "catalog.kind": { zh: "经营主体类型", en: "Supplier type" },
  "catalog.allKinds": { zh: "全部类型", en: "All types" },
  "catalog.certifiedOnly": { zh: "只看认定帮扶产品", en: "Certified products only" },
  "catalog.inStockOnly": { zh: "只看有货", en: "In stock only" },
  "catalog.price": { zh: "价格（元）", en: "Price (yuan)" },
  "catalog.priceMin": { zh: "最低价（元）", en: "Minimum price (yuan)" },
  "catalog.priceMax": { zh: "最高价（元）", en: "Maximum price (yuan)" },
  "catalog.priceMinShort": { zh: "最低", en: "Min" },
  "catalog.priceMaxShort": { zh: "最高", en: "Max" },
  "catalog.sort": { zh: "排序", en: "Sort by" },
  "catalog.sort.default": { zh: "综合排序", en: "Best match" },
  "catalog.sort.relevance": { zh: "相关度", en: "Relevance" },
  "catalog.sort.popular": { zh: "销量优先", en: "Best selling" },
  "catalog.sort.newest": { zh: "最新上架", en: "Newest" },
  "catalog.sort.price_asc": { zh: "价格从低到高", en: "Price: low to high" },
  "catalog.sort.price_desc": { zh: "价格从高到低", en: "Price: high to low" },
  "catalog.apply": { zh: "应用筛选", en: "Apply" },
  "catalog.clear": { zh: "清除筛选", en: "Clear filters" },
  "catalog.empty": { zh: "没有找到与“{q}”相符的商品。", en: "No products match “{q}”." },
  "catalog.emptyFilters": { zh: "没有符合这些条件的商品。", en: "No products match these filters." },
  "catalog.emptyHint": {
    zh: "换个说法试试，比如用拼音或首字母（xianggu、xg），或者看看下面的分类。",
    en: "Try other words, pinyin or initials (xianggu, xg), or browse the categories below.",
  },
  "catalog.emptyCategories": { zh: "按分类浏览", en: "Browse by category" },
  "catalog.emptyPopular": { zh: "大家都在买", en: "Popular right now" },
  "catalog.beyondLast": {
    zh: "第 {page} 页没有商品：符合条件的 {count} 件商品共 {pages} 页。",
    en: "Page {page} is empty: the {count} matching products fill {pages} pages.",
  },
  "catalog.toLastPage": { zh: "去最后一页", en: "Go to the last page" },
  "catalog.pagination": { zh: "分页", en: "Pages" },
  "catalog.pageOf": { zh: "第 {page} / {pages} 页", en: "Page {page} of {pages}" },
  "catalog.prev": { zh: "上一页", en: "Previous" },
  "catalog.next": { zh: "下一页", en: "Next" },
  "catalog.pageN": { zh: "第 {page} 页", en: "Page {page}" },
  "catalog.ignored": { zh: "以下条件有误，已忽略：", en: "Some conditions were ignored:" },
  "catalog.problem.q": {
    zh: "搜索词过长，只按前 {value} 个字搜索。",
    en: "The search was too long; only its first {value} characters were used.",
  },
  "catalog.problem.category": { zh: "没有“{value}”这个分类。", en: "There is no category “{value}”." },
  "catalog.problem.town": { zh: "没有代码为 {value} 的镇/街道。", en: "There is no town with code {value}." },
  "catalog.problem.village": {
    zh: "没有代码为 {value} 的产地村。",
    en: "There is no village with code {value}.",
  },
  "catalog.problem.village_town": {
    zh: "所选的村不在所选的镇/街道，已按镇/街道筛选。",
    en: "The village is not in the chosen town; the town alone was used.",
  },
  "catalog.problem.kind": { zh: "“{value}”不是经营主体类型。", en: "“{value}” is not a supplier type." },
  "catalog.problem.flag": {
    zh: "勾选项的值“{value}”无效。",
    en: "The checkbox value “{value}” is not valid.",
  },
  "catalog.problem.price_min": {
    zh: "最低价“{value}”不是有效金额（例如 30 或 29.90）。",
    en: "Minimum price “{value}” is not an amount (e.g. 30 or 29.90).",
  },
  "catalog.problem.price_max": {
    zh: "最高价“{value}”不是有效金额（例如 30 或 29.90）。",
    en: "Maximum price “{value}” is not an amount (e.g. 30 or 29.90).",
  },
  "catalog.problem.price_range": {
    zh: "最低价高于最高价（{value} 元），价格条件未生效。",
    en: "The minimum price is above the maximum ({value} yuan); no price filter was applied.",
  },
  "catalog.problem.sort": {
    zh: "不认识的排序方式“{value}”，已按默认排序。",
    en: "Unknown sort “{value}”; the default order was used.",
  },
  "catalog.problem.page": {
    zh: "页码“{value}”无效，已显示第 1 页。",
    en: "Page “{value}” is not valid; showing page 1.",
  },

  // supplier kinds
  "catalog.kind.cooperative": { zh: "农民专业合作社", en: "Cooperative" },
  "catalog.kind.enterprise": { zh: "龙头企业", en: "Leading enterprise" },
  "catalog.kind.village_collective": { zh: "村集体经济组织", en: "Village collective" },
  "catalog.kind.workshop": { zh: "帮扶车间", en: "Assistance workshop" },
  "catalog.kind.household": { zh: "帮扶农户（庭院经济）", en: "Supported household" },

  // cards
  "catalog.card.soldOut": { zh: "暂时缺货", en: "Out of stock" },
  "catalog.card.certified": { zh: "帮扶产品认定", en: "Certified" },

  // product page
  "catalog.breadcrumb": { zh: "当前位置", en: "Breadcrumb" },
  "catalog.product.originTown": { zh: "所属镇街", en: "Town" },
  "catalog.product.category": { zh: "分类", en: "Category" },
  "catalog.product.season": { zh: "应季", en: "In season" },
  "catalog.product.allYear": { zh: "全年供应", en: "All year" },
  "catalog.product.traceCode": { zh: "追溯码", en: "Trace code" },
  "catalog.product.supplierPage": { zh: "了解这家经营主体", en: "About this supplier" },
  "catalog.product.chooseVariant": { zh: "选择规格", en: "Choose an option" },
  "catalog.product.stockLeft": { zh: "库存 {count}", en: "{count} in stock" },
  "catalog.product.quantity": { zh: "数量", en: "Quantity" },
  "catalog.product.addToCart": { zh: "加入购物车", en: "Add to cart" },
  "catalog.product.buyNow": { zh: "立即购买", en: "Buy now" },
  "catalog.product.impactNote": {
    zh: "买它带动 {households} 户增收，含监测户 {monitored} 户",
    en: "Raises the income of {households} households ({monitored} monitored)",
  },
  "catalog.product.impactNoteCollectives": {
    zh: "买它带动 {count} 个村集体增收",
    en: "Raises the income of {count} village collectives",
  },
  "catalog.product.allSoldOut": {
    zh: "所有规格都已售罄，补货后即可购买。",
    en: "Every option is sold out for now.",
  },
  "catalog.product.description": { zh: "商品详情", en: "Details" },
  "catalog.product.moreFrom": { zh: "更多{name}商品", en: "More {name}" },

  // impact panel
  "catalog.impact.title": { zh: "您的购买带动谁增收", en: "Whose income your purchase raises" },
  "catalog.impact.households": { zh: "带动农户", en: "Households" },
  "catalog.impact.monitored": { zh: "其中监测对象", en: "Of them monitored" },
  "catalog.impact.collectives": { zh: "村集体", en: "Village collectives" },
  "catalog.impact.villages": { zh: "涉及村", en: "Villages" },
  "catalog.impact.unitHouseholds": { zh: "户", en: "" },
  "catalog.impact.unitCollectives": { zh: "个", en: "" },
  "catalog.impact.unitVillages": { zh: "个", en: "" },
  "catalog.impact.mechanisms": { zh: "联结方式：", en: "How they benefit: " },
  "catalog.impact.productOwn": {
    zh: "按本商品的利益联结协议统计。",
    en: "From this product's own benefit-linkage agreements.",
  },
  "catalog.impact.supplierWide": {
    zh: "按该经营主体的利益联结协议统计。",
    en: "From the supplier's benefit-linkage agreements.",
  },
  "catalog.impact.note": {
    zh: "仅统计经乡村振兴部门审核、今天有效的利益联结协议；只显示汇总数字，不公开任何农户信息。",
    en: "Only agreements approved by the rural-revitalisation bureau and in force today; totals only, no household details.",
  },
  "catalog.impact.none": {
    zh: "暂无经审核生效的利益联结协议。",
    en: "No approved benefit-linkage agreement is in force yet.",
  },

  // supplier page
  "catalog.supplier.kind": { zh: "主体类型", en: "Type" },
  "catalog.supplier.location": { zh: "所在地", en: "Location" },
  "catalog.supplier.partyBranchLed": { zh: "村党组织领办", en: "Led by the village Party branch" },
  "catalog.supplier.certified": { zh: "帮扶经营主体认定", en: "Certified assistance supplier" },
  "catalog.supplier.notCertified": {
    zh: "尚未通过帮扶经营主体认定",
    en: "Not yet certified as an assistance supplier",
  },
  "catalog.supplier.story": { zh: "主体介绍", en: "About" },
  "catalog.supplier.products": { zh: "在售商品（{count}）", en: "Products on sale ({count})" },
  "catalog.supplier.noProducts": { zh: "暂时没有在售商品。", en: "Nothing on sale right now." },
  "catalog.supplier.description": { zh: "{name}：{kind}，位于{place}。", en: "{name}: {kind} in {place}." },

  // home
  "catalog.home.headlineSales": { zh: "{year} 年消费帮扶销售额", en: "Assisted sales in {year}" },
  "catalog.home.headlineHouseholds": { zh: "{year} 年带动增收农户", en: "Households reached in {year}" },
  "catalog.home.householdsValue": { zh: "{count} 户", en: "{count}" },
  "catalog.home.seasonal": { zh: "{month} 月当季", en: "In season this month" },
  "catalog.home.viewAll": { zh: "查看全部 {count} 件商品", en: "See all {count} products" },
  "catalog.home.byOrigin": { zh: "按产地逛", en: "Browse by origin" },
  "catalog.home.townCount": { zh: "{count} 件", en: "{count}" },
} satisfies Messages;
