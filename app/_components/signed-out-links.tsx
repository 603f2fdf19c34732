"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { Suspense } from "react";

/** Pages whose own callback is the one to keep (following their link must not lose it). */
const AUTH_PAGES = new Set(["/sign-in", "/sign-up", "/forgot-password"]);

/**
 * Where the header's Sign in / Sign up should bring the visitor back to: the page they are on
 * (an invitation, a shared chapter link), or the callback the auth page itself was given.
 */
function useCallbackUrl(): string | null {
  const pathname = usePathname();
  const search = useSearchParams();
  if (AUTH_PAGES.has(pathname)) return search.get("callbackUrl");
  if (pathname === "/" || pathname.startsWith("/reset-password")) return null;
  const query = search.toString();
  return query ? `${pathname}?${query}` : pathname;
}

function Links({ callbackUrl }: { callbackUrl: string | null }) {
  const suffix = callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : "";
  return (
    <>
      <Link
        href={`/sign-in${suffix}`}
        className="whitespace-nowrap rounded px-2 py-1 text-muted hover:text-ink"
      >
        Sign in
      </Link>
      <Link
        href={`/sign-up${suffix}`}
        className="whitespace-nowrap rounded-md bg-accent px-3 py-1.5 font-medium text-paper hover:opacity-90"
      >
        Sign up
      </Link>
    </>
  );
}

function LinksWithCallback() {
  return <Links callbackUrl={useCallbackUrl()} />;
}

/** The header's Sign in / Sign up, keeping the way back (an invitation stays an invitation). */
export function SignedOutLinks() {
  // useSearchParams needs a boundary on statically rendered pages; plain links meanwhile.
  return (
    <Suspense fallback={<Links callbackUrl={null} />}>
      <LinksWithCallback />
    </Suspense>
  );
}
