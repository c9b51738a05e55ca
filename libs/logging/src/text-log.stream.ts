import type { DestinationStream } from 'pino';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
// Fields every line has, or that the line's head already shows.
const SHOWN = new Set(['level', 'time', 'msg', 'context', 'pid', 'service', 'hostname']);

/**
 * pino's JSON lines made readable for a person at a terminal (LOG_FORMAT=text):
 * time, level, context, message, then the rest (request or job id) as key=value.
 */
export class TextLogStream implements DestinationStream {
  constructor(private readonly out: { write(s: string): unknown }) {}

  write(line: string): void {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.out.write(line);
      return;
    }
    const time = typeof o.time === 'string' ? o.time.slice(11, 23) : new Date().toISOString().slice(11, 23);
    const level = (LEVELS[o.level as number] ?? String(o.level)).padEnd(5);
    const context = o.context ? `[${String(o.context)}] ` : '';
    const rest = Object.entries(o)
      .filter(([k]) => !SHOWN.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    this.out.write(`${time} ${level} ${context}${String(o.msg ?? '')}${rest ? `  ${rest}` : ''}\n`);
  }
}
