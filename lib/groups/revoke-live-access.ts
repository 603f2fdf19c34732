import { realtimeRegistry } from "@/lib/app/realtime-registry";

/**
 * When a member is removed or demoted, their open sockets must lose access at once. The
 * realtime layer registers how (re-checking rooms across processes); until it has, there are
 * no live documents to protect.
 */
export async function revokeLiveAccess(groupId: string, userId: string): Promise<void> {
  await realtimeRegistry().onMembershipChanged?.(groupId, userId);
}
