import type { Messages } from "./types";

// The privacy policy (/privacy) and the user agreement (/terms). {operator} and {phone} come from
// the settings (OPERATOR_NAME, SERVICE_PHONE), so a real operator changes no text to deploy.
export const legalMessages = {
  "legal.effective": { zh: "生效日期：{date}", en: "Effective: {date}" },
  "legal.contact": {
    zh: "运营方：{operator}；客服电话：{phone}。",
    en: "Operator: {operator}; customer service: {phone}.",
  },

  "legal.privacy.title": { zh: "隐私政策", en: "Privacy policy" },
  "legal.privacy.intro": {
    zh: "{operator}（以下简称“我们”）依据《中华人民共和国个人信息保护法》处理您的个人信息。本政策说明我们收集哪些信息、为何收集、如何保护，以及您享有的权利。",
    en: "{operator} (“we”) processes your personal information under the Personal Information Protection Law of the People’s Republic of China. This policy says what we collect, why, how we protect it and what rights you have.",
  },
  "legal.privacy.collect.title": { zh: "我们收集的信息", en: "What we collect" },
  "legal.privacy.collect.body": {
    zh: "注册时的手机号、昵称和（选填的）邮箱；下单时的收货人、手机号和收货地址；订单与支付记录（我们不保存银行卡号）；为防止滥用所需的登录记录。单位采购账户另有单位名称和对公转账信息。",
    en: "At sign-up your mobile number, display name and (optional) e-mail; at checkout the recipient, mobile and delivery address; order and payment records (we never store card numbers); the login records needed to prevent abuse. Institutional accounts also hold the organisation’s name and bank-transfer details.",
  },
  "legal.privacy.use.title": { zh: "我们如何使用", en: "How we use it" },
  "legal.privacy.use.body": {
    zh: "用于履行订单（由经营主体发货）、客户服务、结算，以及按订单统计对脱贫户的带动成效。统计只使用汇总数据，不公开任何个人的姓名或联系方式。我们不将您的信息用于与本服务无关的用途，也不出售您的个人信息。",
    en: "To fulfil orders (shipped by the suppliers), for customer service and settlement, and to count the income that orders bring to supported households. Statistics use aggregates only and never publish anyone’s name or contact details. We use your information for nothing unrelated to this service and never sell it.",
  },
  "legal.privacy.share.title": { zh: "共享与委托处理", en: "Sharing" },
  "legal.privacy.share.body": {
    zh: "为完成发货，订单所涉经营主体可看到该部分订单的收货信息；支付机构处理支付所需的信息；法律法规要求时向有关部门提供。除此之外，未经您单独同意，我们不向第三方提供您的个人信息。",
    en: "To ship your order, the suppliers concerned see the delivery details of their part of it; payment providers receive what a payment needs; authorities receive what the law requires. Beyond that we share nothing without your separate consent.",
  },
  "legal.privacy.protect.title": { zh: "保存与保护", en: "Storage and protection" },
  "legal.privacy.protect.body": {
    zh: "信息存储于中华人民共和国境内。密码以不可逆方式保存；帮扶对象的身份证号加密存储，仅对相应辖区的工作人员显示且每次查看均记入审计日志。订单记录按电子商务法要求保存不少于三年。",
    en: "Data is stored in the People’s Republic of China. Passwords are stored irreversibly; supported households’ ID numbers are encrypted, shown only to officials of their region, and every view is written to the audit log. Order records are kept for at least three years, as the E-Commerce Law requires.",
  },
  "legal.privacy.rights.title": { zh: "您的权利", en: "Your rights" },
  "legal.privacy.rights.body": {
    zh: "您可以查阅、更正您的个人信息，撤回同意，或要求注销账户并删除个人信息（法律要求保存的订单记录除外）。请联系客服办理，我们将在十五个工作日内答复。",
    en: "You may see and correct your personal information, withdraw consent, or ask us to close your account and delete your personal information (except order records the law requires us to keep). Contact customer service; we answer within fifteen working days.",
  },

  "legal.terms.title": { zh: "用户协议", en: "User agreement" },
  "legal.terms.intro": {
    zh: "欢迎使用消费帮扶馆。本协议是您与{operator}之间关于使用本平台的约定，注册或下单即表示您已阅读并同意本协议及《隐私政策》。",
    en: "Welcome to the Consumption Assistance Store. This agreement is between you and {operator} about using the platform; by signing up or ordering you confirm that you have read and accept it and the privacy policy.",
  },
  "legal.terms.service.title": { zh: "服务内容", en: "The service" },
  "legal.terms.service.body": {
    zh: "本平台展示并销售三门峡示范区脱贫地区的特色农副产品。商品由页面所示经营主体（合作社、企业、村集体经济组织等）销售并发货，平台提供信息展示、交易与结算服务，并按规则统计销售对帮扶对象的带动成效。",
    en: "The platform shows and sells specialty farm products from the formerly poor areas of the Sanmenxia demonstration zone. Products are sold and shipped by the supplier shown on each page (cooperatives, enterprises, village collectives …); the platform provides listing, ordering and settlement, and counts the income sales bring to supported households by its published rules.",
  },
  "legal.terms.account.title": { zh: "账户", en: "Your account" },
  "legal.terms.account.body": {
    zh: "请使用本人手机号注册并妥善保管密码。账户仅限本人使用；发现他人使用您的账户，请立即联系客服。",
    en: "Sign up with your own mobile number and keep your password safe. The account is for you alone; if someone else uses it, contact customer service at once.",
  },
  "legal.terms.orders.title": { zh: "订单、支付与价格", en: "Orders, payment and prices" },
  "legal.terms.orders.body": {
    zh: "价格以下单时页面显示为准，金额由平台计算。提交订单后请在页面提示的时间内付款，逾期订单自动取消并释放库存。",
    en: "The price is the one shown when you order; the platform computes every amount. Pay within the time shown after placing the order; unpaid orders are cancelled automatically and their stock released.",
  },
  "legal.terms.aftersales.title": { zh: "配送与售后", en: "Delivery and after-sales" },
  "legal.terms.aftersales.body": {
    zh: "经营主体按其运费规则发货。生鲜等易腐商品以外的商品，依法享有七日无理由退货；商品质量问题可申请退款、退货或补发，退款按原支付方式退回。",
    en: "Suppliers ship under their own shipping rules. Except for perishables such as fresh produce, you may return goods within seven days without giving a reason, as the law provides; for quality problems you may ask for a refund, a return or a replacement, refunded to the original payment method.",
  },
  "legal.terms.liability.title": { zh: "责任与争议", en: "Liability and disputes" },
  "legal.terms.liability.body": {
    zh: "请勿利用本平台从事违法活动或扰乱平台秩序。因本协议产生的争议，双方协商解决；协商不成的，依照中华人民共和国法律，向运营方所在地人民法院起诉。",
    en: "Do not use the platform for anything unlawful or to disrupt it. Disputes under this agreement are settled by negotiation first, failing that under the law of the People’s Republic of China before the people’s court where the operator is based.",
  },
} satisfies Messages;
