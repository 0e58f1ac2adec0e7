import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnsupportedPlatformError, assertSupportedPlatform } from '../../app/platform-support.ts';

test('the engine runs on Linux and macOS, and says plainly that Windows is not supported yet', () => {
  assert.doesNotThrow(() => assertSupportedPlatform('linux'));
  assert.doesNotThrow(() => assertSupportedPlatform('darwin'));
  assert.throws(() => assertSupportedPlatform('win32'), (error: unknown) => error instanceof UnsupportedPlatformError && error.message === 'Upkeep does not support Windows yet: it runs on macOS and Linux');
});
