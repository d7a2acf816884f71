// The rejected rows of an import, as a CSV to fix and re-import (`;`, UTF-8 BOM, CRLF: Excel opens it as is).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { rejectedCsvOf } from "~/crm/import/imports.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, (db) => {
    // Another coach's import id is not in this coach's file: the same 404 as a missing one.
    const found = rejectedCsvOf(db, Number(params.importId));
    if (!found) throw new Response("Cet import n'existe pas.", { status: 404 });
    const name = `${found.fileName.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_").slice(0, 80) || "import"}-rejets.csv`;
    return new Response(`\ufeff${found.csv}`, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}
