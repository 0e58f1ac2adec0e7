/** The engine's front door: `startEngine` takes the data dir's lock and supervises. */
export { Engine, type EngineOptions } from './engine.ts';
export { EngineLockedError } from '../lock/engine-lock.ts';
import { Engine, type EngineOptions } from './engine.ts';

export function startEngine(options: EngineOptions): Promise<Engine> {
  return Engine.start(options);
}
