import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/app/_components/ui";
import { invitationFor } from "@/app/(auth)/invitation-for";
import { SignUpForm } from "@/app/(auth)/sign-up/sign-up-form";
import { getSessionUser } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/http/safe-callback-url";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const invitation = await invitationFor(callbackUrl);
  return (
    <div className="mx-auto mt-10 max-w-md">
      <h1 className="mb-2 font-serif text-3xl font-semibold">
        {invitation ? `Join ${invitation.groupName}` : "Join Marginalia"}
      </h1>
      <p className="mb-6 text-muted">
        {invitation
          ? `${invitation.invitedBy} invited you. Create your account and you are in the group.`
          : "Read with your group, comment in the margins, meet to discuss."}
      </p>
      <Card>
        <SignUpForm callbackUrl={callbackUrl} />
      </Card>
      <p className="mt-4 text-center text-sm text-muted">
        Already have an account?{" "}
        <Link
          className="font-medium text-accent underline"
          href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}
        >
          Sign in
        </Link>
      </p>
    </div>
  );
}
