import type { Messages } from "./types";

// Issue 17 (helper content): the product gallery, 已售 on cards, and the supplier's optional
// English texts of a product.
export const showcaseMessages = {
  "showcase.sold": { zh: "已售 {count}", en: "{count} sold" },
  "showcase.soldNote": {
    zh: "已售：已支付的件数，退款的不计",
    en: "Sold: units paid for, refunded units not counted",
  },
  "showcase.gallery": { zh: "商品图片", en: "Product pictures" },
  "showcase.galleryCount": { zh: "共 {count} 张 · 左右滑动", en: "{count} pictures · swipe" },
  "showcase.galleryShow": { zh: "查看第 {n} 张图片", en: "Show picture {n}" },
  "showcase.subtitleEn": { zh: "英文卖点（可选）", en: "Tagline in English (optional)" },
  "showcase.descriptionEn": { zh: "英文描述（可选）", en: "Description in English (optional)" },
} satisfies Messages;
