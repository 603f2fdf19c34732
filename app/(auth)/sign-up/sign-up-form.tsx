"use client";

import { formString } from "@/app/_components/form-data";
import { useRouter } from "next/navigation";
import { finishSignIn } from "@/app/_components/finish-sign-in";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";

type ApiError = { error?: { message?: string; fields?: Record<string, string> } };

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      name: formString(form, "name", ""),
      email: formString(form, "email", ""),
      password: formString(form, "password", ""),
      // Sessions are shown in the reader's own zone from the first day, not in UTC.
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    };
    setPending(true);
    setError(undefined);
    setFields({});
    const response = await fetch("/api/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const payload = (await response.json().catch(() => ({}))) as ApiError;
      setFields(payload.error?.fields ?? {});
      setError(
        payload.error?.fields
          ? undefined
          : (payload.error?.message ?? "Could not create the account."),
      );
      if (response.status === 429) setError(payload.error?.message);
      setPending(false);
      return;
    }
    const result = await signIn("credentials", {
      email: body.email,
      password: body.password,
      redirect: false,
    });
    setPending(false);
    if (result?.error) {
      // The sign-up answer is the same for an address that already has an account (so it does
      // not reveal who is registered); then only that account's own password signs in.
      setError(
        /Too many attempts/.test(result.error)
          ? result.error
          : "You could not be signed in. If you already have an account with this email, sign in with its password.",
      );
      return;
    }
    await finishSignIn(router, callbackUrl);
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4" noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <Field label="Display name" name="name" autoComplete="name" required error={fields.name} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        error={fields.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        error={fields.password}
        hint="At least 8 characters."
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}
