// What the product page shows, in one call: the route's only `.server` import. The browser build turns
// each `.server` module a route imports into an empty module, and one shared with other routes into a
// chunk of its own — a request more on the page's first load (decision 148); this one is the product
// page's alone, so its empty stub lives in the route's chunk.
import { getOptionalUser } from "~/models/access/auth.server";
import { presaleOffersOf } from "~/models/catalog/presales.server";
import { getProductBySlug } from "~/models/catalog/catalog.server";
import { productReviews } from "~/models/reviews/reviews.server";
import { wishlistStateOf } from "~/models/wishlist/wishlist.server";

/** The product, its reviews and pre-sale windows, and (signed in only) its favourites; null if unknown. */
export async function loadProductPage({ request, slug }: { request: Request; slug: string }) {
  const product = await getProductBySlug(slug);
  if (!product) return null;
  // Issue 20: reviews, pre-sale windows, and (signed in only: never in the anonymous page cache) favourites.
  const user = await getOptionalUser(request);
  const variantIds = product.variants.map((v) => v.id);
  const [reviews, presaleByVariant, wishlist] = await Promise.all([
    productReviews({ productId: product.productId }),
    presaleOffersOf(variantIds),
    user ? wishlistStateOf({ caller: user, productId: product.productId, variantIds }) : null,
  ]);
  return { product, reviews, presaleByVariant, wishlist };
}
