'use strict';

/*
 * The sink's ceiling for the campaign benchmark: a bare pooled nodemailer loop, in its own
 * process as the server under test is, sending `count` copies of a given mail as fast as the sink
 * takes them, encoded as the campaign sender encodes them (base64). Prints {"perSecond": n}.
 * Usage: node bare-sender.js <port> <count> <connections> <mail.json>
 */
const fs = require('node:fs');
const net = require('node:net');
const nodemailer = require('nodemailer');

const [port, count, connections, file] = process.argv.slice(2);
const mail = JSON.parse(fs.readFileSync(file, 'utf8'));

const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port: Number(port),
  secure: false,
  pool: true,
  maxConnections: Number(connections),
  maxMessages: 500,
  // As the campaign sender does: no Nagle delay on the client's writes.
  getSocket: (options, callback) => {
    const socket = net.connect({ host: options.host, port: options.port });
    socket.once('error', callback);
    socket.once('connect', () => {
      socket.off('error', callback);
      socket.setNoDelay(true);
      callback(null, { connection: socket });
    });
  },
});

const started = Date.now();
Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    transport.sendMail({ from: 'bench@example.org', to: `ceiling${i}@example.org`, ...mail, textEncoding: 'base64', messageId: `<ceiling-${i}@127.0.0.1>` })
  )
).then(
  () => {
    process.stdout.write(`${JSON.stringify({ perSecond: Number(count) / ((Date.now() - started) / 1000) })}\n`);
    transport.close();
  },
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  }
);
