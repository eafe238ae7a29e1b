/**
 * Progress of a long command, on stderr so that stdout keeps only the result (scripts read it).
 * On a terminal one line is rewritten in place; anywhere else (a log, a pipe) each step is a
 * line of its own, since carriage returns there only make a mess.
 */
export interface ProgressLine {
  show(text: string): void;
  /** Ends the line on a terminal; call once, whether or not anything was shown. */
  finish(): void;
}

export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  let shown = false;
  return {
    show(text) {
      shown = true;
      stream.write(stream.isTTY ? `\r\x1b[2K${text}` : `${text}\n`);
    },
    finish() {
      if (shown && stream.isTTY) stream.write("\n");
    },
  };
}

/** 1,200 rather than 1200: counts a person reads at a glance. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}
