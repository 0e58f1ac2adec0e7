/**
 * node:http and node:https, loaded with require(). On Node 24 an ESM import of
 * node:http builds the module's ESM facade, which reads every export, and the
 * lazy `WebSocket` export loads undici: about 6 MiB the engine never uses,
 * resident for its whole life. require() reads only what is used.
 *
 * node:https is loaded at the first https check, not with the engine: it
 * brings node:tls and node:crypto, whose OpenSSL set-up keeps 3 MiB of
 * RssAnon (Node 24), and most services answer plain http on loopback.
 */
import { createRequire } from 'node:module';
import type * as Http from 'node:http';
import type * as Https from 'node:https';

const requireBuiltin = createRequire(import.meta.url);

export const http = requireBuiltin('node:http') as typeof Http;
export function https(): typeof Https {
  return requireBuiltin('node:https') as typeof Https;
}
