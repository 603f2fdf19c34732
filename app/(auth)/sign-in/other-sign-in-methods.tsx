"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { formString } from "@/app/_components/form-data";
import { Alert, Button, Field } from "@/app/_components/ui";

export function OtherSignInMethods({
  methods,
  callbackUrl,
}: {
  methods: { github: boolean; google: boolean; email: boolean };
  callbackUrl: string;
}) {
  const [sent, setSent] = useState(false);
  if (!methods.github && !methods.google && !methods.email) return null;

  async function emailLink(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await signIn("email", {
      email: formString(new FormData(event.currentTarget), "email"),
      callbackUrl,
      redirect: false,
    });
    setSent(!result?.error);
  }

  return (
    <div className="mt-6 space-y-3 border-t border-line pt-5">
      <p className="text-center text-xs uppercase tracking-wide text-muted">or</p>
      {methods.github ? (
        <Button
          variant="secondary"
          className="w-full"
          onClick={() => void signIn("github", { callbackUrl })}
        >
          Continue with GitHub
        </Button>
      ) : null}
      {methods.google ? (
        <Button
          variant="secondary"
          className="w-full"
          onClick={() => void signIn("google", { callbackUrl })}
        >
          Continue with Google
        </Button>
      ) : null}
      {methods.email ? (
        sent ? (
          <Alert tone="info">Check your inbox: we sent you a sign-in link.</Alert>
        ) : (
          <form onSubmit={(event) => void emailLink(event)} className="space-y-2">
            <Field
              label="Email me a sign-in link"
              name="email"
              type="email"
              autoComplete="email"
              required
            />
            <Button type="submit" variant="secondary" className="w-full">
              Send link
            </Button>
          </form>
        )
      ) : null}
    </div>
  );
}
