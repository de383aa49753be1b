/**
 * A minimal, strict iCalendar (RFC 5545) reader for tests: it checks what a calendar client relies on and turns
 * the file back into components, so a test asserts on what a reader sees rather than on the text it wrote.
 * Strict about: CRLF line endings only, content lines of at most 75 octets, balanced BEGIN/END, `NAME[;PARAMS]:VALUE`.
 * Knows enough of VTIMEZONE to turn a `DTSTART;TZID=…` back into an instant: yearly rules of the form
 * `FREQ=YEARLY;BYMONTH=m;BYDAY=-1SU` (the EU's last Sunday), which is what Europe/Stockholm needs.
 */

export interface ICalProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface ICalComponent {
  name: string;
  properties: ICalProperty[];
  components: ICalComponent[];
}

export class ICalParseError extends Error {}

/** Unfolds and parses; throws ICalParseError naming the line for anything malformed. */
export function parseICalendar(text: string): ICalComponent {
  if (!text.endsWith('\r\n')) throw new ICalParseError('the file must end with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  physical.forEach((line, i) => {
    if (line.includes('\n') || line.includes('\r')) throw new ICalParseError(`line ${i + 1}: a bare LF or CR (lines must end in CRLF)`);
    if (Buffer.byteLength(line, 'utf8') > 75) throw new ICalParseError(`line ${i + 1}: ${Buffer.byteLength(line, 'utf8')} octets (at most 75)`);
  });
  const logical: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (logical.length === 0) throw new ICalParseError('a continuation line before any content line');
      logical[logical.length - 1] += line.slice(1);
    } else logical.push(line);
  }
  const stack: ICalComponent[] = [];
  let root: ICalComponent | undefined;
  for (const line of logical) {
    const property = parseLine(line);
    if (property.name === 'BEGIN') {
      const component: ICalComponent = { name: property.value.toUpperCase(), properties: [], components: [] };
      if (stack.length > 0) stack[stack.length - 1]!.components.push(component);
      else if (root) throw new ICalParseError('more than one top-level component');
      else root = component;
      stack.push(component);
    } else if (property.name === 'END') {
      const open = stack.pop();
      if (!open || open.name !== property.value.toUpperCase()) throw new ICalParseError(`END:${property.value} does not close ${open?.name ?? 'anything'}`);
    } else {
      if (stack.length === 0) throw new ICalParseError(`${property.name} outside any component`);
      stack[stack.length - 1]!.properties.push(property);
    }
  }
  if (stack.length > 0) throw new ICalParseError(`${stack[stack.length - 1]!.name} is not closed`);
  if (!root) throw new ICalParseError('empty calendar');
  return root;
}

function parseLine(line: string): ICalProperty {
  // The value begins after the first colon that is not inside a quoted parameter value.
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) throw new ICalParseError(`no value in "${line}"`);
  const [name, ...params] = line.slice(0, colon).split(';');
  if (!name || !/^[A-Za-z0-9-]+$/.test(name)) throw new ICalParseError(`bad property name in "${line}"`);
  const paramMap: Record<string, string> = {};
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 1) throw new ICalParseError(`bad parameter "${param}" in "${line}"`);
    paramMap[param.slice(0, eq).toUpperCase()] = param.slice(eq + 1).replace(/^"(.*)"$/, '$1');
  }
  return { name: name.toUpperCase(), params: paramMap, value: line.slice(colon + 1) };
}

/** RFC 5545 3.3.11 TEXT, unescaped. */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

export function property(component: ICalComponent, name: string): ICalProperty | undefined {
  return component.properties.find((p) => p.name === name);
}

export function child(component: ICalComponent, name: string): ICalComponent | undefined {
  return component.components.find((c) => c.name === name);
}

interface Observance {
  offsetToMinutes: number;
  month: number;
  localMinutesOfDay: number;
}

function offsetMinutes(value: string): number {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(value);
  if (!m) throw new ICalParseError(`bad UTC offset ${value}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function observance(component: ICalComponent): Observance {
  const rule = property(component, 'RRULE')?.value ?? '';
  const parts = Object.fromEntries(rule.split(';').map((kv) => kv.split('=') as [string, string]));
  if (parts['FREQ'] !== 'YEARLY' || parts['BYDAY'] !== '-1SU' || !parts['BYMONTH']) throw new ICalParseError(`unsupported RRULE "${rule}" (this reader knows last-Sunday yearly rules)`);
  const start = /T(\d{2})(\d{2})(\d{2})$/.exec(property(component, 'DTSTART')?.value ?? '');
  if (!start) throw new ICalParseError(`${component.name} without DTSTART`);
  return {
    offsetToMinutes: offsetMinutes(property(component, 'TZOFFSETTO')?.value ?? ''),
    month: Number(parts['BYMONTH']),
    localMinutesOfDay: Number(start[1]) * 60 + Number(start[2]),
  };
}

function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0));
  return last.getUTCDate() - last.getUTCDay();
}

/**
 * The instant of a date-time property: `…Z` as UTC, `TZID=` through that VTIMEZONE of the calendar (DAYLIGHT from its
 * start in spring until STANDARD's start in autumn). Floating times are refused.
 */
export function instantOf(calendar: ICalComponent, prop: ICalProperty): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(prop.value);
  if (!m) throw new ICalParseError(`${prop.name}: not a date-time: ${prop.value}`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (m[7] === 'Z') return new Date(asUtc);
  const tzid = prop.params['TZID'];
  if (!tzid) throw new ICalParseError(`${prop.name}: a floating time (no TZID, no Z)`);
  const zone = calendar.components.find((c) => c.name === 'VTIMEZONE' && property(c, 'TZID')?.value === tzid);
  if (!zone) throw new ICalParseError(`${prop.name}: no VTIMEZONE for ${tzid}`);
  const daylightC = child(zone, 'DAYLIGHT');
  const standardC = child(zone, 'STANDARD');
  if (!daylightC || !standardC) throw new ICalParseError(`VTIMEZONE ${tzid} needs STANDARD and DAYLIGHT`);
  const daylight = observance(daylightC);
  const standard = observance(standardC);
  // Local wall-clock minutes since the epoch, compared with the local transition moments of that year.
  const local = asUtc / 60_000;
  const dstStarts = Date.UTC(y, daylight.month - 1, lastSunday(y, daylight.month)) / 60_000 + daylight.localMinutesOfDay;
  const dstEnds = Date.UTC(y, standard.month - 1, lastSunday(y, standard.month)) / 60_000 + standard.localMinutesOfDay;
  const inDaylight = local >= dstStarts && local < dstEnds;
  const offset = inDaylight ? daylight.offsetToMinutes : standard.offsetToMinutes;
  return new Date(asUtc - offset * 60_000);
}
