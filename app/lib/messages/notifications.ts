import type { Messages } from "./types";

// Notifications (issue 18): the e-mail and SMS texts the outbox sends ({name} placeholders filled
// from the message's params), the message pages, and the official accounts page.
export const notificationMessages = {
  // ── message texts: notify.<template>.subject / .body ──
  "notify.application_received.subject": {
    zh: "已收到您的入驻申请：{entityName}",
    en: "We received your application: {entityName}",
  },
  "notify.application_received.body": {
    zh: "您好，{entityName} 的入驻申请已提交，所在乡镇将尽快审核。进度可在“申请进度”页面查看。",
    en: "Hello, the application of {entityName} was submitted; the town will review it shortly. Follow it on the application status page.",
  },
  "notify.application_more_material.subject": {
    zh: "入驻申请需补充材料：{entityName}",
    en: "More material needed: {entityName}",
  },
  "notify.application_more_material.body": {
    zh: "您好，乡镇审核 {entityName} 的申请时需要您补充材料：{message}。请在“申请进度”页面补充后重新提交。",
    en: "Hello, the town needs more material for the application of {entityName}: {message}. Add it on the application status page and resubmit.",
  },
  "notify.application_recommended.subject": {
    zh: "入驻申请已获乡镇推荐：{entityName}",
    en: "Application recommended by the town: {entityName}",
  },
  "notify.application_recommended.body": {
    zh: "您好，{entityName} 的申请已由乡镇推荐，等待示范区审定。",
    en: "Hello, the town recommended the application of {entityName}; the district decides next.",
  },
  "notify.application_public_notice.subject": {
    zh: "入驻申请已审定通过，进入公示：{entityName}",
    en: "Application approved, now under public notice: {entityName}",
  },
  "notify.application_public_notice.body": {
    zh: "您好，{entityName} 的申请已由示范区审定通过，公示期至 {noticeEndsOn}；公示期满后自动开通。",
    en: "Hello, the district approved the application of {entityName}; it is under public notice until {noticeEndsOn} and opens when the notice ends.",
  },
  "notify.application_rejected.subject": {
    zh: "入驻申请未通过：{entityName}",
    en: "Application not accepted: {entityName}",
  },
  "notify.application_rejected.body": {
    zh: "您好，{entityName} 的申请未通过，原因：{reason}。",
    en: "Hello, the application of {entityName} was not accepted. Reason: {reason}.",
  },
  "notify.application_active.subject": {
    zh: "已开通：{entityName} 成为本馆供应商",
    en: "Open: {entityName} now sells here",
  },
  "notify.application_active.body": {
    zh: "您好，公示期满，{entityName} 已开通。登录后进入供应商工作台上架商品、邀请员工。",
    en: "Hello, the public notice is over and {entityName} is open. Sign in to the supplier portal to list products and invite staff.",
  },
  "notify.staff_invitation.subject": {
    zh: "{supplierName} 邀请您加入",
    en: "{supplierName} invites you to join",
  },
  "notify.staff_invitation.body": {
    zh: "您好，{supplierName} 邀请您以“{role}”身份加入其供应商团队。请用本邮箱或手机号注册或登录后打开链接接受邀请（72 小时内有效，仅可使用一次）：{link}",
    en: "Hello, {supplierName} invites you to join its team as {role}. Sign up or sign in with this e-mail address or mobile number, then open the link to accept (valid 72 hours, once): {link}",
  },
  "notify.supplier_standing.subject": {
    zh: "供应商状态变更：{supplierName} · {action}",
    en: "Supplier standing: {supplierName} · {action}",
  },
  "notify.supplier_standing.body": {
    zh: "您好，示范区对 {supplierName} 作出“{action}”处理，理由：{reason}。详情见供应商工作台“经营状态”页面。",
    en: "Hello, the district recorded “{action}” for {supplierName}. Reason: {reason}. See the standing page of the supplier portal.",
  },
  "notify.order_paid.subject": {
    zh: "订单 {orderNumber} 已支付",
    en: "Order {orderNumber} is paid",
  },
  "notify.order_paid.body": {
    zh: "您好，您的订单 {orderNumber} 已支付 {total}，感谢您支持消费帮扶。发货后我们会再通知您。",
    en: "Hello, your order {orderNumber} is paid ({total}). Thank you for supporting consumption assistance. We will tell you when it ships.",
  },
  "notify.deposit_paid.subject": {
    zh: "订单 {orderNumber} 定金已付",
    en: "Deposit paid for order {orderNumber}",
  },
  "notify.deposit_paid.body": {
    zh: "您好，您的预售订单 {orderNumber} 已支付定金 {deposit}。请在 {balanceFrom} 至 {balanceUntil}（含当日）支付尾款 {balance}；逾期未付尾款，订单将取消，定金不退。订单页：{link}",
    en: "Hello, the deposit {deposit} of your pre-sale order {orderNumber} is paid. Pay the balance {balance} from {balanceFrom} to {balanceUntil} (inclusive); if it is not paid by then, the order is cancelled and the deposit is not refunded. Order page: {link}",
  },
  "notify.balance_open.subject": {
    zh: "订单 {orderNumber} 现在可以支付尾款",
    en: "The balance of order {orderNumber} is payable now",
  },
  "notify.balance_open.body": {
    zh: "您好，预售订单 {orderNumber} 的尾款 {balance} 现在可以支付，截止 {balanceUntil}（含当日）；逾期未付，订单将取消，定金不退。请在订单页支付：{link}",
    en: "Hello, the balance {balance} of pre-sale order {orderNumber} is payable now, until {balanceUntil} (inclusive); if it is not paid by then, the order is cancelled and the deposit is not refunded. Pay on the order page: {link}",
  },
  "notify.order_shipped.subject": {
    zh: "订单 {orderNumber} 已发货",
    en: "Order {orderNumber} has shipped",
  },
  "notify.order_shipped.body": {
    zh: "您好，{supplierName} 已发出您的订单 {orderNumber}：{carrier} {trackingNo}。",
    en: "Hello, {supplierName} shipped your order {orderNumber}: {carrier} {trackingNo}.",
  },
  "notify.order_refunded.subject": {
    zh: "订单 {orderNumber} 已退款 {amount}",
    en: "Order {orderNumber} refunded {amount}",
  },
  "notify.order_refunded.body": {
    zh: "您好，订单 {orderNumber} 已退款 {amount}，将原路退回。",
    en: "Hello, {amount} of order {orderNumber} was refunded to the way you paid.",
  },
  "notify.bank_transfer_recorded.subject": {
    zh: "订单 {orderNumber} 的对公转账已登记",
    en: "Bank transfer recorded for order {orderNumber}",
  },
  "notify.bank_transfer_recorded.body": {
    zh: "您好，订单 {orderNumber} 的对公转账（流水号 {reference}，{amount}）已登记，订单已付款。",
    en: "Hello, the bank transfer for order {orderNumber} (reference {reference}, {amount}) was recorded; the order is paid.",
  },
  "notify.claim_opened.subject": {
    zh: "新的售后申请：订单 {orderNumber}",
    en: "New after-sales claim: order {orderNumber}",
  },
  "notify.claim_opened.body": {
    zh: "您好，顾客就订单 {orderNumber} 提出了售后申请，请在 {replyHours} 小时内于供应商工作台“售后”页面答复，逾期将提交平台处理。",
    en: "Hello, a customer opened an after-sales claim on order {orderNumber}. Answer within {replyHours} hours on the after-sales page of the supplier portal, or the platform decides.",
  },
  "notify.claim_answered.subject": {
    zh: "商家已答复您的售后申请：订单 {orderNumber}",
    en: "The seller answered your claim: order {orderNumber}",
  },
  "notify.claim_answered.body": {
    zh: "您好，商家已答复您就订单 {orderNumber} 提出的售后申请（{outcome}）。请在订单页面查看。",
    en: "Hello, the seller answered your after-sales claim on order {orderNumber} ({outcome}). See it on the order page.",
  },
  "notify.claim_escalated.subject": {
    zh: "售后申请已提交平台处理：订单 {orderNumber}",
    en: "After-sales claim escalated to the platform: order {orderNumber}",
  },
  "notify.claim_escalated.body": {
    zh: "您好，订单 {orderNumber} 的售后申请已提交平台处理，平台将尽快作出决定。",
    en: "Hello, the after-sales claim on order {orderNumber} went to the platform, which will decide shortly.",
  },
  "notify.claim_decided.subject": {
    zh: "平台已处理售后申请：订单 {orderNumber}",
    en: "The platform decided the claim: order {orderNumber}",
  },
  "notify.claim_decided.body": {
    zh: "您好，平台已就订单 {orderNumber} 的售后申请作出决定（{outcome}）。请在订单页面查看。",
    en: "Hello, the platform decided the after-sales claim on order {orderNumber} ({outcome}). See it on the order page.",
  },
  "notify.back_in_stock.subject": {
    zh: "到货提醒：{productName}",
    en: "Back in stock: {productName}",
  },
  "notify.back_in_stock.body": {
    zh: "您好，您关注的 {productName}（{spec}）已到货：{link}",
    en: "Hello, {productName} ({spec}) is back in stock: {link}",
  },
  "notify.official_appointed.subject": {
    zh: "您已开通政府部门账户：{region}",
    en: "Your official account is open: {region}",
  },
  "notify.official_appointed.body": {
    zh: "您好，{appointedBy} 已为您开通 {region} 的政府部门账户。请用本手机号和告知您的初始密码登录，并尽快修改密码：{link}",
    en: "Hello, {appointedBy} opened an official account for {region} for you. Sign in with your mobile number and the first password you were told, and change it soon: {link}",
  },
  "notify.official_scope_changed.subject": {
    zh: "您的管辖区域已调整为 {region}",
    en: "Your region is now {region}",
  },
  "notify.official_scope_changed.body": {
    zh: "您好，您的政府部门账户的管辖区域已由 {from} 调整为 {region}，即时生效。",
    en: "Hello, the region of your official account moved from {from} to {region}; it applies at once.",
  },
  "notify.footer": {
    zh: "此邮件由三门峡示范区消费帮扶馆自动发送，请勿直接回复。",
    en: "Sent automatically by the Sanmenxia consumption-assistance store; please do not reply.",
  },
  "notify.role.owner": { zh: "负责人", en: "owner" },
  "notify.role.staff": { zh: "员工", en: "staff" },
  "notify.outcome.accepted": { zh: "同意", en: "accepted" },
  "notify.outcome.refused": { zh: "不同意", en: "refused" },
  "notify.standing.warning": { zh: "预警", en: "warning" },
  "notify.standing.suspended": { zh: "暂停", en: "suspension" },
  "notify.standing.reinstated": { zh: "恢复", en: "reinstatement" },
  "notify.standing.closed": { zh: "退出", en: "closure" },

  // ── pages ──
  "notify.messages.title": { zh: "我的消息", en: "My messages" },
  "notify.messages.intro": {
    zh: "平台发给您的邮件和短信通知。短信由演示短信服务记录，并未真正发送到手机。",
    en: "E-mail and SMS notifications the platform sent you. Text messages are recorded by the demo SMS provider, not sent to a phone.",
  },
  "notify.messages.empty": { zh: "暂无消息。", en: "No messages yet." },
  "notify.messages.unread": { zh: "未读", en: "Unread" },
  "notify.messages.channel.email": { zh: "邮件", en: "E-mail" },
  "notify.messages.channel.sms": { zh: "短信", en: "SMS" },
  "notify.messages.status.pending": { zh: "待发送", en: "Pending" },
  "notify.messages.status.sent": { zh: "已发送", en: "Sent" },
  "notify.messages.status.failed": { zh: "发送失败", en: "Failed" },
  "notify.messages.status.not_configured": { zh: "未配置邮件服务", en: "E-mail not configured" },
  "notify.messages.when": { zh: "时间", en: "When" },
  "notify.messages.to": { zh: "收件人", en: "To" },
  "notify.messages.subject": { zh: "内容", en: "Message" },
  "notify.messages.status": { zh: "状态", en: "Status" },
  "notify.messages.attempts": { zh: "尝试次数", en: "Attempts" },
  "notify.messages.error": { zh: "最近错误", en: "Last error" },
  "notify.admin.title": { zh: "通知发送", en: "Notification delivery" },
  "notify.admin.intro": {
    zh: "发件箱中的全部通知：待发送、已发送、失败（重试 {max} 次后）和未配置邮件服务的记录；以及演示短信服务记录的短信。",
    en: "Every message in the outbox: pending, sent, failed (after {max} attempts) and e-mail not configured; and the texts the demo SMS provider recorded.",
  },
  "notify.admin.filter": { zh: "按状态筛选", en: "Filter by status" },
  "notify.admin.all": { zh: "全部", en: "All" },
  "notify.admin.sms": { zh: "演示短信记录", en: "Texts recorded by the demo SMS provider" },
  "notify.admin.counts": {
    zh: "待发送 {pending} · 已发送 {sent} · 失败 {failed} · 未配置 {not_configured}",
    en: "Pending {pending} · sent {sent} · failed {failed} · not configured {not_configured}",
  },
  "notify.admin.retry": { zh: "重新发送", en: "Send again" },
  "notify.toast.retried": { zh: "已重新排队发送。", en: "Queued to send again." },
  "notify.nav": { zh: "通知发送", en: "Notifications" },
  "notify.official.nav": { zh: "消息", en: "Messages" },
  "notify.official.title": { zh: "消息与通知", en: "Messages and notifications" },
  "notify.official.mine": { zh: "发给我的消息", en: "Messages to me" },
  "notify.nav.account": { zh: "我的消息", en: "My messages" },

  // ── official accounts ──
  "officials.title": { zh: "政府部门账户", en: "Official accounts" },
  "officials.intro": {
    zh: "管理员可为示范区或乡镇（街道）开设账户；示范区账户只能为本区内的乡镇开设账户、在本区乡镇之间调整管辖区域。调整即时生效；停用后该账户的登录会话立即失效。每一步都记入审计日志。",
    en: "Admins open accounts for the district or a town (subdistrict); district officials open accounts only for towns of their district and move officials between those towns. A move applies at once; deactivating an account ends its sessions at once. Every step is audited.",
  },
  "officials.readOnly": {
    zh: "乡镇账户只能查看本乡镇的政府部门账户。",
    en: "Town officials see their town's official accounts only.",
  },
  "officials.new": { zh: "开设账户", en: "Open an account" },
  "officials.name": { zh: "姓名", en: "Name" },
  "officials.mobile": { zh: "手机号", en: "Mobile" },
  "officials.email": { zh: "邮箱（可选）", en: "E-mail (optional)" },
  "officials.region": { zh: "管辖区域", en: "Region" },
  "officials.password": { zh: "初始密码（至少 8 位）", en: "First password (at least 8 characters)" },
  "officials.create": { zh: "开设", en: "Open" },
  "officials.deactivate": { zh: "停用", en: "Deactivate" },
  "officials.deactivated": { zh: "已停用", en: "Deactivated" },
  "officials.active": { zh: "在用", en: "Active" },
  "officials.status": { zh: "状态", en: "Status" },
  "officials.empty": { zh: "暂无账户。", en: "No accounts." },
  "officials.error.forbidden": {
    zh: "您无权开设或停用这个区域的账户。",
    en: "You may not open or deactivate accounts of this region.",
  },
  "officials.error.not_found": { zh: "未找到该账户。", en: "No such account." },
  "officials.error.invalid": {
    zh: "请填写姓名、有效的手机号、所属区域和至少 8 位的密码。",
    en: "Give a name, a valid mobile number, a region and a password of at least 8 characters.",
  },
  "officials.error.taken": {
    zh: "该手机号或邮箱已有账户。",
    en: "An account with this mobile number or e-mail already exists.",
  },
  "officials.error.self": {
    zh: "不能调整或停用自己的账户。",
    en: "You cannot move or deactivate your own account.",
  },
  "officials.contact": { zh: "手机号 / 邮箱", en: "Mobile / e-mail" },
  "officials.manage": { zh: "调整或停用", en: "Move or deactivate" },
  "officials.move": { zh: "调整区域", en: "Move" },
  "officials.moveTo": { zh: "{name} 的新管辖区域", en: "New region of {name}" },
  "officials.deactivateLabel": { zh: "停用 {name} 的账户", en: "Deactivate the account of {name}" },
  "officials.password.hint": {
    zh: "请当面或电话告知本人，并提醒其登录后修改密码。",
    en: "Tell the person in person or by phone, and ask them to change it after signing in.",
  },
  "officials.toast.scope": { zh: "管辖区域已调整，即时生效。", en: "Region changed; it applies at once." },
  "officials.toast.created": { zh: "账户已开设。", en: "Account opened." },
  "officials.toast.deactivated": {
    zh: "账户已停用，其登录会话已结束。",
    en: "Account deactivated; its sessions have ended.",
  },
  "officials.nav": { zh: "政府部门账户", en: "Official accounts" },
} satisfies Messages;
