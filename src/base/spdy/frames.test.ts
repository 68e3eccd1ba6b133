import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createDeflate, constants as zc } from 'node:zlib';
import { createServer, connect, type Socket } from 'node:net';
import { SPDY3_DICTIONARY, SPDY3_DICTIONARY_SHA256 } from './dictionary.ts';
import { encode, FrameParser, HeaderDecoder, HeaderEncoder, FLAG_FIN } from './frames.ts';
import { SpdySession } from './session.ts';

test('the SPDY/3 dictionary is the 1423 bytes of the draft', () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  assert.equal(createHash('sha256').update(SPDY3_DICTIONARY).digest('hex'), SPDY3_DICTIONARY_SHA256);
});

test('header blocks round-trip through one zlib stream per direction', () => {
  const enc = new HeaderEncoder();
  const dec = new HeaderDecoder();
  assert.deepEqual(dec.decode(enc.encode({ streamtype: ['error'], port: ['8080'] })), { streamtype: ['error'], port: ['8080'] });
  assert.deepEqual(dec.decode(enc.encode({})), {});
  assert.deepEqual(dec.decode(enc.encode({ Multi: ['a', 'b'] })), { multi: ['a', 'b'] });
});

test('header blocks compressed by a real zlib (as Go peers send them) decode', async () => {
  const z = createDeflate({ dictionary: SPDY3_DICTIONARY });
  const chunks: Buffer[] = [];
  z.on('data', (c: Buffer) => chunks.push(c));
  const block = (pairs: Array<[string, string]>) => {
    const parts: Buffer[] = [];
    const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); parts.push(b); };
    u32(pairs.length);
    for (const [k, v] of pairs) { u32(k.length); parts.push(Buffer.from(k)); u32(v.length); parts.push(Buffer.from(v)); }
    return new Promise<Buffer>((resolve) => { z.write(Buffer.concat(parts)); z.flush(zc.Z_SYNC_FLUSH, () => { resolve(Buffer.concat(chunks.splice(0))); }); });
  };
  const dec = new HeaderDecoder();
  assert.deepEqual(dec.decode(await block([['streamtype', 'stdout']])), { streamtype: ['stdout'] });
  assert.deepEqual(dec.decode(await block([['streamtype', 'stderr'], ['requestid', '1']])), { streamtype: ['stderr'], requestid: ['1'] });
});

test('the parser reassembles frames split at any byte', () => {
  const enc = new HeaderEncoder();
  const bytes = Buffer.concat([
    encode.synStream(enc, 1, { streamtype: ['error'] }), encode.data(1, Buffer.from('hello'), true), encode.ping(7), encode.rstStream(3, 5),
  ]);
  const p = new FrameParser();
  const frames = [];
  for (const b of bytes) frames.push(...p.push(Buffer.from([b])));
  assert.deepEqual(frames.map((f) => f.kind), ['syn_stream', 'data', 'ping', 'rst_stream']);
  const d = frames[1] as { data: Buffer; flags: number };
  assert.equal(d.data.toString(), 'hello');
  assert.equal(d.flags & FLAG_FIN, FLAG_FIN);
});

test('sessions exchange streams, data and half-closes over a socket', async () => {
  const got: string[] = [];
  const server = createServer((sock: Socket) => {
    new SpdySession(sock, {
      server: true,
      onStream: (s) => {
        s.on('data', (c: Buffer) => got.push(`${s.header('streamtype')}:${c}`));
        s.on('end', () => s.end(Buffer.from(`bye ${s.header('streamtype')}`)));
      },
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const sock = connect((server.address() as { port: number }).port, '127.0.0.1');
  const client = new SpdySession(sock, { server: false });
  const a = client.openStream({ streamtype: ['stdin'] });
  let reply = '';
  a.on('data', (c: Buffer) => { reply += c; });
  a.end(Buffer.from('input'));
  await new Promise((r) => a.on('end', r));
  assert.equal(reply, 'bye stdin');
  assert.deepEqual(got, ['stdin:input']);
  client.close();
  server.close();
});
