// What request logs must never hold: one-time tokens in public links, API tokens, secrets in
// query strings. Applied to every URL before it is logged.

/** Public pages whose next path segment is a secret token. */
const TOKEN_PATHS = /^\/(invite|pay|q|u)\/[^/?#]+/;
const SECRET_PARAMS = /^(token|key|secret|password|code|signature|sig)$/i;
const API_TOKEN = /cos_[A-Za-z0-9_-]+/g;

export function redactUrl(url: string) {
  const q = url.indexOf("?");
  let path = q === -1 ? url : url.slice(0, q);
  let query = q === -1 ? "" : url.slice(q + 1);
  path = path.replace(TOKEN_PATHS, (_m, prefix: string) => `/${prefix}/[redacted]`);
  if (query) {
    query = query
      .split("&")
      .map((pair) => {
        const eq = pair.indexOf("=");
        const name = eq === -1 ? pair : pair.slice(0, eq);
        return SECRET_PARAMS.test(safeDecode(name)) ? `${name}=[redacted]` : pair;
      })
      .join("&");
  }
  return `${path}${query ? `?${query}` : ""}`.replace(API_TOKEN, "cos_[redacted]");
}

function safeDecode(s: string) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
