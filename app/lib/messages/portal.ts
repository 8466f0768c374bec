// Navigation of the supplier and officials' portals.
export const portalMessages = {
  "portal.supplier.nav": { zh: "经营主体后台导航", en: "Supplier portal" },
  "portal.supplier.dashboard": { zh: "概览", en: "Overview" },
  "portal.supplier.products": { zh: "商品与库存", en: "Products" },
  "portal.supplier.orders": { zh: "订单发货", en: "Orders" },
  "portal.supplier.linkages": { zh: "利益联结协议", en: "Linkages" },
  "portal.supplier.certifications": { zh: "认定申请", en: "Certification" },
  "portal.supplier.reports": { zh: "销售报表", en: "Reports" },
  "portal.official.nav": { zh: "管理后台导航", en: "Officials' portal" },
  "portal.official.statistics": { zh: "帮扶统计", en: "Statistics" },
  "portal.official.registry": { zh: "帮扶对象", en: "Registry" },
  "portal.official.linkages": { zh: "协议审核", en: "Agreements" },
  "portal.official.certifications": { zh: "认定审核", en: "Certification" },
  "portal.official.organisations": { zh: "机构采购", en: "Institutions" },
  "portal.official.orders": { zh: "订单与退款", en: "Orders & refunds" },
  "portal.official.audit": { zh: "审计日志", en: "Audit log" },
  "portal.official.tokens": { zh: "接口令牌", en: "API tokens" },
} as const;
