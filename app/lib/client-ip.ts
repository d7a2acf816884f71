export type TrustProxy = "fly" | "forwarded" | "none";

/**
 * The caller's IP, from the header the trusted proxy sets: Fly's edge overwrites
 * Fly-Client-IP; another proxy appends the address it saw as the last X-Forwarded-For entry;
 * without a proxy, the socket's address. Anything a client could write itself is ignored,
 * so it cannot dodge the per-IP sign-in limit.
 */
export function clientIpFrom(headers: { get(name: string): string | null }, trust: TrustProxy, socketAddress?: string) {
  switch (trust) {
    case "fly":
      // Not the socket: behind Fly's proxy every request comes from the proxy's address.
      return headers.get("fly-client-ip") ?? "unknown";
    case "forwarded":
      return headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
    default:
      return socketAddress ?? "unknown";
  }
}
