/** An email address as confab stores it (NFKC, trimmed, lower-cased), or undefined if it is not one. */
export function normalizeEmail(input: string): string | undefined {
  const checked = checkEmail(input);
  return "email" in checked ? checked.email : undefined;
}

/** Why an address is refused, in words for the form; undefined when it is fine. */
export function emailProblem(input: string): string | undefined {
  const checked = checkEmail(input);
  return "problem" in checked ? checked.problem : undefined;
}

const invisible = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800]/u;
const scripts = [
  "Latin",
  "Cyrillic",
  "Greek",
  "Armenian",
  "Hebrew",
  "Arabic",
  "Devanagari",
  "Thai",
  "Georgian",
  "Hangul",
  "Hiragana",
  "Katakana",
  "Han",
] as const;
const scriptPatterns = scripts.map((name) => new RegExp(`\\p{Script=${name}}`, "u"));
const japaneseScripts: ReadonlySet<string> = new Set(["Han", "Hiragana", "Katakana"]);

function checkEmail(input: string): { email: string } | { problem: string } {
  const enter = "Enter an email address, like ada@example.com.";
  // Full-width and other compatibility forms fold to what they look like (NFKC), so "ａｄａ" and
  // "ada" are one address, not two.
  const email = input.normalize("NFKC").trim().toLowerCase();
  if (email === "") return { problem: enter };
  if (invisible.test(email)) {
    return { problem: "This address has an invisible character in it: type it again by hand." };
  }
  if (email.length > 254) return { problem: "Use an address of at most 254 characters." };
  if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>".]+$/.test(email)) return { problem: enter };
  for (const part of email.split(/[@.]/)) {
    const used = scripts.filter((_, index) => scriptPatterns[index]?.test(part));
    // Han may stand with Hiragana and Katakana (Japanese); any other mix is a look-alike trick.
    if (used.length > 1 && !used.every((name) => japaneseScripts.has(name))) {
      return {
        problem:
          "This address mixes letters of different alphabets (like a Cyrillic “а” among Latin letters): check it and type it again.",
      };
    }
  }
  return { email };
}
