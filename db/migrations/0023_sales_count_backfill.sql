-- 已售 (decision 090): products.sales_count is the units of paid orders minus the units refunded.
-- Until now refunds left it alone and the seed wrote random numbers: set it once from the order
-- lines; markOrderPaid and refundOrderLinesIn keep it from here on.
UPDATE "products" AS p
SET "sales_count" = greatest(coalesce(x.units, 0), 0)
FROM (
  SELECT p2.id,
    (SELECT sum(l.quantity - l.refunded_quantity)
       FROM "order_lines" l JOIN "orders" o ON o.id = l.order_id
      WHERE l.product_id = p2.id AND o.paid_at IS NOT NULL) AS units
  FROM "products" p2
) AS x
WHERE x.id = p.id AND p."sales_count" <> greatest(coalesce(x.units, 0), 0);
