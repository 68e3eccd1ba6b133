/**
 * busybox `httpd` in a simulated container: which port a command line
 * serves, and answering one HTTP request on a stream handed over by port
 * forwarding (no socket is ever opened: the bytes come from the kubelet's
 * port-forward stream and go back to it). Files come from the container's
 * root (`-h DIR`, default the working directory); "/" serves index.html.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import type { RootFs } from './rootfs.ts';

/** What an httpd command line serves. */
export interface HttpdSpec { port: number; home: string }

/** The httpd spec of a container command line (`httpd [-f] [-p [IP:]PORT] [-h DIR]`), if it runs httpd. */
export function httpdSpec(command: string[], workingDir = '/'): HttpdSpec | undefined {
  // Also finds it inside a script (`sh -c 'echo ready; httpd -f -p 8080'`).
  const argv = command.flatMap((a) => a.split(/[\s;&|]+/)).filter(Boolean);
  const i = argv.findIndex((a) => a === 'httpd' || a.endsWith('/httpd'));
  if (i < 0) return undefined;
  const spec: HttpdSpec = { port: 80, home: workingDir };
  for (let j = i + 1; j < argv.length; j++) {
    if (argv[j] === '-p') spec.port = Number((argv[++j] ?? '').split(':').pop());
    else if (argv[j] === '-h') spec.home = argv[++j] ?? workingDir;
  }
  return Number.isInteger(spec.port) && spec.port > 0 ? spec : undefined;
}

const NOT_FOUND = '<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n';

const TYPES: Record<string, string> = { html: 'text/html', htm: 'text/html', txt: 'text/plain', json: 'application/json', css: 'text/css', js: 'application/javascript' };

function respond(stream: Duplex, status: string, type: string, body: Buffer, head: boolean): void {
  stream.end(Buffer.concat([
    Buffer.from(`HTTP/1.1 ${status}\r\nContent-type: ${type}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`),
    head ? Buffer.alloc(0) : body,
  ]));
}

/** Answer one request read from `stream`, then close it (as busybox httpd does). */
export function serveHttp(stream: Duplex, fs: RootFs, spec: HttpdSpec): Promise<void> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const finish = () => resolve();
    stream.on('close', finish);
    stream.on('finish', finish);
    stream.on('error', finish);
    stream.on('end', () => { if (!stream.writableEnded) stream.end(); });
    const onData = (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) { if (buf.length > 16384) respond(stream, '431 Request Header Fields Too Large', 'text/html', Buffer.alloc(0), false); return; }
      stream.off('data', onData);
      const [method = '', target = '/'] = buf.toString('latin1', 0, buf.indexOf('\r\n')).split(' ');
      if (method !== 'GET' && method !== 'HEAD') { respond(stream, '501 Not Implemented', 'text/html', Buffer.from('<HTML><HEAD><TITLE>501 Not Implemented</TITLE></HEAD>\n</HTML>\n'), false); return; }
      let path = decodeURIComponent(target.split('?')[0] ?? '/');
      if (path.endsWith('/')) path += 'index.html';
      const host = fs.host(`${spec.home.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
      if (!existsSync(host) || !statSync(host).isFile()) { respond(stream, '404 Not Found', 'text/html', Buffer.from(NOT_FOUND), method === 'HEAD'); return; }
      const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
      respond(stream, '200 OK', TYPES[ext] ?? 'application/octet-stream', readFileSync(host), method === 'HEAD');
    };
    stream.on('data', onData);
  });
}
