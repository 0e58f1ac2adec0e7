// The small HTTP service every supervisor runs: plain Node, nothing loaded
// beyond node:http, so its cold start is the floor we subtract.
// GET /health → 200 {"pid", "startedAt"}: the pid tells a restarted copy from
// the old one; startedAt (performance.timeOrigin, wall clock with µs) says when
// this process came to life, so the bench can time a supervisor up to the new
// process without the service's own start-up noise.
import http from 'node:http';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error('http-service: PORT must be set');
  process.exit(2);
}

const body = JSON.stringify({ pid: process.pid, startedAt: performance.timeOrigin });
http
  .createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
      return;
    }
    res.writeHead(404);
    res.end();
  })
  .listen(port, '127.0.0.1');
