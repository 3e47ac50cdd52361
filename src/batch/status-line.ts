// One status line on a terminal, redrawn in place with `\r`, that other output can pass without garbling it:
// `print` takes the line away, writes, and draws it again from the current state. Only on a terminal that
// reports its width (a pty without a size reports 0 columns, and redrawing there floods the log); elsewhere
// there is no line at all.

export interface StatusLine {
  /** Draws the line from `render()` (cut to the terminal's width); an empty text takes it away. */
  draw(): void;
  /** Writes `text` to the stream, keeping the line below it. */
  print(text: string): void;
  /** Takes the line away. */
  clear(): void;
}

/** The line, or null when `stream` is not a terminal that can have one (or the caller does not want one). */
export function statusLine(stream: NodeJS.WriteStream, enabled: boolean, render: () => string): StatusLine | null {
  const columns = stream.columns ?? 0;
  if (!enabled || !stream.isTTY || columns <= 0) return null;
  let shown = '';
  const line: StatusLine = {
    draw() {
      const text = render().slice(0, Math.max(0, (stream.columns || columns) - 1));
      if (!text) return line.clear();
      shown = text;
      stream.write(`\r${shown}\x1b[K`);
    },
    print(text) {
      const had = shown !== '';
      line.clear();
      stream.write(text);
      if (had) line.draw();
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = '';
    },
  };
  return line;
}
