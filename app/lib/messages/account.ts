import type { Messages } from "./types";

// Login, sign-up, the account page and the guest order look-up.
export const accountMessages = {
  "auth.forbidden": { zh: "您没有权限访问此页面。", en: "You do not have access to this page." },
  "auth.toast.loggedIn": { zh: "登录成功", en: "You are logged in" },
  "auth.toast.signedUp": { zh: "注册成功，欢迎加入！", en: "Your account is ready. Welcome!" },

  "login.title": { zh: "登录", en: "Log in" },
  "login.login": { zh: "手机号或邮箱", en: "Mobile or e-mail" },
  "login.password": { zh: "密码", en: "Password" },
  "login.submit": { zh: "登录", en: "Log in" },
  "login.noAccount": { zh: "还没有账户？", en: "No account yet?" },
  "login.toSignup": { zh: "注册新账户", en: "Sign up" },
  "login.guestLookup": {
    zh: "未注册下单？凭订单号和手机号查询订单",
    en: "Ordered as a guest? Find your order with its number and mobile",
  },
  "login.error.throttled": {
    zh: "此网络登录失败次数过多，请 15 分钟后再试。",
    en: "Too many failed logins from this network; try again in 15 minutes.",
  },
  "login.error.invalid": { zh: "手机号/邮箱或密码不正确。", en: "Wrong mobile/e-mail or password." },
  "login.error.locked": {
    zh: "密码错误次数过多，账户已锁定，请于 {time} 后再试。",
    en: "Too many wrong passwords: the account is locked until {time}.",
  },

  "signup.title": { zh: "注册", en: "Sign up" },
  "signup.mobile": { zh: "手机号", en: "Mobile" },
  "signup.displayName": { zh: "昵称", en: "Display name" },
  "signup.email": { zh: "邮箱（选填）", en: "E-mail (optional)" },
  "signup.password": { zh: "密码", en: "Password" },
  "signup.confirmPassword": { zh: "确认密码", en: "Confirm password" },
  "signup.passwordHint": { zh: "至少 {min} 位", en: "At least {min} characters" },
  "signup.submit": { zh: "注册", en: "Create account" },
  "signup.consentBefore": { zh: "我已阅读并同意", en: "I have read and accept the " },
  "signup.consentAnd": { zh: "和", en: " and the " },
  "signup.consentTerms": { zh: "《用户协议》", en: "user agreement" },
  "signup.consentPrivacy": { zh: "《隐私政策》", en: "privacy policy" },
  "form.error.consent": {
    zh: "请阅读并勾选同意《用户协议》和《隐私政策》",
    en: "Please read and accept the user agreement and the privacy policy",
  },
  "signup.haveAccount": { zh: "已有账户？", en: "Already have an account?" },
  "signup.toLogin": { zh: "去登录", en: "Log in" },

  "form.error.required": { zh: "请填写{field}", en: "{field} is required" },
  "form.error.mobile": {
    zh: "请输入 11 位中国大陆手机号",
    en: "Enter an 11-digit mainland China mobile number",
  },
  "form.error.email": { zh: "邮箱格式不正确", en: "That is not a valid e-mail address" },
  "form.error.tooLong": { zh: "{field}不能超过 {max} 个字", en: "{field} must be at most {max} characters" },
  "form.error.passwordTooShort": {
    zh: "密码至少 {min} 位",
    en: "The password must be at least {min} characters",
  },
  "form.error.passwordMismatch": { zh: "两次输入的密码不一致", en: "The passwords do not match" },
  "form.error.mobileTaken": {
    zh: "该手机号已注册，请直接登录",
    en: "This mobile number is already registered; please log in",
  },
  "form.error.emailTaken": { zh: "该邮箱已注册", en: "This e-mail is already registered" },
  "form.error.orderNumber": {
    zh: "订单号格式为 8 位日期-6 位序号，如 20261122-000123",
    en: "An order number looks like 20261122-000123",
  },

  "account.title": { zh: "我的账户", en: "My account" },
  "account.greeting": { zh: "您好，{name}", en: "Hello, {name}" },
  "account.role": { zh: "身份", en: "Role" },
  "account.mobile": { zh: "手机号", en: "Mobile" },
  "account.email": { zh: "邮箱", en: "E-mail" },
  "account.role.customer": { zh: "个人消费者", en: "Customer" },
  "account.role.buyer_admin": { zh: "单位采购管理员", en: "Institutional buyer admin" },
  "account.role.supplier_staff": { zh: "经营主体工作人员", en: "Supplier staff" },
  "account.role.official": { zh: "乡村振兴部门工作人员", en: "Rural revitalisation official" },
  "account.role.admin": { zh: "平台管理员", en: "Platform administrator" },
  "account.orders": { zh: "我的订单", en: "My orders" },
  "account.noOrders": { zh: "暂无订单", en: "No orders yet" },
  "account.startShopping": { zh: "去选购帮扶好物", en: "Start shopping" },
  "account.orderNumber": { zh: "订单号", en: "Order no." },
  "account.orderItems": { zh: "{count} 件商品", en: "{count} item(s)" },
  "account.logout": { zh: "退出登录", en: "Log out" },

  "lookup.title": { zh: "查询订单", en: "Find an order" },
  "lookup.intro": {
    zh: "未登录下单的订单，可凭订单号和下单时填写的手机号查看。登录后下的订单请在“我的账户”中查看。",
    en: "For orders placed without an account, enter the order number and the mobile given at checkout. Orders placed while logged in are under My account.",
  },
  "lookup.orderNumber": { zh: "订单号", en: "Order number" },
  "lookup.mobile": { zh: "下单手机号", en: "Mobile used for the order" },
  "lookup.submit": { zh: "查询", en: "Find order" },
  "lookup.error.noMatch": {
    zh: "订单号与手机号不匹配，请核对后重试。",
    en: "The order number and mobile do not match. Please check them and try again.",
  },
} satisfies Messages;
