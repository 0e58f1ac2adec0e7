/** What every command gets: where the data lives and where to write. Commands never touch process.stdout directly. */
import { dataPaths, defaultDataDir, type DataPaths } from '../paths.ts';
import { paletteFor, type Palette } from './output.ts';

export interface CliContext {
  paths: DataPaths;
  /** A line (or several) for stdout; the newline is added. */
  out(text: string): void;
  /** A line for stderr; the newline is added. */
  err(text: string): void;
  /** Colours for stdout (plain unless it is a terminal and NO_COLOR is unset). */
  palette: Palette;
  env: NodeJS.ProcessEnv;
  /** Both stdin and stdout are a terminal: a person can be asked. */
  interactive: boolean;
  /** Asks a yes/no question on the terminal; false on anything but y/yes. */
  confirm(question: string): Promise<boolean>;
}

async function confirmOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export function processContext(): CliContext {
  return {
    paths: dataPaths(defaultDataDir()),
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(`${text}\n`),
    palette: paletteFor(process.stdout),
    env: process.env,
    // A getter: reading process.stdin builds its stream (a file's or a socket's, about 2.5 ms), and only a command that asks needs it.
    get interactive() {
      return process.stdin.isTTY === true && process.stdout.isTTY === true;
    },
    confirm: confirmOnTerminal,
  };
}
