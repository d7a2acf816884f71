import { createContext, useContext } from "react";

// The CSP nonce of the request (set by the HTTP server), for the inline scripts Remix renders.
// Browsers hide nonce attributes from the DOM, so on the client it is "" — as it should be.
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
