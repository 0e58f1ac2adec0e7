/** Kept in step with package.json by a test (the CLI bundle must not read package.json at startup). */
export const VERSION = '0.1.0';
