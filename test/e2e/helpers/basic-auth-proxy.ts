/**
 * A reverse proxy on 127.0.0.1 that demands HTTP Basic credentials before it
 * forwards to a registry on loopback, answering 401 with a Basic challenge
 * as a registry with htpasswd auth does (Debian's docker-registry only reads
 * bcrypt htpasswd files, which nothing here can write). Run inside a test's
 * network namespace:
 *
 *   node --import tsx basic-auth-proxy.ts LISTEN_PORT UPSTREAM_PORT USER PASSWORD
 *
 * Prints "listening" once it accepts connections; stops on SIGTERM.
 */
import { createServer, request } from 'node:http';

const [listen, upstream, user, password] = process.argv.slice(2);
if (!listen || !upstream || !user || password === undefined) {
  process.stderr.write('usage: basic-auth-proxy.ts LISTEN_PORT UPSTREAM_PORT USER PASSWORD\n');
  process.exit(2);
}
const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const server = createServer((req, res) => {
  if (req.headers.authorization !== expected) {
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="k8ts-test"', 'docker-distribution-api-version': 'registry/2.0' });
    res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
    return;
  }
  const up = request({ host: '127.0.0.1', port: Number(upstream), method: req.method, path: req.url, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  up.on('error', (e) => { res.writeHead(502); res.end(e.message); });
  req.pipe(up);
});
server.listen(Number(listen), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => { server.close(); server.closeAllConnections(); });
