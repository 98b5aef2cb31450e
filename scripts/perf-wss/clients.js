// WebSocket-over-TLS (wss://) client load for the perf capture generator (self-signed server
// certificate, so rejectUnauthorized is false; node --tls-keylog writes the session secrets) (runs inside netns "perfcli").
// Keeps CONC connections open, with churn: each lives a random 1-30 s and is replaced.
// Per connection (random profile):
//   - ~80% IPv4, ~20% IPv6
//   - ~30% offer permessage-deflate (the server accepts)
//   - small text/JSON messages 10-200 B every 20-300 ms (all client frames are masked)
//   - medium binary 1-64 KB every ~1-6 s (half random bytes, half compressible text)
//   - ~4% upload one large 1-4 MB message, ~4% request a 1-4 MB download from the server
//   - ~5% send/request messages fragmented into continuation frames
//   - pings every 2-10 s
//   - end: ~85% close handshake (1000/1001), ~15% abrupt terminate() (no close frame)
// Runs until SIGTERM (then closes everything gracefully) or DURATION seconds.
'use strict';
const WebSocket = require('ws');
const crypto = require('crypto');

const CONC = +(process.env.CONC || 120);
const SCALE = +(process.env.SCALE || 1);
const DURATION = +(process.env.DURATION || 3600);
const V4 = process.env.V4 || '10.202.0.1';
const V6 = process.env.V6 || 'fd00:202::1';
const PORT = +(process.env.PORT || 443);

function rnd(a, b) { return a + Math.floor(Math.random() * (b - a + 1)); }
const WORDS = 'alpha beta gamma delta user_id session token price qty side buy sell order book level update snapshot'.split(' ');
function smallMsg(i) {
  const target = rnd(10, 200);
  if (target < 24) return 'msg' + i + ':' + 'x'.repeat(Math.max(0, target - 5 - String(i).length));
  const o = { op: 'pub', ch: WORDS[i % WORDS.length], id: i, v: [] };
  let s = JSON.stringify(o);
  while (s.length < target) { o.v.push(WORDS[rnd(0, WORDS.length - 1)]); s = JSON.stringify(o); }
  return s;
}
function textBlob(n) {
  const parts = []; let len = 0;
  while (len < n) { const w = WORDS[rnd(0, WORDS.length - 1)] + ' '; parts.push(w); len += w.length; }
  return parts.join('').slice(0, n);
}

let opened = 0, live = 0, stopping = false;
const stats = { small: 0, medium: 0, large: 0, dl: 0, frag: 0, pings: 0, terminated: 0, deflate: 0, v6: 0 };
const conns = new Set();

function openOne() {
  if (stopping) return;
  const v6 = Math.random() < 0.2;
  const deflate = Math.random() < 0.3;
  const url = v6 ? `wss://[${V6}]:${PORT}/feed?c=${opened}` : `wss://${V4}:${PORT}/feed?c=${opened}`;
  const ws = new WebSocket(url, { perMessageDeflate: deflate ? { threshold: 32 } : false, rejectUnauthorized: false });
  opened++; live++; if (v6) stats.v6++; if (deflate) stats.deflate++;
  conns.add(ws);
  const timers = [];
  let i = 0;
  const fragmenter = Math.random() < 0.05;
  ws.on('open', () => {
    timers.push(setInterval(() => { ws.send(smallMsg(i++)); stats.small++; }, Math.max(3, rnd(20, 300) / SCALE)));
    timers.push(setInterval(() => {
      const n = rnd(1024, 64 * 1024);
      const data = Math.random() < 0.5 ? crypto.randomBytes(n) : Buffer.from(textBlob(n));
      if (fragmenter) {
        const step = Math.ceil(n / rnd(2, 5));
        for (let off = 0; off < n; off += step) ws.send(data.subarray(off, off + step), { binary: true, fin: off + step >= n });
        stats.frag++;
      } else ws.send(data, { binary: true });
      stats.medium++;
    }, Math.max(50, rnd(1000, 6000) / SCALE)));
    timers.push(setInterval(() => { ws.ping(Buffer.from('cli' + i)); stats.pings++; }, rnd(2000, 10000)));
    if (Math.random() < 0.04) setTimeout(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(Math.random() < 0.5 ? crypto.randomBytes(rnd(1 << 20, 4 << 20)) : Buffer.from(textBlob(rnd(1 << 20, 4 << 20))));
      stats.large++;
    }, rnd(200, 3000));
    if (Math.random() < 0.04) setTimeout(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(JSON.stringify({ op: 'get', size: rnd(1 << 20, 4 << 20), kind: Math.random() < 0.5 ? 'bin' : 'text', frags: fragmenter ? 4 : 1 }));
      stats.dl++;
    }, rnd(200, 3000));
    if (fragmenter) ws.send(JSON.stringify({ op: 'get', size: rnd(2000, 30000), kind: 'text', frags: 3 }));
    const life = rnd(1000, 30000);
    timers.push(setTimeout(() => finish(Math.random() < 0.15), life));
  });
  function finish(abrupt) {
    timers.forEach(clearInterval);
    if (abrupt) { stats.terminated++; ws.terminate(); } else ws.close(Math.random() < 0.8 ? 1000 : 1001, 'bye');
  }
  ws.finish = finish;
  ws.on('message', () => {});
  ws.on('error', () => {});
  ws.on('close', () => {
    timers.forEach(clearInterval);
    conns.delete(ws); live--;
    if (!stopping) setTimeout(openOne, rnd(0, 200));
  });
}

// ramp up over ~2 s
for (let k = 0; k < CONC; k++) setTimeout(openOne, rnd(0, 2000));

function stopAll() {
  if (stopping) return;
  stopping = true;
  for (const ws of conns) { try { ws.finish(false); } catch (e) { } }
  setTimeout(() => { console.error('clients:', JSON.stringify({ opened, ...stats })); process.exit(0); }, 3000);
}
process.on('SIGTERM', stopAll);
process.on('SIGINT', stopAll);
setTimeout(stopAll, DURATION * 1000);
setInterval(() => console.error(`clients: live=${live} opened=${opened}`), 5000);
