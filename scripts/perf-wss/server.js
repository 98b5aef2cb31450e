// WebSocket-over-TLS (wss://) server for the perf capture generator (runs inside netns "perfsrv").
// Behaviour per connection:
//   - pushes small JSON "tick" messages (10-200 B) at a per-connection rate
//   - answers some client messages with small JSON acks
//   - serves {"op":"get","size":N,"kind":"bin"|"text"} requests with one message of N bytes
//   - pings every client every 5 s (clients auto-pong)
// permessage-deflate is enabled server-side; a client gets it only if it offers it.
'use strict';
const { WebSocketServer } = require('ws');
const crypto = require('crypto');
const fs = require('fs');
const https = require('https');

const PORT = +(process.env.PORT || 443);
const SCALE = +(process.env.SCALE || 1); // multiplies message rates

// TLS (wss://): the certificate and key come from run.sh, made by openssl for this run only.
const server = https.createServer({ cert: fs.readFileSync(process.env.CERT), key: fs.readFileSync(process.env.KEY) });
const wss = new WebSocketServer({
  server,
  maxPayload: 16 * 1024 * 1024,
  perMessageDeflate: { threshold: 32, zlibDeflateOptions: { level: 6 } },
});

const SYMS = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'TSLA', 'NVDA', 'META', 'NFLX', 'BTC-USD', 'ETH-USD'];
function rnd(a, b) { return a + Math.floor(Math.random() * (b - a + 1)); }
function smallJSON(seq, target) {
  const o = { t: 'tick', seq, sym: SYMS[seq % SYMS.length], px: +(100 + Math.random() * 900).toFixed(2), ts: Date.now() };
  let s = JSON.stringify(o);
  if (s.length < target) s = JSON.stringify({ ...o, pad: 'x'.repeat(Math.max(0, target - s.length - 9)) });
  return s.slice(0, Math.max(10, target));
}
function textBlob(n) { // compressible text
  const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua '.split(' ');
  const parts = [];
  let len = 0;
  while (len < n) { const w = words[rnd(0, words.length - 1)] + ' '; parts.push(w); len += w.length; }
  return parts.join('').slice(0, n);
}

let nconn = 0;
wss.on('connection', (ws, req) => {
  nconn++;
  let seq = 0;
  const tickMs = Math.max(5, rnd(50, 400) / SCALE);
  const ticker = setInterval(() => {
    if (ws.readyState === ws.OPEN) ws.send(smallJSON(seq++, rnd(10, 200)));
  }, tickMs);
  const pinger = setInterval(() => { if (ws.readyState === ws.OPEN) ws.ping(Buffer.from('srv-' + seq)); }, 5000);
  ws.on('message', (data, isBinary) => {
    if (!isBinary && data.length < 300) {
      let m = null;
      try { m = JSON.parse(data); } catch (e) { /* not json */ }
      if (m && m.op === 'get') {
        const payload = m.kind === 'text' ? textBlob(m.size) : crypto.randomBytes(m.size);
        if (m.frags && m.frags > 1) { // send as a fragmented message
          const step = Math.ceil(payload.length / m.frags);
          for (let i = 0; i < payload.length; i += step) {
            ws.send(payload.slice(i, i + step), { binary: m.kind !== 'text', fin: i + step >= payload.length });
          }
        } else {
          ws.send(payload, { binary: m.kind !== 'text' });
        }
        return;
      }
    }
    if (Math.random() < 0.5) ws.send(JSON.stringify({ t: 'ack', n: data.length, seq: seq++ }));
  });
  const stop = () => { clearInterval(ticker); clearInterval(pinger); };
  ws.on('close', stop);
  ws.on('error', stop);
});

process.on('SIGTERM', () => { console.error(`server: ${nconn} connections served`); process.exit(0); });
server.listen(PORT, '::', () => console.error(`server listening on [::]:${PORT} (TLS)`));
