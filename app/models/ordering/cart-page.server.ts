// The cart page's server functions, through one module: the route's only `.server` import. The
// browser build turns each `.server` module a route imports into an empty module, and one shared with
// other routes into a chunk of its own — a request more on the page's first load (decisions 148, 149);
// this one is the cart page's alone, so its empty stub lives in the route's chunk.
export { commitSession, getCartOwner } from "~/lib/session.server";
export { openPresalesOf } from "~/models/catalog/presales.server";
export {
  addToCart,
  getCartView,
  putInCart,
  removeCartLine,
  setCartLineQuantity,
  type CartView,
} from "./cart.server";
export { cartIntent } from "./storefront-forms.server";
