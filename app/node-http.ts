/**
 * node:http and node:https, loaded with require(). On Node 24 an ESM import of
 * node:http builds the module's ESM facade, which reads every export, and the
 * lazy `WebSocket` export loads undici: about 6 MiB the engine never uses,
 * resident for its whole life. require() reads only what is used.
 */
import { createRequire } from 'node:module';
import type * as Http from 'node:http';
import type * as Https from 'node:https';

const requireBuiltin = createRequire(import.meta.url);

export const http = requireBuiltin('node:http') as typeof Http;
export const https = requireBuiltin('node:https') as typeof Https;
