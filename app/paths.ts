/**
 * Where Upkeep keeps its state. The same folder for the app (Electron's
 * `userData` for productName "Upkeep"), the headless engine and the CLI;
 * `UPKEEP_HOME` overrides it.
 */
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Upkeep';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.UPKEEP_HOME) return path.resolve(env.UPKEEP_HOME);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/** Every path inside a data dir, built in one place. */
export function dataPaths(dataDir: string) {
  return {
    dataDir,
    config: path.join(dataDir, 'config.json'),
    lock: path.join(dataDir, 'engine.lock'),
    socket: path.join(dataDir, 'upkeep.sock'),
    runDir: path.join(dataDir, 'run'),
    logsDir: path.join(dataDir, 'logs'),
    stateDir: path.join(dataDir, 'state'),
    historyDir: path.join(dataDir, 'history'),
    /** Touched by a live engine now and then: how long ago an engine that died unannounced was last seen. */
    engineAlive: path.join(dataDir, 'history', 'engine.alive'),
    record: (name: string) => path.join(dataDir, 'run', `${name}.json`),
    runState: (name: string) => path.join(dataDir, 'state', `${name}.json`),
    log: (name: string) => path.join(dataDir, 'logs', `${name}.log`),
    history: (name: string) => path.join(dataDir, 'history', `${name}.jsonl`),
    takeoversDir: path.join(dataDir, 'takeovers'),
    /** What a takeover of `name` changed, so that `--undo` reverses exactly that. */
    takeover: (name: string) => path.join(dataDir, 'takeovers', `${name}.json`),
    /** A rival's PM2 app as it was, to start it again on undo. */
    takeoverPm2App: (name: string) => path.join(dataDir, 'takeovers', `${name}.pm2-app.json`),
    backupsDir: path.join(dataDir, 'backups'),
    /** A copy of a user's file taken before a takeover edited it. */
    backup: (name: string, file: string, at: number) =>
      path.join(dataDir, 'backups', name, `${new Date(at).toISOString().replace(/[:.]/g, '-')}-${path.basename(file) || 'file'}`),
  };
}
export type DataPaths = ReturnType<typeof dataPaths>;
