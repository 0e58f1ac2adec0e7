// Waits for GET /burst on PORT, then prints LINES numbered lines ("line 1" …)
// one write per line, as fast as it can (like console.log in a loop), then
// idles. The trigger lets the bench start the clock itself; GET /stats says
// how long the loop itself took (the service's side of the burst).
import http from 'node:http';

const port = Number(process.env.PORT);
const lines = Number(process.env.LINES ?? 500_000);
let fired = false;
let writeMs = null;

function burst() {
  // stdout is a file or a pipe here; both are written synchronously by Node on
  // Linux, so the loop below is the service's real pace.
  const started = performance.now();
  for (let i = 1; i <= lines; i += 1) process.stdout.write(`line ${i}\n`);
  writeMs = performance.now() - started;
}

http
  .createServer((req, res) => {
    if (req.url === '/burst' && !fired) {
      fired = true;
      res.end('ok', () => setImmediate(burst));
      return;
    }
    if (req.url === '/stats') {
      res.end(JSON.stringify({ writeMs }));
      return;
    }
    res.writeHead(req.url === '/health' ? 200 : 404);
    res.end();
  })
  .listen(port, '127.0.0.1');
