"use client";

import { useState, type FormEvent } from "react";
import { callApi } from "@/app/_components/api-client";
import { useDialogs } from "@/app/_components/dialogs";
import { formString } from "@/app/_components/form-data";
import { Alert, Button, Field } from "@/app/_components/ui";

/** Change password (other sessions end, this one stays) and sign out everywhere. */
export function SecuritySettings({ hasPassword }: { hasPassword: boolean }) {
  const [message, setMessage] = useState<{ tone: "error" | "info"; text: string }>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const { confirm, dialogs } = useDialogs();

  async function changePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const newPassword = formString(form, "newPassword", "");
    if (newPassword !== formString(form, "confirmPassword", "")) {
      setFields({ confirmPassword: "The two new passwords differ" });
      setMessage(undefined);
      return;
    }
    setPending(true);
    const result = await callApi("/api/users/me/password", {
      json: { currentPassword: formString(form, "currentPassword", ""), newPassword },
    });
    setPending(false);
    if (!result.ok) {
      setFields(result.fields);
      setMessage({ tone: "error", text: result.message });
      return;
    }
    formElement.reset();
    setFields({});
    setMessage({
      tone: "info",
      text: "Password changed. Every other device and browser was signed out; this one stays signed in.",
    });
  }

  async function signOutEverywhere() {
    const yes = await confirm({
      title: "Sign out everywhere?",
      description: "Every device and browser is signed out, this one included.",
      confirmLabel: "Sign out everywhere",
      destructive: true,
    });
    if (!yes) return;
    const result = await callApi("/api/users/me/sign-out-everywhere", { method: "POST" });
    if (!result.ok) return setMessage({ tone: "error", text: result.message });
    window.location.assign("/sign-in?signed-out=everywhere");
  }

  return (
    <div className="space-y-6">
      {dialogs}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {hasPassword ? (
        <form onSubmit={(event) => void changePassword(event)} className="space-y-4">
          <h3 className="font-medium">Change password</h3>
          <Field
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={fields.currentPassword}
          />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            minLength={8}
            required
            error={fields.newPassword}
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
          <Button type="submit" disabled={pending}>
            {pending ? "Changing…" : "Change password"}
          </Button>
        </form>
      ) : (
        <p className="text-sm text-muted">
          Your account signs in without a password. To set one, use “Forgot password” on the sign-in
          page.
        </p>
      )}
      <div className="space-y-2 border-t border-line pt-4">
        <h3 className="font-medium">Sign out everywhere</h3>
        <p className="text-sm text-muted">
          Ends every session of your account: other browsers, other devices, and any copy of your
          sign-in cookie. You sign in again here too.
        </p>
        <Button variant="danger" type="button" onClick={() => void signOutEverywhere()}>
          Sign out everywhere
        </Button>
      </div>
    </div>
  );
}
