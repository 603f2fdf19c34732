import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/app/_components/ui";
import { JoinButton } from "@/app/invite/[token]/join-button";
import { requirePageUser } from "@/lib/access/page-guard";
import { describeInvite } from "@/lib/invites/redeem-invite";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Signed-out visitors go through sign-in (or sign-up, linked from there) and come back here.
  await requirePageUser(`/invite/${token}`);
  const invite = await describeInvite(token);
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
        ) : invite.state !== "active" ? (
          <>
            <h1 className="mb-2 font-serif text-2xl font-semibold">
              This invitation cannot be used
            </h1>
            <p className="text-muted">{invite.message}</p>
          </>
        ) : (
          <>
            <div className="mb-4 flex items-center gap-3">
              <span
                aria-hidden
                className="flex h-12 w-12 items-center justify-center rounded-xl text-2xl"
                style={{ backgroundColor: invite.group.coverColor }}
              >
                {invite.group.coverEmoji}
              </span>
              <h1 className="font-serif text-2xl font-semibold">Join {invite.group.name}</h1>
            </div>
            {invite.group.description ? (
              <p className="mb-4 text-muted">{invite.group.description}</p>
            ) : null}
            <JoinButton token={token} groupId={invite.group.id} />
          </>
        )}
        <p className="mt-6 text-sm">
          <Link href="/groups" className="text-accent hover:underline">
            Back to my groups
          </Link>
        </p>
      </Card>
    </div>
  );
}
