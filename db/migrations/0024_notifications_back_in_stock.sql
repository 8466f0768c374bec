-- Issue 18/20 (helper notify, decision 092): a back-in-stock request, marked notified by the stock
-- trigger in the writer's own transaction (migration 0019), now also writes its message to the
-- notification outbox in that same transaction: e-mail when the user has an address, else SMS.
-- The key `stock_alert:<alert id>:<channel>:<address>` is unique: a mark never yields two messages.
-- Self-contained: replaces the function only; the trigger of 0019 keeps calling it.
CREATE OR REPLACE FUNCTION notify_stock_alerts() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    WITH marked AS (
      UPDATE stock_alerts SET notified_at = now()
       WHERE variant_id = NEW.id AND notified_at IS NULL
      RETURNING id, user_id
    )
    INSERT INTO notification_outbox (idempotency_key, channel, recipient, user_id, locale, template, params)
    SELECT 'stock_alert:' || m.id || ':' ||
             CASE WHEN u.email IS NOT NULL THEN 'email:' || u.email ELSE 'sms:' || u.mobile END,
           CASE WHEN u.email IS NOT NULL THEN 'email' ELSE 'sms' END,
           coalesce(u.email, u.mobile),
           u.id,
           CASE WHEN lower(u.locale) LIKE 'en%' THEN 'en' ELSE 'zh' END,
           'back_in_stock',
           jsonb_build_object(
             'productName', CASE WHEN lower(u.locale) LIKE 'en%' THEN coalesce(p.name_en, p.name) ELSE p.name END,
             'spec', CASE WHEN lower(u.locale) LIKE 'en%' THEN coalesce(NEW.spec_en, NEW.spec) ELSE NEW.spec END,
             'link', '/products/' || p.slug)
      FROM marked m
      JOIN users u ON u.id = m.user_id
      JOIN products p ON p.id = NEW.product_id
     WHERE u.deactivated_at IS NULL AND (u.email IS NOT NULL OR u.mobile IS NOT NULL)
    ON CONFLICT (idempotency_key) DO NOTHING;
    RETURN NULL;
  END
  $$;
