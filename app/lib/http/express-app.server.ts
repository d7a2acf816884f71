// The Express application around Remix: what a framework cannot own. Cross-site refusal (403),
// the client IP, security headers with a per-request CSP nonce, compression, cached assets,
// one JSON log line per request (secrets redacted), and ingestion bodies capped before Remix.
import crypto from "node:crypto";
import type { AsyncLocalStorage } from "node:async_hooks";
import { once } from "node:events";
// Not re-exported by the package index; the same module its createRequestHandler uses.
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type ErrorRequestHandler } from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import { MAX_BODY_BYTES } from "~/ingest/limits";
import { clientIpFrom, type TrustProxy } from "../client-ip";
import type { RequestStore } from "../request-context.server";
import { CROSS_SITE_MESSAGE, crossSiteRefusal, isMachineEndpoint } from "./cross-site";
import { redactUrl } from "./redact";

/**
 * Email previews, framed by the app's own pages (see emailPreviewHeaders): a template's, a
 * campaign's, and one lead's copy on the CRM send pages.
 */
const EMAIL_PREVIEW_PATH = /^\/dashboard\/(?:email\/(?:templates|campaigns)\/\d+|leads\/\d+\/email)\/preview\.html$/;

/** What the app's entry module (app/entry.server.tsx) exports for the server. */
export type EntryHooks = { requestContext: AsyncLocalStorage<RequestStore> };

export type HttpAppOptions = {
  /** The current Remix build (a function: development reloads it). */
  build: () => ServerBuild;
  mode: "development" | "production";
  logger: Logger;
  trustProxy: TrustProxy;
  appUrl?: string;
  /** HSTS and upgrade-insecure-requests: only when the site is served over HTTPS. */
  https: boolean;
  publicDir: string;
  isShuttingDown: () => boolean;
};

export type LoadContext = { cspNonce: string; rawBody?: Buffer };

/**
 * Writes Remix's response with backpressure: @remix-run/express writes a body stream as fast as
 * it reads it, so a 200 MB export to a slow client would sit in memory. A client that goes away
 * destroys the source (and with it, e.g., the export's temporary file).
 */
async function sendResponse(res: express.Response, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  let clientGone = false;
  const onClose = () => {
    clientGone = !res.writableFinished;
    if (clientGone) void reader.cancel().catch(() => {}); // releases the source (an export's file…)
  };
  res.once("close", onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || clientGone) break;
      if (!res.write(value)) await Promise.race([once(res, "drain"), once(res, "close")]);
    }
    if (!clientGone) res.end();
  } finally {
    res.off("close", onClose);
  }
}

