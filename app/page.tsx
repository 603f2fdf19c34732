import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";

export default async function HomePage() {
  if (await getSessionUser()) redirect("/groups");
  return (
    <section className="mx-auto mt-12 max-w-3xl text-center">
      <h1 className="font-serif text-4xl font-semibold leading-tight sm:text-5xl">
        Read together, think in the margins.
      </h1>
      <p className="mx-auto mt-5 max-w-2xl text-lg text-muted">
        Marginalia gives your reading group a shared library, live comments beside every passage,
        and discussion sessions planned chapter by chapter.
      </p>
      <div className="mt-8 flex justify-center gap-3">
        <Link
          href="/sign-up"
          className="rounded-md bg-accent px-5 py-2.5 font-medium text-paper hover:opacity-90"
        >
          Start a group
        </Link>
        <Link
          href="/sign-in"
          className="rounded-md border border-line px-5 py-2.5 font-medium hover:bg-accent-soft"
        >
          Sign in
        </Link>
      </div>
    </section>
  );
}
