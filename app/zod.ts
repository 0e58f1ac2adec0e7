/**
 * zod, set up once for everything that imports it from here (the engine,
 * the CLI, the main process): schemas check values by walking them, never by
 * generating a parser with `new Function`. zod 4 generates one per object
 * schema at its first parse, which pays off only for schemas parsed in a hot
 * loop. The engine parses each schema a few times (a request, a record at
 * boot), so the generated code was a compile at first use and never paid
 * back: the `start` that opens a crash loop compiled the request's parsers
 * (issue #10's note has the figures). And no code is made from strings.
 *
 * Every module of app/ and main/ takes `z` from here (eslint forbids importing 'zod' directly),
 * so the setting is made before any schema is built.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
