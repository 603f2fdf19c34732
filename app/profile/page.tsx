import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/app/_components/ui";
import { ProfileForm } from "@/app/profile/profile-form";
import { SecuritySettings } from "@/app/profile/security-settings";
import { hasPassword } from "@/lib/auth/change-password";
import { getSessionUser } from "@/lib/auth/session";
import { getProfile } from "@/lib/users/update-profile";

export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage() {
  const session = await getSessionUser();
  if (!session) redirect("/sign-in?callbackUrl=/profile");
  const user = await getProfile(session.id);
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="mb-6 font-serif text-3xl font-semibold">Your profile</h1>
      <Card>
        <p className="mb-4 text-sm text-muted">
          Signed in as <strong className="text-ink">{user.email}</strong>
        </p>
        <ProfileForm
          initial={{
            name: user.name,
            timeZone: user.timeZone,
            hideCommentsBeyondProgress: user.hideCommentsBeyondProgress,
            emailReminders: user.emailReminders,
          }}
          timeZones={Intl.supportedValuesOf("timeZone")}
        />
      </Card>
      <h2 className="mb-4 mt-10 font-serif text-2xl font-semibold">Password and sessions</h2>
      <Card>
        <SecuritySettings hasPassword={await hasPassword(session.id)} />
      </Card>
    </div>
  );
}
