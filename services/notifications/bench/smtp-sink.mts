// A bare SMTP sink for the benchmark: accepts everything, keeps nothing but a count (GET /count on the HTTP port).
// Both the notifications service and the bare nodemailer loop send here, so their rates compare like for like.
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream } from 'smtp-server';
import http from 'node:http';

const SMTP_PORT = Number(process.env.SINK_SMTP_PORT ?? 3426);
const HTTP_PORT = Number(process.env.SINK_HTTP_PORT ?? 3481);
let count = 0;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  disableReverseLookup: true,
  closeTimeout: 200,
  onData(stream: SMTPServerDataStream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      count++;
      callback(null, `Queued as ${count}`);
    });
  },
});
smtp.listen(SMTP_PORT, '127.0.0.1');
http
  .createServer((req, res) => {
    if (req.method === 'DELETE') count = 0;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ count }));
  })
  .listen(HTTP_PORT, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
