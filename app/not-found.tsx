import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Page not found" };

/** Unknown pages, and pages of groups the reader does not belong to, look like the rest of the app. */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg py-12">
      <Card>
        <h1 className="mb-2 font-serif text-2xl font-semibold">Page not found</h1>
        <p className="mb-4 text-muted">
          This page does not exist, or it belongs to a group you are not a member of.
        </p>
        <Link href="/groups" className="text-accent underline underline-offset-2">
          Back to your groups
        </Link>
      </Card>
    </div>
  );
}
