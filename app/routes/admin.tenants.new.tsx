import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireAdmin } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { Field, FormErrors, useZodForm } from "~/components/forms";
import { controlDb } from "~/lib/control-db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { sendInvite } from "~/platform/send-invite.server";
import { clientIp } from "~/lib/request.server";
import { recordAudit } from "~/platform/audit.server";
import { EmailTakenError, provisionTenant } from "~/platform/tenants.server";

export const meta: MetaFunction = () => [{ title: "Nouveau coach · Coach OS admin" }];

const ProvisionSchema = z.object({
  name: z.string({ required_error: "Indiquez le nom du coach." }).trim().min(2, "Au moins 2 caractères.").max(80, "80 caractères au plus."),
  email: z.string({ required_error: "Indiquez l'email du coach." }).trim().toLowerCase().email("Adresse email invalide.").max(254),
  specialty: z.string({ required_error: "Indiquez la spécialité." }).trim().min(2, "Au moins 2 caractères.").max(60, "60 caractères au plus."),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: ProvisionSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });

  const db = controlDb();
  let provisioned;
  try {
    provisioned = provisionTenant(db, submission.value);
  } catch (error) {
    if (error instanceof EmailTakenError) {
      return json({ result: submission.reply({ fieldErrors: { email: [error.message] } }) }, { status: 400 });
    }
    throw error;
  }
  const { tenant, user, token } = provisioned;
  recordAudit(db, { actor: admin, action: "tenant.provision", tenantId: tenant.id, ip: clientIp(request), details: { email: user.email } });

  const emailError = await sendInvite(request, { token, user, tenantId: tenant.id });
  const flash = emailError
    ? `Coach « ${tenant.name} » créé, mais l'email n'a pas pu partir (${emailError}). Renvoyez l'invitation depuis cette page.`
    : `Coach « ${tenant.name} » créé. L'invitation a été envoyée à ${user.email}.`;
  return redirectWithFlash(request, `/admin/tenants/${tenant.id}`, flash);
}

export default function NewTenant() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useZodForm(ProvisionSchema, { lastResult: actionData?.result });
  return (
    <section className="card mx-auto max-w-lg">
      <h1 className="text-xl font-bold">Nouveau coach</h1>
      <p className="mt-1 text-sm text-slate-600">Crée son espace (un fichier SQLite dédié) et lui envoie une invitation valable 72 h.</p>
      <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label="Nom" field={fields.name} autoComplete="off" placeholder="Camille Martin" />
        <Field label="Email" field={fields.email} type="email" autoComplete="off" placeholder="camille@exemple.fr" />
        <Field label="Spécialité" field={fields.specialty} placeholder="fitness, yoga, business…" />
        <button type="submit" className="btn w-full" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Création…" : "Créer le coach et l'inviter"}
        </button>
      </Form>
    </section>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
