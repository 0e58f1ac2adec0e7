/** Output for people: aligned columns, short durations, colour only on a terminal that wants it. */

export type Paint = (text: string) => string;

export interface Palette {
  green: Paint;
  yellow: Paint;
  red: Paint;
  dim: Paint;
  bold: Paint;
}

const plain: Paint = (text) => text;
const sgr = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;

/** https://no-color.org: any non-empty NO_COLOR turns colour off; so does a pipe or a file. */
export function paletteFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Palette {
  const color = stream.isTTY === true && !env.NO_COLOR;
  if (!color) return { green: plain, yellow: plain, red: plain, dim: plain, bold: plain };
  return { green: sgr(32, 39), yellow: sgr(33, 39), red: sgr(31, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

export interface Cell {
  text: string;
  paint?: Paint;
}

/** Columns padded to their widest plain text (colour codes do not count), two spaces apart. */
export function formatTable(header: string[], rows: Cell[][], palette: Palette): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.text.length ?? 0)),
  );
  const line = (cells: Cell[]): string =>
    cells
      .map((cell, column) => {
        const padded = column === cells.length - 1 ? cell.text : cell.text.padEnd(widths[column] ?? 0);
        return (cell.paint ?? plain)(padded);
      })
      .join('  ')
      .trimEnd();
  return [palette.dim(line(header.map((text) => ({ text })))), ...rows.map(line)];
}

export { formatDuration } from '../shared/duration.ts';
