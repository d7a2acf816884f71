import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the HTTP server knows about the request being served, shared with the app through
 * AsyncLocalStorage: the server sets the id, the client IP and the CSP nonce; the app notes
 * the tenant once it has resolved it, and the request log line reports it.
 */
export type RequestStore = { requestId: string; clientIp: string; cspNonce?: string; tenantId?: string };

export const requestContext = new AsyncLocalStorage<RequestStore>();

export function currentRequest() {
  return requestContext.getStore();
}

/** Called where the tenant is resolved (session or API token): the log line names it. */
export function noteTenant(tenantId: string) {
  const store = requestContext.getStore();
  if (store) store.tenantId = tenantId;
}
