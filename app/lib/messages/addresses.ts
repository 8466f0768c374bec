import type { Messages } from "./types";

// The address book (/account/addresses), the 省/市/区县 picker, and checkout's saved addresses.
export const addressMessages = {
  "nav.account.addresses": { zh: "收货地址", en: "Addresses" },
  "addresses.title": { zh: "收货地址", en: "Shipping addresses" },
  "addresses.count": { zh: "已保存 {count}/{max} 个地址", en: "{count} of {max} addresses saved" },
  "addresses.empty": {
    zh: "还没有保存的地址。保存后下单时会自动填好。",
    en: "No saved addresses yet. Saved ones fill in checkout for you.",
  },
  "addresses.add": { zh: "新增地址", en: "Add an address" },
  "addresses.edit": { zh: "编辑地址", en: "Edit address" },
  "addresses.default": { zh: "默认", en: "Default" },
  "addresses.setDefault": { zh: "设为默认", en: "Make default" },
  "addresses.delete": { zh: "删除", en: "Delete" },
  "addresses.makeDefault": { zh: "设为默认地址", en: "Use as my default address" },
  "addresses.save": { zh: "保存地址", en: "Save address" },
  "addresses.back": { zh: "返回地址簿", en: "Back to addresses" },
  "addresses.limit": {
    zh: "地址簿最多保存 {max} 个地址，请先删除不用的地址。",
    en: "The address book holds at most {max} addresses: delete one you no longer use first.",
  },
  "addresses.toast.saved": { zh: "地址已保存", en: "Address saved" },
  "addresses.toast.deleted": { zh: "地址已删除", en: "Address deleted" },
  "addresses.toast.defaultSet": { zh: "已设为默认地址", en: "Default address set" },
  "addresses.error.not_found": { zh: "找不到该地址。", en: "That address was not found." },
  "addresses.error.limit": {
    zh: "地址簿最多保存 {max} 个地址，请先删除不用的地址。",
    en: "The address book holds at most {max} addresses: delete one you no longer use first.",
  },

  "picker.placeholder": { zh: "请选择", en: "Choose" },
  "picker.choose": { zh: "选择", en: "Choose" },
  "picker.hint": {
    zh: "先选省，点“选择”列出城市；再选市，点“选择”列出区县。",
    en: "Pick the province and press “Choose” to list its cities; then the city, for its counties.",
  },
  "checkout.error.division": {
    zh: "请从列表中选择{field}（须属于所选的上一级地区）",
    en: "Choose the {field} from the list (it must lie in the region chosen above it)",
  },

  "checkout.savedAddresses": { zh: "选择收货地址", en: "Choose a saved address" },
  "checkout.useAddress": { zh: "使用此地址", en: "Use this address" },
  "checkout.usingAddress": { zh: "当前使用", en: "In use" },
  "checkout.saveAddress": { zh: "保存到地址簿", en: "Save to my address book" },
  "checkout.manageAddresses": { zh: "管理地址簿", en: "Manage addresses" },
} satisfies Messages;