export function createHttpApp(options: HttpAppOptions) {
  const { logger, trustProxy } = options;
  const allowedHosts = options.appUrl ? [new URL(options.appUrl).host] : [];
  const app = express();
  app.disable("x-powered-by");
  // One proxy hop (Fly's edge, or yours): req.protocol is https behind it, so links are too.
  if (trustProxy !== "none") app.set("trust proxy", 1);

  // Request id, client IP, CSP nonce, and the log line written when the response ends.
  app.use((req, res, next) => {
    const started = performance.now();
    const store: RequestStore = {
      requestId: crypto.randomUUID(),
      clientIp: clientIpFrom({ get: (name) => req.get(name) ?? null }, trustProxy, req.socket.remoteAddress),
      cspNonce: crypto.randomBytes(16).toString("base64"),
    };
    res.locals.store = store;
    res.setHeader("X-Request-Id", store.requestId);
    if (options.isShuttingDown()) res.setHeader("Connection", "close");
    // A client cannot choose the host the app believes it serves (links, origin checks).
    if (trustProxy !== "forwarded") delete req.headers["x-forwarded-host"];
    res.once("close", () => {
      const status = res.statusCode;
      const line = {
        reqId: store.requestId,
        method: req.method,
        url: redactUrl(req.originalUrl),
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        tenantId: store.tenantId,
        ip: store.clientIp,
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (status >= 500) logger.error(line, "request");
      else if (status >= 400) logger.warn(line, "request");
      else logger.info(line, "request");
    });
    next();
  });

  // Cross-site refusal before anything else reads the request: Remix's own check would
  // throw a bare 500 (with a stack trace in the log) before the app's guard could answer.
  app.use((req, res, next) => {
    if (isMachineEndpoint(req.path)) {
      // The unsubscribe page is a document route: Remix would answer a 500 to a one-click POST
      // whose Origin is the mailbox provider's (or "null"). Its token alone decides what it does.
      if (req.path.startsWith("/u/")) delete req.headers.origin;
      return next();
    }
    const refusal = crossSiteRefusal({
      method: req.method,
      fetchSite: req.get("sec-fetch-site") ?? null,
      origin: req.get("origin") ?? null,
      host: (trustProxy === "forwarded" ? req.get("x-forwarded-host") : undefined) ?? req.get("host") ?? null,
      allowedHosts,
    });
    if (!refusal) return next();
    logger.warn({ reqId: res.locals.store.requestId, reason: refusal }, "cross-site request refused");
    res.status(403).type("text/plain; charset=utf-8").send(CROSS_SITE_MESSAGE);
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.store.cspNonce}'`],
          "style-src": ["'self'"],
          "style-src-attr": ["'unsafe-inline'"], // progress bars and legend swatches set a width/colour
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "connect-src": options.mode === "development" ? ["'self'", "ws:"] : ["'self'"],
          // A form's redirect is checked too: "Payer par carte" and "Connecter mon compte Stripe"
          // post here and are sent on to Stripe's hosted pages.
          "form-action": ["'self'", "https://checkout.stripe.com", "https://connect.stripe.com"],
          "frame-ancestors": ["'none'"],
          "base-uri": ["'self'"],
          "object-src": ["'none'"],
          ...(options.https ? { "upgrade-insecure-requests": [] } : {}),
        },
      },
      strictTransportSecurity: options.https ? { maxAge: 63072000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "same-origin" },
      xFrameOptions: { action: "deny" },
      crossOriginEmbedderPolicy: false,
    }),
  );
  // An email preview (/dashboard/email/{templates,campaigns}/:id/preview.html,
  // /dashboard/leads/:id/email/preview.html) is shown in an iframe of the
  // app's own pages: its headers replace the ones above (framed by the app only, no script, no
  // form, the email's https images).
  const emailPreviewHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'none'"],
        "img-src": ["https:", "data:"],
        "style-src": ["'unsafe-inline'"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        sandbox: ["allow-popups", "allow-popups-to-escape-sandbox"],
      },
    },
    strictTransportSecurity: options.https ? { maxAge: 63072000, includeSubDomains: true } : false,
    referrerPolicy: { policy: "no-referrer" },
    xFrameOptions: { action: "sameorigin" },
    crossOriginEmbedderPolicy: false,
  });
  app.use((req, res, next) => (EMAIL_PREVIEW_PATH.test(req.path) ? emailPreviewHeaders(req, res, next) : next()));
  app.use(compression());

  // Fingerprinted by the compiler: cache forever. Other public files: an hour.
  app.use("/build", express.static(`${options.publicDir}/build`, { immutable: true, maxAge: "1y" }));
  app.use(express.static(options.publicDir, { maxAge: "1h" }));

  // Ingestion bodies are read here, capped: a body over the limit (declared or chunked) gets a
  // JSON 413 once the upload is drained, not a connection reset.
  // A request without a token is answered before its body is read (no anonymous uploads held).
  app.post("/api/v1/*", (req, res, next) => {
    if (/^Bearer\s+cos_\S+/.test(req.get("authorization") ?? "")) return next();
    res.set("WWW-Authenticate", 'Bearer realm="coach-os"').set("Connection", "close");
    res.status(401).json({ error: "Missing or malformed Authorization header: expected `Bearer cos_…`." });
  });
  app.post("/api/v1/*", express.raw({ type: () => true, limit: MAX_BODY_BYTES }));

  // One Remix handler per build (development swaps builds on rebuild).
  const handlers = new WeakMap<ServerBuild, ReturnType<typeof createRequestHandler>>();
  app.all("*", (req, res, next) => {
    const build = options.build();
    let handle = handlers.get(build);
    if (!handle) handlers.set(build, (handle = createRequestHandler(build, options.mode)));
    const store = res.locals.store as RequestStore;
    const context: LoadContext = { cspNonce: store.cspNonce!, rawBody: Buffer.isBuffer(req.body) ? req.body : undefined };
    const hooks = build.entry.module as unknown as EntryHooks;
    hooks.requestContext.run(store, async () => {
      try {
        await sendResponse(res, await handle(createRemixRequest(req, res), context));
      } catch (error) {
        next(error);
      }
    });
  });

  const onError: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error?.status === "number" ? error.status : 500;
    if (status === 413) {
      res.status(413).json({ error: `Request body too large: at most ${MAX_BODY_BYTES} bytes (1 MiB) per request. Split the batch.` });
      return;
    }
    if (status >= 500) logger.error({ reqId: res.locals.store?.requestId, err: error }, "unhandled error");
    res.status(status).type("text/plain; charset=utf-8").send(status >= 500 ? "Erreur interne." : "Requête invalide.");
  };
  app.use(onError);
  return app;
}
