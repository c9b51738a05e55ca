import { createInterface } from 'node:readline';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * The benchmark's SMTP server, in a process of its own so the product's
 * memory figures are the product's. Prints its port, then answers "report"
 * on stdin with the messages received and the distinct Message-IDs.
 */
let messages = 0;
let bytes = 0;
const ids = new Set<string>();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  maxClients: 64,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (c: Buffer) => {
      bytes += c.length;
      if (head.length < 8192) head += c.toString('latin1');
    });
    stream.on('end', () => {
      messages++;
      const id = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1];
      if (id) ids.add(id);
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.server.address() as AddressInfo).port })}\n`);
});
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'report') process.stdout.write(`${JSON.stringify({ messages, distinct: ids.size, bytes })}\n`);
  if (line.trim() === 'exit') server.close(() => process.exit(0));
});
