import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/app/(auth)/reset-password/[token]/reset-password-form";
import { Alert, Card } from "@/app/_components/ui";
import { RESET_LINK_INVALID, resetTokenHolder } from "@/lib/auth/password-reset";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({
  params,
}: {
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  // Looking does not spend the link: only setting the password does.
  const holder = await resetTokenHolder(token);
  return (
    <div className="mx-auto mt-10 max-w-md">
      <h1 className="mb-2 font-serif text-3xl font-semibold">Choose a new password</h1>
      {holder ? (
        <p className="mb-6 text-muted">
          For <strong className="text-ink">{holder.email}</strong>. Every device signed in to this
          account will be signed out.
        </p>
      ) : null}
      <Card>
        {holder ? (
          <ResetPasswordForm token={token} />
        ) : (
          <div className="space-y-3">
            <Alert>{RESET_LINK_INVALID}</Alert>
            <p className="text-sm">
              <Link className="font-medium text-accent underline" href="/forgot-password">
                Get a new link
              </Link>
            </p>
          </div>
        )}
      </Card>
    </div>
  );
}
