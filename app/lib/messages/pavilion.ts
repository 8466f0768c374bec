import type { Messages } from "./types";

// Issue 21: village and town pavilions (一村一品), the "reach the unreached" shelf and sort, and an
// institution's basket advisor. Storefront catalog (app/lib/i18n.ts): the home page and /products show it.
export const pavilionMessages = {
  // links to the pavilions
  "pavilion.link": { zh: "产地馆", en: "Pavilion" },
  "pavilion.villageLink": { zh: "{name}馆", en: "{name} pavilion" },
  "pavilion.townLink": { zh: "{name}馆", en: "{name} pavilion" },

  // the pavilion page
  "pavilion.kicker.village": { zh: "一村一品 · 村级展馆", en: "One village, one product · village pavilion" },
  "pavilion.kicker.town": { zh: "一村一品 · 镇级展馆", en: "One village, one product · town pavilion" },
  "pavilion.description": {
    zh: "{name}的帮扶产品、经营主体、主导产品、村集体和农户今年的帮扶收入与产季。",
    en: "Products, sellers, leading product, this year's attributed income and seasons of {name}.",
  },
  "pavilion.inTown": { zh: "所属镇街：{name}", en: "Town: {name}" },
  "pavilion.leading": { zh: "主导产品", en: "Leading product" },
  "pavilion.leadingNote": { zh: "按销量，{category}", en: "By units sold, {category}" },
  "pavilion.figures": { zh: "{year} 年帮扶成效", en: "{year} impact" },
  "pavilion.collectiveIncome": { zh: "村集体经济帮扶收入", en: "Village collective income" },
  "pavilion.householdIncome": { zh: "农户帮扶收入", en: "Households' attributed income" },
  "pavilion.households": { zh: "带动农户", en: "Households reached" },
  "pavilion.monitored": { zh: "其中监测户", en: "of them monitored households" },
  "pavilion.householdsValue": { zh: "{count} 户", en: "{count}" },
  "pavilion.withheld": { zh: "<5（不足 5 户，不予显示）", en: "<5 (fewer than 5 households, withheld)" },
  "pavilion.figuresNote": {
    zh: "按支付日期（北京时间）统计本年净帮扶收入；只显示汇总数，少于 5 户的数字不予显示，不含任何姓名或证件号。",
    en: "Net attributed income this year by payment date (Beijing time); aggregates only, figures behind fewer than 5 households withheld, no names or ID numbers.",
  },
  "pavilion.products": { zh: "本地产品（{count}）", en: "Products from here ({count})" },
  "pavilion.noProducts": { zh: "暂无在售产品。", en: "No products on sale yet." },
  "pavilion.suppliers": { zh: "经营主体", en: "Sellers" },
  "pavilion.noSuppliers": { zh: "暂无经营主体。", en: "No sellers yet." },
  "pavilion.partyBranchLed": { zh: "村党组织领办", en: "Party-branch-led" },
  "pavilion.villages": { zh: "下辖行政村", en: "Villages" },
  "pavilion.villageProducts": { zh: "{count} 件产品", en: "{count} products" },
  "pavilion.calendar": { zh: "产季日历", en: "Seasonal calendar" },
  "pavilion.calendar.season": { zh: "按产品的采收月份。", en: "From the products' harvest months." },
  "pavilion.calendar.sales": {
    zh: "产品未标注采收月份，按近 12 个月各月的销售品类。",
    en: "No harvest months recorded: the categories sold in each of the last 12 months.",
  },
  "pavilion.calendar.none": { zh: "暂无产季信息。", en: "No season information yet." },
  "pavilion.month": { zh: "{month} 月", en: "Month {month}" },

  // reach the unreached: the shelf, the sort, the cards
  "unreached.shelf": { zh: "帮扶最需要的农户", en: "Help the households that need it most" },
  "unreached.shelfNote": {
    zh: "这些产品的利益联结中，有今年尚未获得帮扶收入的监测户（防返贫监测对象）。数字是按最低价规格买 1 件、按带农比例和联结权重精确分配后，将获得收入的这类农户数；每 10 分钟更新，少于 5 户显示为 <5。",
    en: "These products are linked to monitored households that have received no attributed income yet this year. The figure is how many of them buying one of the cheapest option would reach, by the exact split of its benefit pool; updated every 10 minutes, <5 below five.",
  },
  "unreached.more": { zh: "查看全部", en: "See all" },
  "unreached.sort": { zh: "帮扶最需要的农户", en: "Help those who need it most" },
  "catalog.sort.unreached": { zh: "帮扶最需要的农户", en: "Help those who need it most" },
  "unreached.card": {
    zh: "可帮扶 {count} 户待帮扶监测户",
    en: "Reaches {count} monitored households still waiting",
  },

  // the advisor (institution buyers)
  "advisor.title": { zh: "帮扶采购顾问", en: "Purchase advisor" },
  "advisor.intro": {
    zh: "输入预算，系统在各经营主体的在售产品中配出一篮商品，使今年尚未获得帮扶收入的监测户被带动得最多。",
    en: "Enter a budget: the advisor fills a basket across sellers that reaches as many monitored households as possible that have received nothing yet this year.",
  },
  "advisor.how": { zh: "怎么算的", en: "How it works" },
  "advisor.howText": {
    zh: "每一步在所有规格、所有数量中，挑选“新增带动的监测户数 ÷ 增加的金额（含运费）”最高的一项加入，直到预算用完或再也带动不到新的农户；也单独为每个经营主体算一篮，取带动最多的一篮。每行的帮扶金额按带农比例计算，再按利益联结权重以最大余额法分到户，与付款后账本的分配完全一致；库存不足的数量不会选入。",
    en: "Each step adds the option and quantity with the most newly reached monitored households per fen added (shipping included), until the budget is spent or nobody new can be reached; a basket per single seller is computed too, and the one reaching most is proposed. Each line's pool follows the benefit rate and is split by linkage weight with the largest-remainder method, exactly as the ledger will split it after payment; quantities never exceed stock.",
  },
  "advisor.budget": { zh: "预算（元）", en: "Budget (yuan)" },
  "advisor.propose": { zh: "生成采购篮", en: "Propose a basket" },
  "advisor.waiting": {
    zh: "今年尚未获得帮扶收入、有利益联结的监测户：{count}",
    en: "Monitored households with a linkage and no attributed income yet this year: {count}",
  },
  "advisor.result": { zh: "建议采购篮", en: "Proposed basket" },
  "advisor.reach": { zh: "预计新带动监测户：{count}", en: "Monitored households newly reached: {count}" },
  "advisor.product": { zh: "商品", en: "Product" },
  "advisor.supplier": { zh: "经营主体", en: "Seller" },
  "advisor.quantity": { zh: "数量", en: "Qty" },
  "advisor.lineTotal": { zh: "小计", en: "Line total" },
  "advisor.goods": { zh: "商品金额", en: "Goods" },
  "advisor.shipping": { zh: "运费", en: "Shipping" },
  "advisor.total": { zh: "合计", en: "Total" },
  "advisor.empty": {
    zh: "在这个预算内买不到能带动新监测户的商品（或今年的监测户都已被带动）。",
    en: "Nothing within this budget reaches a monitored household not yet reached (or all have been reached this year).",
  },
  "advisor.place": { zh: "放入购物车", en: "Put in cart" },
  "advisor.placeNote": {
    zh: "放入时按当前库存和联结重新计算；购物车里原有的其他商品保留。",
    en: "Recomputed from current stock and linkages when placed; other items in your cart stay.",
  },
  "advisor.placed": {
    zh: "已放入购物车：{lines} 种商品，预计新带动监测户 {count}",
    en: "In your cart: {lines} items, monitored households newly reached: {count}",
  },
  "advisor.error.budget": {
    zh: "请输入 0.01 至 1,000,000 元之间的预算",
    en: "Enter a budget between ¥0.01 and ¥1,000,000",
  },
  "advisor.error.changed": {
    zh: "库存或联结刚刚有变化，采购篮已重新计算，请核对后再放入购物车。",
    en: "Stock or linkages just changed; the basket was recomputed — check it and put it in the cart again.",
  },
  "advisor.error.empty": {
    zh: "这个预算没有可放入的商品。",
    en: "There is nothing to put in the cart for this budget.",
  },
  "advisor.error.cart": {
    zh: "有商品刚刚售罄或下架，请重新生成采购篮。",
    en: "An item just sold out or was withdrawn; propose the basket again.",
  },
  "advisor.link": { zh: "帮扶采购顾问", en: "Purchase advisor" },
  "advisor.toast.placed": {
    zh: "采购篮已放入购物车，结算时可选择以单位名义采购。",
    en: "The basket is in your cart; at checkout you can buy for your organisation.",
  },
} satisfies Messages;
