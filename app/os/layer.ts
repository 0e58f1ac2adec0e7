/**
 * What Upkeep asks of the operating system about processes and ports, in one
 * interface with one implementation per platform (linux.ts reads /proc,
 * darwin.ts runs ps and lsof). current.ts picks one, once; nothing else in
 * the code asks which OS it runs on.
 */

export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  /** As the kernel reports it (Linux); macOS `ps` only gives one line, split on whitespace. */
  argv: string[];
  /** argv joined for display; `[name]` for kernel threads and processes that hide their argv. */
  command: string;
  /** null when unknown: not asked for, no permission, or the process went away. */
  cwd: string | null;
  /** The startTime() token, where the table read gives it for free (Linux's stat); with the pid, an identity. */
  startTime?: string;
}

/** Which entries need their cwd: a readlink each on Linux, one lsof call on macOS. */
export type WantCwd = (entry: ProcessEntry) => boolean;

export interface Listener {
  /** Printable local address: `127.0.0.1`, `0.0.0.0`, `::`, `::1`, … */
  address: string;
  port: number;
  /** The socket's inode (Linux), which /proc/PID/fd links name as `socket:[inode]`; 0 elsewhere. */
  inode: number;
}

/** A live process whose environment holds a marker, with its environment's `NAME=value` entries. */
export interface EnvProcess {
  pid: number;
  ppid: number;
  pgid: number;
  env: string[];
}

/** A process holding a listening socket, and its parent (forked workers share their parent's socket). */
export interface SocketHolder {
  pid: number;
  ppid: number;
}

export interface OsLayer {
  readonly name: 'linux' | 'darwin';
  /** Opaque start-time token, or null when no such process exists (or it is a zombie). */
  startTime(pid: number): string | null;
  /** One snapshot of the process table. */
  listProcesses(wantCwd: WantCwd): Promise<ProcessEntry[]>;
  /** Our own live processes whose environment contains `marker` (a `NAME=` prefix). */
  processesWithEnv(marker: string): Promise<EnvProcess[]>;
  /**
   * One process's environment (`NAME=value` entries), null when gone or not
   * ours. Only where it is one cheap read (Linux's /proc/PID/environ); macOS
   * gives environments in bulk only (`ps eww`), so it has none.
   */
  environOf?(pid: number): string[] | null;
  /** Every TCP listener, IPv4 and IPv6, on any address. */
  listListeners(): Promise<Listener[]>;
  /** The processes holding a LISTEN socket on `port`, that we may look at. */
  listenerHolders(port: number): Promise<SocketHolder[]>;
  /** A process's argv; null when it is gone or hidden from us. */
  argvOf(pid: number): Promise<string[] | null>;
  /**
   * True where a bind on the wildcard addresses fails whenever anything listens
   * on that port on any address (Linux), so two binds answer "is it free?".
   * Not on macOS: SO_REUSEADDR lets such a bind succeed beside a listener, and
   * a wildcard bind can raise the firewall's "accept incoming connections?" prompt.
   */
  readonly wildcardBindSeesEveryListener: boolean;
}
