// A bare SMTP sink for the benchmarks: accepts everything, keeps nothing but a count (GET /count on the HTTP port).
// Both the notifications service and the bare nodemailer loop send here, so their rates compare like for like.
// With SINK_TIMESTAMPS=1 it also notes when each mail arrived, per recipient (GET /arrivals: [[address, epoch ms]]),
// for latency measurements (services/enrolment/bench/registration.bench.mts); the fan-out benchmark leaves it off.
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import http from 'node:http';

const SMTP_PORT = Number(process.env.SINK_SMTP_PORT ?? 3426);
const HTTP_PORT = Number(process.env.SINK_HTTP_PORT ?? 3481);
const TIMESTAMPS = process.env.SINK_TIMESTAMPS === '1';
let count = 0;
let arrivals: Array<[string, number]> = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  disableReverseLookup: true,
  closeTimeout: 200,
  onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      count++;
      if (TIMESTAMPS) {
        const at = Date.now();
        for (const rcpt of session.envelope.rcptTo) arrivals.push([rcpt.address.toLowerCase(), at]);
      }
      callback(null, `Queued as ${count}`);
    });
  },
});
smtp.listen(SMTP_PORT, '127.0.0.1');
http
  .createServer((req, res) => {
    if (req.method === 'DELETE') {
      count = 0;
      arrivals = [];
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/arrivals' ? arrivals : { count }));
  })
  .listen(HTTP_PORT, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
