// Alipay (支付宝) and WeChat Pay (微信支付): the payment choice at checkout and the WeChat Pay QR page.
export const chinaPayMessages = {
  "checkout.payAlipay": { zh: "支付宝", en: "Alipay" },
  "checkout.payWechat": { zh: "微信支付", en: "WeChat Pay" },
  "buyer.provider.alipay": { zh: "支付宝", en: "Alipay" },
  "buyer.provider.wechat_pay": { zh: "微信支付", en: "WeChat Pay" },
  "wechatPay.title": { zh: "微信扫码支付", en: "Pay with WeChat" },
  "wechatPay.scan": {
    zh: "请用微信扫一扫下方二维码，支付 {amount}（订单 {orderNumber}）。",
    en: "Scan the QR code below with WeChat to pay {amount} (order {orderNumber}).",
  },
  "wechatPay.qrAlt": { zh: "微信支付二维码", en: "WeChat Pay QR code" },
  "wechatPay.refreshing": {
    zh: "本页每 5 秒自动刷新，支付完成后会显示结果。",
    en: "This page refreshes every 5 seconds and shows the result once you have paid.",
  },
  "wechatPay.paid": { zh: "支付成功，订单 {orderNumber} 已付款。", en: "Paid: order {orderNumber} is paid." },
  "wechatPay.closed": {
    zh: "这笔支付已关闭，请回到订单重新支付。",
    en: "This payment is closed; go back to the order to pay again.",
  },
  "wechatPay.viewOrder": { zh: "查看订单", en: "View the order" },
  "wechatPay.checkNow": { zh: "我已支付，立即查询", en: "I have paid, check now" },
} as const;
