import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert, Card } from "@/app/_components/ui";
import { invitationFor } from "@/app/(auth)/invitation-for";
import { OtherSignInMethods } from "@/app/(auth)/sign-in/other-sign-in-methods";
import { SignInForm } from "@/app/(auth)/sign-in/sign-in-form";
import { enabledSignInMethods } from "@/lib/auth/auth-options";
import { getSessionUser } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/http/safe-callback-url";

export const metadata: Metadata = { title: "Sign in" };

type Props = {
  searchParams: Promise<{
    callbackUrl?: string;
    error?: string;
    "check-email"?: string;
    "signed-out"?: string;
  }>;
};

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const invitation = await invitationFor(callbackUrl);
  return (
    <div className="mx-auto mt-10 max-w-md">
      {/* Someone arriving from an invitation may never have been here: no "Welcome back". */}
      <h1 className="mb-2 font-serif text-3xl font-semibold">
        {invitation ? `Sign in to join ${invitation.groupName}` : "Welcome back"}
      </h1>
      <p className="mb-6 text-muted">
        {invitation
          ? `${invitation.invitedBy} invited you. Once you are signed in, you are in the group.`
          : callbackUrl.startsWith("/invite/")
            ? "Sign in to accept your invitation."
            : "Sign in to your reading groups."}
      </p>
      {params["signed-out"] === "everywhere" ? (
        <div className="mb-4">
          <Alert tone="info">You were signed out on every device.</Alert>
        </div>
      ) : null}
      <Card>
        <SignInForm callbackUrl={callbackUrl} initialError={params.error} />
        <OtherSignInMethods methods={enabledSignInMethods()} callbackUrl={callbackUrl} />
      </Card>
      <p className="mt-4 text-center text-sm text-muted">
        <Link className="font-medium text-accent underline" href="/forgot-password">
          Forgot your password?
        </Link>
      </p>
      <p className="mt-2 text-center text-sm text-muted">
        New here?{" "}
        <Link
          className="font-medium text-accent underline"
          href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}
        >
          Create an account
        </Link>
      </p>
    </div>
  );
}
