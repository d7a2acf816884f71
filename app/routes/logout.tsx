import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "~/auth/auth.server";
import { assertSameOrigin } from "~/lib/request.server";

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  return logout(request);
}

export const loader = () => redirect("/");
