/** Starts a real engine in a temp data dir with fast restart timings, closed (services stopped) after the test. */
import type { TestContext } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEngine, type Engine, type EngineOptions } from '../../app/engine/index.ts';
import { addServiceToConfig } from '../../app/config/store.ts';
import { dataPaths } from '../../app/paths.ts';
import type { ServiceSpec } from '../../app/config/schema.ts';
import { tempHome } from './temp-home.ts';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const fixture = (name: string): string => path.join(FIXTURES, name);

/** A node command running one of test/fixtures. */
export const nodeFixture = (name: string, ...args: string[]): string[] => [process.execPath, fixture(name), ...args];

export const FAST_TIMING = { firstBackoffMs: 200, maxBackoffMs: 800, relaunchDelayMs: 300, resetAfterUptimeMs: 5_000 };

export async function engineWith(
  t: TestContext,
  services: ServiceSpec[],
  options: Partial<EngineOptions> = {},
): Promise<{ engine: Engine; dataDir: string }> {
  const dataDir = options.dataDir ?? tempHome(t);
  for (const spec of services) addServiceToConfig(dataPaths(dataDir), spec);
  // Rival detection reads the machine's crontab, units and ~/.pm2: off unless a test turns it on (with its own root).
  const engine = await startEngine({ timing: FAST_TIMING, rivals: false, ...options, dataDir });
  t.after(() => engine.close({ stopServices: true }));
  return { engine, dataDir };
}

/** A name no other test uses, so processes can be counted by their UPKEEP_SERVICE tag. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
