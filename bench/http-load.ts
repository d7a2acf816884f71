// HTTP load with autocannon on loopback, rotating the signed-in coach on every request.
import autocannon from "autocannon";

export async function load({ url, cookies, connections = 50, duration = 10 }: { url: string; cookies: string[]; connections?: number; duration?: number }) {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: cookies[next++ % cookies.length] } }) }],
  });
  return {
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
