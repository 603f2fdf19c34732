import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "@/app/(auth)/forgot-password/forgot-password-form";
import { Card } from "@/app/_components/ui";
import { emailResetAvailable } from "@/lib/auth/password-reset";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  const byEmail = emailResetAvailable();
  return (
    <div className="mx-auto mt-10 max-w-md">
      <h1 className="mb-2 font-serif text-3xl font-semibold">Forgot your password?</h1>
      <p className="mb-6 text-muted">
        {byEmail
          ? "Enter the address you sign in with and we will e-mail you a link to choose a new one."
          : "This server does not send e-mail, so a reset link comes from a person."}
      </p>
      <Card>
        {byEmail ? (
          <ForgotPasswordForm />
        ) : (
          <div className="space-y-3 text-sm">
            <p>
              Ask an <strong>owner of one of your reading groups</strong> for a password reset link.
              On the group’s Members page they can create one for you; it works once, within an
              hour.
            </p>
            <p className="text-muted">
              Setting a new password signs you out on every device, and anyone holding your old
              sign-in cookie is signed out too.
            </p>
          </div>
        )}
      </Card>
      <p className="mt-4 text-center text-sm text-muted">
        Remembered it?{" "}
        <Link className="font-medium text-accent underline" href="/sign-in">
          Sign in
        </Link>
      </p>
    </div>
  );
}
