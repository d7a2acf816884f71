// A local HTTP server standing in for a vendor API (Resend, Stripe): records requests, answers JSON.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Recorded = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

export async function startFakeVendor(answer: (req: Recorded) => { status: number; json: unknown }) {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      requests.push(recorded);
      const { status, json } = answer(recorded);
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}
