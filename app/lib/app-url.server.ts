// The app's public base URL for links in emails and redirects: APP_URL when set (production),
// else the request's own origin; jobs without a request (nightly, the email worker) fall back to
// the local development server. No trailing slash.
import { getEnv } from "~/env.server";

const trim = (url: string) => url.replace(/\/+$/, "");

export const appUrlOf = (request: Request) => trim(getEnv().APP_URL ?? new URL(request.url).origin);

export const jobAppUrl = () => trim(getEnv().APP_URL ?? "http://localhost:3000");
