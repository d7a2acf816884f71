import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getUser, homeFor } from "~/auth/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return redirect(user ? homeFor(user) : "/login");
}
