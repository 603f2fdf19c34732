"use client";

import { formString } from "@/app/_components/form-data";
import { useRouter } from "next/navigation";
import { finishSignIn } from "@/app/_components/finish-sign-in";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";

const ERROR_MESSAGES: Record<string, string> = {
  CredentialsSignin: "Email or password is incorrect.",
  SessionRequired: "Sign in to continue.",
};

export function SignInForm({
  callbackUrl,
  initialError,
}: {
  callbackUrl: string;
  initialError?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>(
    initialError ? (ERROR_MESSAGES[initialError] ?? initialError) : undefined,
  );
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email: formString(form, "email", ""),
      password: formString(form, "password", ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      setError(ERROR_MESSAGES[result?.error ?? ""] ?? result?.error ?? "Could not sign in.");
      return;
    }
    await finishSignIn(router, callbackUrl);
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4" noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
