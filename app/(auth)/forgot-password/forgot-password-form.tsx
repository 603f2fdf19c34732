"use client";

import { useState, type FormEvent } from "react";
import { callApi } from "@/app/_components/api-client";
import { formString } from "@/app/_components/form-data";
import { Alert, Button, Field } from "@/app/_components/ui";

export function ForgotPasswordForm() {
  const [message, setMessage] = useState<{ tone: "error" | "info"; text: string }>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await callApi<{ message: string }>("/api/password-resets", {
      json: { email: formString(form, "email", "") },
    });
    setPending(false);
    if (!result.ok) {
      setFields(result.fields);
      setMessage({ tone: "error", text: result.message });
      return;
    }
    setFields({});
    setMessage({ tone: "info", text: result.data.message });
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4" noValidate>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        error={fields.email}
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Sending…" : "E-mail me a reset link"}
      </Button>
    </form>
  );
}
