// The home page's server function, through a module of its own: the route's only `.server` import,
// whose empty browser stub lives in the route's chunk instead of a shared chunk of its own (a request
// more on the page's first load; decision 148).
export { getHomePage } from "./catalog.server";
