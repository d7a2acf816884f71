import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { authenticator, createUserSession, LoginError, safeRedirect } from "~/auth/auth.server";
import { rememberDevice } from "~/auth/device-cookie.server";
import { LoginSchema } from "~/auth/schemas";
import { homeFor, requireAnonymous } from "~/auth/guards.server";
import { TooManyAttemptsError } from "~/auth/rate-limit.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { Field, FormErrors, useZodForm } from "~/components/forms";
import { assertSameOrigin } from "~/lib/request.server";

export const meta: MetaFunction = () => [{ title: "Connexion · Coach OS" }];

const REASONS: Record<string, string> = {
  suspended: "Votre session a été fermée : votre espace n'est plus actif.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const reason = new URL(request.url).searchParams.get("reason");
  return json({ notice: reason ? (REASONS[reason] ?? null) : null });
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const formData = await request.clone().formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  try {
    const user = await authenticator.authenticate("form", request);
    return rememberDevice(await createUserSession(user, safeRedirect(submission.value.redirectTo, homeFor(user))), user.email);
  } catch (error) {
    if (error instanceof TooManyAttemptsError) {
      return json(
        { result: submission.reply({ formErrors: [error.message], hideFields: ["password"] }) },
        { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
      );
    }
    if (error instanceof LoginError) {
      return json({ result: submission.reply({ formErrors: [error.message], hideFields: ["password"] }) }, { status: error.status });
    }
    throw error;
  }
}

export default function Login() {
  const { notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useZodForm(LoginSchema, { lastResult: actionData?.result });
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo");
  return (
    <main className="flex min-h-full items-center justify-center p-4">
      <div className="card w-full max-w-sm">
        <h1 className="text-2xl font-bold">Coach OS</h1>
        <p className="mt-1 text-sm text-slate-600">Connectez-vous à votre espace.</p>
        {notice ? <p className="mt-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-800">{notice}</p> : null}
        <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
          {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field label="Email" field={fields.email} type="email" autoComplete="email" />
          <Field label="Mot de passe" field={fields.password} type="password" autoComplete="current-password" />
          <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Connexion…" : "Se connecter"}
          </button>
        </Form>
      </div>
    </main>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
