// The CSP nonce of the current document, handed from entry.server to the root's <Scripts>. In the
// browser it is empty: the nonce only matters for the server-rendered HTML.
import { createContext, useContext } from "react";

const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
