/** Small predicates on single lines of extracted text, shared by the plain-text passes. */

const MONTHS =
  "January|February|March|April|May|June|July|August|September|October|November|December|Spring|Summer|Autumn|Fall|Winter";
/** "January 1990", "1990", "Early 1990s" standing alone. */
export const DATE_LINE = new RegExp(`^(?:(?:${MONTHS}|Early|Late|Mid)\\s+)?(?:1[0-9]|20)\\d{2}s?$`);

/** Ends a sentence: terminal punctuation, then closing quotes/brackets, an optional note mark or "(1981)". */
const TERMINATED = /[.!?…](?:["'”’»)\]]*)(?:\s?\[\d{1,3}\])?(?:\s*\(\d{4}\))?$/;

export function isTerminated(text: string): boolean {
  return TERMINATED.test(text.trimEnd());
}

export function endsWithAbbreviation(text: string): boolean {
  return /(?:\b[A-Z]\.){2,}$/.test(text.trim());
}

/** A mostly upper-case line: the small-caps section heads of magazine layouts. */
export function isAllCaps(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 4) return false;
  const upper = letters.filter(
    (letter) => letter === letter.toUpperCase() && letter !== letter.toLowerCase(),
  );
  return upper.length / letters.length >= 0.9 && !/[.,;]$/.test(text.trim());
}

export function isSingleCapital(text: string): boolean {
  return /^[“"‘']?[A-Z]$/.test(text.trim());
}

/** "p.131", "pp. 12", "op. cit." — a source reference under a quotation. */
export function isCitation(text: string): boolean {
  const t = text.trim();
  if (t.length > 160) return false;
  return (
    /\bpp?\.\s?\d+/.test(t) ||
    /\bop\.\s?cit\./i.test(t) ||
    /^(?:quoted|cited) (?:in|from)\b/i.test(t)
  );
}

export const BULLET = /^(?:[•*·▪◦‣]|-(?=\s))\s+/;
export const FOOTNOTE_LINE = /^\[(\d{1,3})\]\s+\S/;

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
export function romanToNumber(roman: string): number | null {
  let total = 0;
  for (let i = 0; i < roman.length; i++) {
    const value = ROMAN[roman[i] ?? ""];
    const next = ROMAN[roman[i + 1] ?? ""] ?? 0;
    if (!value) return null;
    total += value < next ? -value : value;
  }
  return total > 0 && total < 200 ? total : null;
}

/** Words that open a numbered division in the languages of the corpus ("Chapitre", "Глава"). */
const DIVISION_WORDS =
  "chapter|chap\\.|part|book|section|canto|act|scene|chapitre|partie|livre|acte|sc[èe]ne|kapitel|teil|buch|akt|aufzug|auftritt|szene|cap[íi]tulo|parte|libro|acto|escena|canto|capitolo|глава|часть|книга|песнь|действие|явление|сцена";

/** A division word standing alone ("SCENE", "Akt."): a heading of its own, never a title to join. */
export function isBareDivisionWord(text: string): boolean {
  return new RegExp(`^(?:${DIVISION_WORDS})\\.?$`, "iu").test(text.trim());
}

/** Ordinal and number words after (or, in German, before) a division word. */
const ORDINALS: string[][] = [
  [
    "first",
    "premier",
    "première",
    "erstes",
    "erster",
    "erste",
    "primero",
    "primera",
    "первая",
    "первый",
    "первое",
    "one",
    "un",
    "une",
    "eins",
    "uno",
    "una",
  ],
  [
    "second",
    "deuxième",
    "seconde",
    "second",
    "zweites",
    "zweiter",
    "zweite",
    "segundo",
    "segunda",
    "вторая",
    "второй",
    "второе",
    "two",
    "deux",
    "zwei",
    "dos",
  ],
  [
    "third",
    "troisième",
    "drittes",
    "dritter",
    "dritte",
    "tercero",
    "tercera",
    "третья",
    "третий",
    "третье",
    "three",
    "trois",
    "drei",
    "tres",
  ],
  [
    "fourth",
    "quatrième",
    "viertes",
    "vierter",
    "vierte",
    "cuarto",
    "cuarta",
    "четвёртая",
    "четвертая",
    "четвертый",
    "four",
    "quatre",
    "vier",
    "cuatro",
  ],
  [
    "fifth",
    "cinquième",
    "fünftes",
    "fünfter",
    "fünfte",
    "quinto",
    "quinta",
    "пятая",
    "пятый",
    "five",
    "cinq",
    "fünf",
    "cinco",
  ],
  [
    "sixth",
    "sixième",
    "sechstes",
    "sechster",
    "sechste",
    "sexto",
    "sexta",
    "шестая",
    "six",
    "sechs",
    "seis",
  ],
  [
    "seventh",
    "septième",
    "siebentes",
    "siebtes",
    "siebenter",
    "siebter",
    "séptimo",
    "septimo",
    "седьмая",
    "seven",
    "sept",
    "sieben",
    "siete",
  ],
  ["eighth", "huitième", "achtes", "achter", "octavo", "восьмая", "eight", "huit", "acht", "ocho"],
  ["ninth", "neuvième", "neuntes", "neunter", "noveno", "девятая", "nine", "neuf", "neun", "nueve"],
  [
    "tenth",
    "dixième",
    "zehntes",
    "zehnter",
    "décimo",
    "decimo",
    "десятая",
    "ten",
    "dix",
    "zehn",
    "diez",
  ],
  ["eleven", "eleventh", "onze", "elf"],
  ["twelve", "twelfth", "douze", "zwölf"],
];

function ordinalNumber(word: string): number {
  const lower = word.toLowerCase();
  const at = ORDINALS.findIndex((forms) => forms.includes(lower));
  return at === -1 ? 0 : at + 1;
}

export type NumberedHeading = {
  n: number;
  rest: string;
  /** The division word ("chapter", "kapitel") when the heading has one: strong evidence. */
  keyword?: string;
};

function divisionNumber(token: string): number {
  if (/^\d+$/.test(token)) return Number(token);
  const roman = romanToNumber(token.toUpperCase());
  if (roman && /^[ivxlc]+$/i.test(token)) return roman;
  return ordinalNumber(token);
}

/** "3. Title", "IV: Title", "Chapter 7", "Part Two — Title", "CHAPITRE PREMIER", "Erstes Kapitel". */
export function numberedHeading(text: string): NumberedHeading | null {
  const t = text.trim();
  if (t.length > 160) return null;
  const word = new RegExp(
    `^(${DIVISION_WORDS})\\s+(\\d{1,3}|[IVXLC]{1,7}|\\p{L}+)(?![\\p{L}\\p{N}])\\.?(?:\\s*\\(\\*\\))?(?:\\s*[.:—–-]+\\s*|\\s+|$)(.*)$`,
    "iu",
  ).exec(t);
  if (word?.[1] && word[2]) {
    const n = divisionNumber(word[2]);
    if (n > 0) return { n, rest: word[3] ?? "", keyword: word[1].toLowerCase().replace(/\.$/, "") };
  }
  // The ordinal first: "Erstes Kapitel", and the "First Act" / "Second Part" of English plays and books.
  const before =
    /^(?:the\s+)?(\p{L}+)\s+(kapitel|teil|buch|akt|aufzug|auftritt|szene|act|part|book|scene)(?![\p{L}])\.?\s*(.*)$/iu.exec(
      t,
    );
  if (before?.[1] && before[2]) {
    const n = ordinalNumber(before[1]);
    if (n > 0) return { n, rest: before[3] ?? "", keyword: before[2].toLowerCase() };
  }
  const arabic = /^(\d{1,2})[.)]\s+(\S.*)$/.exec(t);
  if (arabic?.[1] && arabic[2]) return { n: Number(arabic[1]), rest: arabic[2] };
  const roman = /^([IVXLC]{1,7})[.:]\s+(\S.*)$/.exec(t);
  if (roman?.[1] && roman[2]) {
    const n = romanToNumber(roman[1]);
    if (n) return { n, rest: roman[2] };
  }
  // A roman numeral alone on its line ("IV." / "XII"), the bare chapter number of many novels.
  const bare = /^([IVXLC]{1,7})\.?$/.exec(t);
  if (bare?.[1]) {
    const n = romanToNumber(bare[1]);
    if (n) return { n, rest: "" };
  }
  return null;
}

/** Words that name a section rather than a book ("Timeline" is not the title). */
export const SECTION_WORDS =
  /^(?:timeline|chronology|introduction|preface|foreword|prologue|epilogue|contents|table of contents|afterword|acknowledg(?:e)?ments|notes|appendix|glossary|bibliography|abstract|summary|dedication|pr[ée]face|avant-propos|vorwort|einleitung|pr[óo]logo|prefacio|introducci[óo]n|предисловие|введение|пролог)(?![\p{L}])/iu;
