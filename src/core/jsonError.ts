// Say where a JSON syntax error is. Engines word it differently: V8 gives "at position N" for some
// errors and nothing for others ("Unexpected token 'x', …"), Firefox "at line L column C", Safari
// neither. So when the engine gives no place, a small scanner finds the first offending character.

/** `line 3, column 12: not valid JSON (unexpected token 'x')`, the place only when known. */
export function jsonSyntaxError(text: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const where = placeFromMessage(raw, text) ?? placeOf(text, jsonErrorOffset(text));
  const reason = raw
    .replace(/^JSON(\.parse)?( Parse error)?:\s*/i, '')
    .replace(/,\s*(\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '')
    .replace(/\s*(in JSON )?at position \d+/i, '')
    .replace(/\s*\(line \d+ column \d+\)/i, '')
    .replace(/\s*at line \d+ column \d+ of the JSON data/i, '')
    .trim()
    // One line per error: a stray newline or control character is shown escaped ('\n').
    .replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1));
  const prefix = where === undefined ? '' : `line ${where.line}, column ${where.column}: `;
  return `${prefix}not valid JSON (${reason.charAt(0).toLowerCase()}${reason.slice(1)})`;
}

interface Place {
  line: number;
  column: number;
}

function placeFromMessage(message: string, text: string): Place | undefined {
  const lc = /line (\d+) column (\d+)/i.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /at position (\d+)/i.exec(message);
  return pos ? placeOf(text, Number(pos[1])) : undefined;
}

function placeOf(text: string, offset: number | undefined): Place | undefined {
  if (offset === undefined) return undefined;
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

class Stop {
  constructor(readonly at: number) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Offset of the first character that makes `text` invalid JSON (text.length if it ends too soon). */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const stop = (): never => {
    throw new Stop(i);
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const word = (w: string): void => {
    for (const c of w)
      if (text[i] === c) i++;
      else stop();
  };
  const string = (): void => {
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') stop();
      i++;
      if (c === '"') return;
      if (c === '\\') {
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) stop();
            i++;
          }
        } else if ('"\\/bfnrt'.includes(text[i] ?? '!')) i++;
        else stop();
      }
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') return list('}', member);
    if (c === '[') return list(']', value);
    if (c === '"') return string();
    if (c === 't') return word('true');
    if (c === 'f') return word('false');
    if (c === 'n') return word('null');
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text) === null) stop();
    i = NUMBER.lastIndex;
  };
  const member = (): void => {
    if (text[i] !== '"') stop();
    string();
    space();
    word(':');
    value();
  };
  const list = (close: string, item: () => void): void => {
    i++;
    space();
    if (text[i] === close) return void i++;
    for (;;) {
      space();
      item();
      space();
      if (text[i] === close) return void i++;
      word(',');
    }
  };
  try {
    value();
    space();
    return i < text.length ? i : undefined;
  } catch (e) {
    // A nesting too deep for the call stack ends here too: then the place is simply unknown.
    return e instanceof Stop ? e.at : undefined;
  }
}
