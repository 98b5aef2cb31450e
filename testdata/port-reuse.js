// Port reuse and RST on loopback: two connections from the same local port,
// the first reset by the client, the second closed with FINs.
const net = require('net');
const srv = net.createServer(s => { s.on('data', d => s.write('echo:' + d)); s.on('error', () => {}); });
srv.listen(18081, '127.0.0.1', () => {
  const one = net.connect({ port: 18081, host: '127.0.0.1', localPort: 47001 }, () => {
    one.write('first');
    one.once('data', () => {
      one.resetAndDestroy();
      setTimeout(() => {
        const two = net.connect({ port: 18081, host: '127.0.0.1', localPort: 47001 }, () => {
          two.write('second');
          two.once('data', () => { two.end(); setTimeout(() => srv.close(), 200); });
        });
      }, 300);
    });
  });
});
