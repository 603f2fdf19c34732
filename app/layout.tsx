import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/app/_components/site-header";
import "@fontsource-variable/inter";
import "@fontsource-variable/literata";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Marginalia", template: "%s · Marginalia" },
  description:
    "Read together: a shared library, live margin comments and discussion sessions for reading groups.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen font-sans antialiased">
        {/* The first thing Tab reaches: past the header straight to the page's own content. */}
        <a
          href="#main"
          className="sr-only rounded-md bg-ink px-3 py-2 text-sm font-medium text-paper focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-[100]"
        >
          Skip to main content
        </a>
        <SiteHeader />
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto w-full max-w-6xl px-4 pb-16 pt-6 focus:outline-none sm:px-6"
        >
          {children}
        </main>
      </body>
    </html>
  );
}
