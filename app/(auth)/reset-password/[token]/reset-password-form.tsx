"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { callApi } from "@/app/_components/api-client";
import { formString } from "@/app/_components/form-data";
import { Alert, Button, Field } from "@/app/_components/ui";

export function ResetPasswordForm({ token }: { token: string }) {
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = formString(form, "password", "");
    if (password !== formString(form, "confirmPassword", "")) {
      setFields({ confirmPassword: "The two passwords differ" });
      return;
    }
    setPending(true);
    const result = await callApi("/api/password-resets/complete", { json: { token, password } });
    setPending(false);
    if (!result.ok) {
      setFields(result.fields);
      setError(result.message);
      return;
    }
    setDone(true);
  }

  if (done) {
    return (
      <div className="space-y-4">
        <Alert tone="info">
          Your password is set. Every earlier session of your account has ended.
        </Alert>
        <Link
          href="/sign-in"
          className="inline-flex w-full items-center justify-center rounded-md bg-accent px-4 py-2 text-sm font-medium text-paper hover:opacity-90"
        >
          Sign in with the new password
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4">
      {error ? <Alert>{error}</Alert> : null}
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
        error={fields.password}
        hint="At least 8 characters."
      />
      <Field
        label="New password again"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        error={fields.confirmPassword}
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
