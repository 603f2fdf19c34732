import { callApi } from "@/app/_components/api-client";

type Router = { push: (href: string) => void; refresh: () => void };

const INVITE_CALLBACK = /^\/invite\/([^/?#]+)$/;

/**
 * Where a form goes once the account is signed in. Someone who came from an invitation asked to
 * join by signing up or in from it, so the invitation is accepted here and they land in the
 * group (no second "Join" click). If it cannot be accepted (used up, another address), the
 * invitation page says why.
 */
export async function finishSignIn(router: Router, callbackUrl: string): Promise<void> {
  const token = INVITE_CALLBACK.exec(callbackUrl)?.[1];
  if (token) {
    const joined = await callApi<{ groupId: string }>("/api/invites/redeem", {
      json: { token: decodeURIComponent(token) },
    });
    if (joined.ok) {
      router.push(`/groups/${joined.data.groupId}`);
      router.refresh();
      return;
    }
  }
  router.push(callbackUrl);
  router.refresh();
}
