// The text as the character index (search_chars) tokenizes it: every Han character set apart, so
// unicode61 makes it a token of its own; Latin words and numbers stay whole.

const HAN = /(\p{Script=Han})/gu;

export function charTokens(text: string): string {
  return text.replace(HAN, ' $1 ');
}

/** A short term the character index can answer: one or two Han characters (a Latin piece would only match whole words). */
export function isHanTerm(term: string): boolean {
  return /^\p{Script=Han}{1,2}$/u.test(term);
}
