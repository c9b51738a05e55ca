import { ParsedMail, simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope recipient (RCPT TO) of this copy. */
  rcpt: string[];
  messageId: string;
  mail: ParsedMail;
  raw: Buffer;
}

export interface SmtpTestServer {
  readonly url: string;
  readonly port: number;
  /** Every accepted message, in arrival order. */
  readonly received: ReceivedMail[];
  /** Transactions refused so far (by refuseNext). */
  readonly refused: number;
  /** Answers the next `n` transactions with a temporary 451 at MAIL FROM. */
  refuseNext(n: number): void;
  /**
   * Runs `fn` once a message's data has arrived and before the server says
   * 250: the instant at which the sender cannot know whether it was accepted.
   * The message is counted as received either way (a real server may well have
   * queued it), as it would be by a server that crashes its client's process.
   */
  beforeAccept(fn: ((m: ReceivedMail) => Promise<void> | void) | null): void;
  /** Messages per Message-ID and envelope recipient. */
  copies(messageId: string, rcpt?: string): ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server in the test process (smtp-server), parsing what it gets with mailparser. */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  let refuse = 0;
  let refused = 0;
  let hook: ((m: ReceivedMail) => Promise<void> | void) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (refuse > 0) {
        refuse--;
        refused++;
        const err = new Error('4.3.2 try again later (test server refusing)') as Error & { responseCode: number };
        err.responseCode = 451;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then(async (mail) => {
            const m: ReceivedMail = { rcpt: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), messageId: mail.messageId ?? '', mail, raw };
            received.push(m);
            if (hook) await hook(m);
            callback();
          })
          .catch((e: Error) => callback(e));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    get refused() {
      return refused;
    },
    refuseNext(n) {
      refuse = n;
    },
    beforeAccept(fn) {
      hook = fn;
    },
    copies: (messageId, rcpt) => received.filter((m) => m.messageId === messageId && (!rcpt || m.rcpt.includes(rcpt))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
