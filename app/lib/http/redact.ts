// What request logs must never hold: one-time tokens in public links, API tokens, secrets in
// query strings. Applied to every URL before it is logged.

/** Public pages whose next path segment is a secret token. */
const TOKEN_PATHS = /^\/(invite|pay|q|u)\/[^/?#]+/i;
const SECRET_PARAMS = /(^|[_-])(token|key|apikey|secret|password|code|signature|sig)$/i;
const API_TOKEN = /cos_[A-Za-z0-9_-]+/g;

export function redactUrl(url: string) {
  const q = url.indexOf("?");
  let path = q === -1 ? url : url.slice(0, q);
  let query = q === -1 ? "" : url.slice(q + 1);
  // Routes match decoded and case-insensitively (/Inv%69te/… is /invite/…): so does the redaction.
  path = safeDecode(path).replace(TOKEN_PATHS, (_m, prefix: string) => `/${prefix.toLowerCase()}/[redacted]`);
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
