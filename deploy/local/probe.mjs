// Protocol-level health probes used by infra.sh (no npm packages needed).
//   node deploy/local/probe.mjs mongo PORT   → OP_MSG {ping: 1} to the MongoDB wire protocol; exit 0 when ok: 1
//                                             (FerretDB answers ping only after querying its PostgreSQL backend)
//   node deploy/local/probe.mjs kafka PORT   → Kafka ApiVersions v0; exit 0 when the broker answers error code 0
// Host is 127.0.0.1; PROBE_TIMEOUT_MS (default 3000). Exit codes: 0 ok, 1 bad answer, 2 timeout, 3 connection error.
import net from 'node:net';

const [kind, portArg] = process.argv.slice(2);
const port = Number(portArg);
const timeoutMs = Number(process.env.PROBE_TIMEOUT_MS ?? 3000);
if (!['mongo', 'kafka'].includes(kind) || !port) {
  console.error('usage: probe.mjs mongo|kafka PORT');
  process.exit(64);
}

function bsonPing() {
  const parts = [];
  // int32 ping: 1
  parts.push(Buffer.from([0x10]), Buffer.from('ping\0'), int32(1));
  // string $db: "admin"
  parts.push(Buffer.from([0x02]), Buffer.from('$db\0'), int32(6), Buffer.from('admin\0'));
  const body = Buffer.concat(parts);
  return Buffer.concat([int32(4 + body.length + 1), body, Buffer.from([0])]);
}

function int32(n) {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}

function mongoRequest() {
  const doc = bsonPing();
  const header = Buffer.alloc(16);
  const flagsAndKind = Buffer.from([0, 0, 0, 0, 0]); // flagBits 0, section kind 0 (body)
  header.writeInt32LE(16 + flagsAndKind.length + doc.length, 0);
  header.writeInt32LE(1, 4); // requestID
  header.writeInt32LE(0, 8); // responseTo
  header.writeInt32LE(2013, 12); // OP_MSG
  return Buffer.concat([header, flagsAndKind, doc]);
}

/** Reads the top-level "ok" field of the first BSON document in an OP_MSG reply. */
function mongoOk(buf) {
  if (buf.length < 4 || buf.length < buf.readInt32LE(0)) return undefined; // incomplete
  if (buf.readInt32LE(12) !== 2013) return false;
  let i = 16 + 4 + 1 + 4; // header, flagBits, section kind, document size
  const end = 16 + 4 + 1 + buf.readInt32LE(21);
  while (i < end - 1) {
    const type = buf[i++];
    const nameEnd = buf.indexOf(0, i);
    const name = buf.toString('utf8', i, nameEnd);
    i = nameEnd + 1;
    let value;
    let size;
    switch (type) {
      case 0x01: value = buf.readDoubleLE(i); size = 8; break;
      case 0x10: value = buf.readInt32LE(i); size = 4; break;
      case 0x12: value = Number(buf.readBigInt64LE(i)); size = 8; break;
      case 0x08: value = buf[i]; size = 1; break;
      case 0x02: size = 4 + buf.readInt32LE(i); break;
      case 0x03: case 0x04: size = buf.readInt32LE(i); break;
      default: return false; // a type this probe does not parse, before "ok"
    }
    if (name === 'ok') return value === 1;
    i += size;
  }
  return false;
}

function kafkaRequest() {
  const clientId = Buffer.from('infra-probe');
  const req = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length);
  req.writeInt32BE(req.length - 4, 0);
  req.writeInt16BE(18, 4); // ApiVersions
  req.writeInt16BE(0, 6); // v0
  req.writeInt32BE(7, 8); // correlation id
  req.writeInt16BE(clientId.length, 12);
  clientId.copy(req, 14);
  return req;
}

function kafkaOk(buf) {
  if (buf.length < 10) return undefined;
  return buf.readInt32BE(4) === 7 && buf.readInt16BE(8) === 0;
}

const [request, check] = kind === 'mongo' ? [mongoRequest(), mongoOk] : [kafkaRequest(), kafkaOk];
const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
let buf = Buffer.alloc(0);
socket.setTimeout(timeoutMs, () => process.exit(2));
socket.on('error', () => process.exit(3));
socket.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  const ok = check(buf);
  if (ok === undefined) return;
  socket.destroy();
  process.exit(ok ? 0 : 1);
});
socket.on('end', () => process.exit(1));
