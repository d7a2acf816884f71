import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { createUserSession } from "~/auth/auth.server";
import { rememberDevice } from "~/auth/device-cookie.server";
import { hashPassword, passwordProblems } from "~/auth/password.server";
import { PASSWORD_MIN_LENGTH, SetPasswordSchema } from "~/auth/schemas";
import { RouteErrorBoundary } from "~/components/route-error";
import { Field, FormErrors, useZodForm } from "~/components/forms";
import { controlDb } from "~/lib/control-db.server";
import { clientIp, assertSameOrigin } from "~/lib/request.server";
import { recordAudit } from "~/platform/audit.server";
import { acceptInvite, lookupInvite } from "~/platform/invites.server";

export const meta: MetaFunction = () => [{ title: "Invitation · Coach OS" }];

const UNUSABLE: Record<string, { title: string; body: string }> = {
  unknown: { title: "Lien d'invitation invalide", body: "Ce lien n'existe pas. Vérifiez qu'il a été copié en entier, ou demandez une nouvelle invitation." },
  used: { title: "Invitation déjà utilisée", body: "Ce lien a déjà servi à créer votre mot de passe. Connectez-vous avec votre email." },
  expired: { title: "Invitation expirée", body: "Ce lien n'est valable que 72 heures. Demandez une nouvelle invitation au support Coach OS." },
  tenant_unavailable: { title: "Espace indisponible", body: "Cet espace coach n'est pas actif. Contactez le support Coach OS." },
};

export async function loader({ params }: LoaderFunctionArgs) {
  const invite = lookupInvite(controlDb(), params.token ?? "");
  if (invite.state !== "valid") return json({ state: invite.state, name: null, email: null }, { status: 410 });
  return json({ state: invite.state, name: invite.user.name, email: invite.user.email });
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const db = controlDb();
  const invite = lookupInvite(db, params.token ?? "");
  if (invite.state !== "valid") return json({ result: null, state: invite.state }, { status: 410 });

  const formData = await request.formData();
  const submission = await parseWithZod(formData, {
    schema: SetPasswordSchema.superRefine((v, ctx) => {
      for (const message of passwordProblems(v.password, [invite.user.email, invite.user.name])) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["password"], message });
      }
    }),
  });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password", "confirm"] }), state: "valid" }, { status: 400 });
  }
  const accepted = acceptInvite(db, {
    inviteId: invite.inviteId,
    userId: invite.user.id,
    passwordHash: await hashPassword(submission.value.password),
  });
  if (!accepted) return json({ result: null, state: "used" }, { status: 410 });
  recordAudit(db, { actor: invite.user, action: "invite.accept", tenantId: invite.tenant.id, ip: clientIp(request) });
  return rememberDevice(await createUserSession(invite.user, "/dashboard"), invite.user.email);
}

export default function Invite() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const state = actionData?.state ?? data.state;
  const [form, fields] = useZodForm(SetPasswordSchema, { lastResult: actionData?.result });
  const unusable = UNUSABLE[state];
  return (
    <main className="flex min-h-full items-center justify-center p-4">
      <div className="card w-full max-w-md">
        {unusable ? (
          <>
            <h1 className="text-xl font-bold">{unusable.title}</h1>
            <p className="mt-3 text-slate-700">{unusable.body}</p>
            <Link to="/login" className="btn mt-6">
              Aller à la connexion
            </Link>
          </>
        ) : (
          <>
            <h1 className="text-xl font-bold">Bienvenue {data.name}</h1>
            <p className="mt-1 text-sm text-slate-600">
              Choisissez le mot de passe de votre compte <strong>{data.email}</strong>.
            </p>
            <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
              <FormErrors id={form.errorId} errors={form.errors} />
              <Field
                label="Mot de passe"
                field={fields.password}
                type="password"
                autoComplete="new-password"
                help={`Au moins ${PASSWORD_MIN_LENGTH} caractères ; évitez les mots de passe courants. Une phrase de quelques mots est idéale.`}
              />
              <Field label="Confirmez le mot de passe" field={fields.confirm} type="password" autoComplete="new-password" />
              <button type="submit" className="btn w-full">
                Créer mon mot de passe
              </button>
            </Form>
          </>
        )}
      </div>
    </main>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
