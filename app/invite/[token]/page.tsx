import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/app/_components/ui";
import { JoinButton } from "@/app/invite/[token]/join-button";
import { getSessionUser } from "@/lib/auth/session";
import { describeInvite } from "@/lib/invites/redeem-invite";

export const metadata: Metadata = { title: "Invitation" };

const LINK_BUTTON =
  "inline-flex w-full items-center justify-center rounded-md px-4 py-2 text-sm font-medium transition";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Open to signed-out visitors: a stranger first learns which group asks them in, and who asks,
  // then signs up or in from here and is brought back (and joined) through the callback.
  const user = await getSessionUser();
  const invite = await describeInvite(token, user?.id);
  const callback = encodeURIComponent(`/invite/${token}`);
  return (
    <div className="mx-auto mt-10 max-w-md">
      <Card>
        {!invite ? (
          <>
            <h1 className="mb-2 font-serif text-2xl font-semibold">Invitation not found</h1>
            <p className="text-muted">
              This link is not valid. Check that it was copied whole, or ask the group for a new
              one.
            </p>
          </>
        ) : invite.alreadyMember ? (
          <>
            <h1 className="mb-2 font-serif text-2xl font-semibold">
              {`You are already in ${invite.group.name}`}
            </h1>
            <Link
              href={`/groups/${invite.group.id}`}
              className={`${LINK_BUTTON} mt-4 bg-accent text-paper hover:opacity-90`}
            >
              Open the group
            </Link>
          </>
        ) : invite.state !== "active" ? (
          <>
            <h1 className="mb-2 font-serif text-2xl font-semibold">
              This invitation cannot be used
            </h1>
            <p className="text-muted">{invite.message}</p>
          </>
        ) : (
          <>
            <p className="mb-3 text-sm text-muted">
              <span className="font-medium text-ink">{invite.invitedBy}</span> invites you to join
              the reading group
            </p>
            <div className="mb-4 flex items-center gap-3">
              <span
                aria-hidden
                className="flex h-12 w-12 shrink-0 items-center justify-center rounded-xl text-2xl"
                style={{ backgroundColor: invite.group.coverColor }}
              >
                {invite.group.coverEmoji}
              </span>
              <h1 className="min-w-0 break-words font-serif text-2xl font-semibold">
                {`Join ${invite.group.name}`}
              </h1>
            </div>
            {invite.group.description ? (
              <p className="mb-4 text-muted">{invite.group.description}</p>
            ) : null}
            {user ? (
              <JoinButton token={token} groupId={invite.group.id} />
            ) : (
              <div className="space-y-3">
                <Link
                  href={`/sign-up?callbackUrl=${callback}`}
                  className={`${LINK_BUTTON} bg-accent text-paper hover:opacity-90`}
                >
                  Create an account and join
                </Link>
                <Link
                  href={`/sign-in?callbackUrl=${callback}`}
                  className={`${LINK_BUTTON} border border-line text-ink hover:bg-accent-soft`}
                >
                  I have an account: sign in and join
                </Link>
              </div>
            )}
          </>
        )}
        {user ? (
          <p className="mt-6 text-sm">
            <Link href="/groups" className="text-accent underline">
              Back to my groups
            </Link>
          </p>
        ) : null}
      </Card>
    </div>
  );
}
