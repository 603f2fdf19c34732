/**
 * The one date and time format family of the app, written by Intl in the reader's locale:
 *   date       "Wed 2 Dec"                     (formatDate; the year only when not this year)
 *   date-time  "Wed 2 Dec, 19:30 GMT-5"        (formatDateTime; the zone always named)
 *   time       "19:30 GMT-5"                   (formatTime)
 *   range      "Wed 2 Dec, 19:30–21:00 GMT-5"  (formatDateTimeRange)
 *   relative   "3 minutes ago", "in 2 days"    (formatRelative)
 * Every function takes the zone to show the moment in; times carry that zone's short name so a
 * reader never has to guess which clock is meant. The locale comes from the browser
 * (`navigator.language`) or the request (`Accept-Language`, see request-locale.ts).
 */
export type TDateFormatOptions = {
  /** IANA zone the moment is shown in (the viewer's or the group's). */
  timeZone: string;
  /** BCP 47 locale; "en-GB" when unknown. */
  locale?: string;
  /** Reference "now", for dropping the current year and for relative times (tests pass one). */
  now?: Date;
};

export const DEFAULT_LOCALE = "en-GB";

type TInstant = Date | string | number;

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(safeLocale(locale), options);
    formatters.set(key, format);
  }
  return format;
}

/** A locale Intl accepts, or the default (a malformed Accept-Language must not crash a page). */
export function safeLocale(locale: string | undefined): string {
  if (!locale) return DEFAULT_LOCALE;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

function toDate(at: TInstant): Date {
  return at instanceof Date ? at : new Date(at);
}

function yearIn(at: Date, timeZone: string): string {
  return dateTimeFormat("en", { timeZone, year: "numeric" }).format(at);
}

function dayOptions(at: Date, options: TDateFormatOptions): Intl.DateTimeFormatOptions {
  const sameYear =
    yearIn(at, options.timeZone) === yearIn(options.now ?? new Date(), options.timeZone);
  return {
    timeZone: options.timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
  };
}

/** "Wed 2 Dec" this year, "Mon 3 Mar 2025" otherwise: a day, no time. */
export function formatDate(at: TInstant, options: TDateFormatOptions): string {
  const date = toDate(at);
  return dateTimeFormat(options.locale ?? DEFAULT_LOCALE, dayOptions(date, options)).format(date);
}

/** "2 Dec 2026": a day with its year and no weekday (join dates, expiry dates). */
export function formatFullDate(at: TInstant, options: TDateFormatOptions): string {
  return dateTimeFormat(options.locale ?? DEFAULT_LOCALE, {
    timeZone: options.timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(toDate(at));
}

/** "19:30 GMT-5" (or "7:30 PM EST" where the locale says so): a time with its zone. */
export function formatTime(at: TInstant, options: TDateFormatOptions): string {
  return dateTimeFormat(options.locale ?? DEFAULT_LOCALE, {
    timeZone: options.timeZone,
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(toDate(at));
}

/** "Wed 2 Dec, 19:30 GMT-5": a day and a time with its zone. */
export function formatDateTime(at: TInstant, options: TDateFormatOptions): string {
  const date = toDate(at);
  return dateTimeFormat(options.locale ?? DEFAULT_LOCALE, {
    ...dayOptions(date, options),
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(date);
}

/** "Wed 2 Dec, 19:30–21:00 GMT-5"; both days when the range crosses midnight. */
export function formatDateTimeRange(start: TInstant, end: TInstant, options: TDateFormatOptions) {
  const from = toDate(start);
  const format = dateTimeFormat(options.locale ?? DEFAULT_LOCALE, {
    ...dayOptions(from, options),
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
  return format.formatRange(from, toDate(end));
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** "3 minutes ago", "yesterday", "in 2 days", "now": the largest whole unit. */
export function formatRelative(
  at: TInstant,
  options: { locale?: string; now?: Date } = {},
): string {
  const locale = safeLocale(options.locale);
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    relativeFormats.set(locale, format);
  }
  const seconds = Math.round((toDate(at).getTime() - (options.now ?? new Date()).getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") {
      if (unit === "second" && Math.abs(seconds) < 45) return format.format(0, "second");
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return format.format(0, "second");
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** "12,480" / "12 480": a plain number in the reader's locale. */
export function formatNumber(value: number, locale = DEFAULT_LOCALE): string {
  const safe = safeLocale(locale);
  let format = numberFormats.get(safe);
  if (!format) {
    format = new Intl.NumberFormat(safe);
    numberFormats.set(safe, format);
  }
  return format.format(value);
}

/** The first language of an `Accept-Language` header Intl understands ("fr-CA,fr;q=0.9" → "fr-CA"). */
export function localeFromAcceptLanguage(header: string | null | undefined): string {
  const ranked = (header ?? "")
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.trim(), quality: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((entry) => entry.tag !== "" && entry.tag !== "*" && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const { tag } of ranked) {
    const locale = safeLocale(tag);
    if (locale === tag || locale.toLowerCase() === tag.toLowerCase()) return locale;
  }
  return DEFAULT_LOCALE;
}

/** In the browser: its own zone and language; on the server (first render) UTC and the default. */
export function browserDateOptions(): TDateFormatOptions {
  if (typeof navigator === "undefined") return { timeZone: "UTC", locale: DEFAULT_LOCALE };
  return {
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    locale: safeLocale(navigator.language),
  };
}
