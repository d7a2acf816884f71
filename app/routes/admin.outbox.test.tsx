// The development outbox lists each email's attachments (name and size), from what sendEmail kept.
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { args, cookieFor, makeStaff, request, setupTestDb } from "../../tests/helpers";
import { sendEmail } from "~/email/email.server";

let loaderData: unknown;
vi.mock("@remix-run/react", async (importOriginal) => ({ ...(await importOriginal<object>()), useLoaderData: () => loaderData }));
const { default: Outbox, loader } = await import("./admin.outbox");

beforeAll(() => setupTestDb());

describe("/admin/outbox", () => {
  it("lists the attachments of an email kept in the outbox", async () => {
    await sendEmail({
      to: "client@example.fr",
      subject: "Facture n° 2026-0001 de Marie Coaching",
      html: "<p>Bonjour</p>",
      text: "Bonjour",
      attachments: [{ filename: "facture-2026-0001.pdf", content: Buffer.alloc(2048, 1), contentType: "application/pdf" }],
    });
    await sendEmail({ to: "other@example.fr", subject: "Sans pièce jointe", html: "<p>x</p>", text: "x" });
    const admin = await makeStaff("admin");
    const response = (await loader(args(request("/admin/outbox", { cookie: await cookieFor(admin) })))) as Response;
    loaderData = JSON.parse(JSON.stringify(await response.json()));
    const html = renderToStaticMarkup(<Outbox />);
    expect(html.match(/data-testid="outbox-attachment"/g)).toHaveLength(1);
    expect(html).toMatch(/facture-2026-0001\.pdf <span[^>]*>\(2 Ko\)<\/span>/);
  });
});
