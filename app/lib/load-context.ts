// What our HTTP server (app/lib/http/express-app.server.ts) passes to loaders and actions.
// Optional: tests and other servers call routes without it.
export {};

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** The CSP nonce of this request, for the inline scripts Remix renders. */
    cspNonce?: string;
    /** An ingestion body already read (and size-capped) by the server. */
    rawBody?: Buffer;
  }
}
