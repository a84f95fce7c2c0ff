// Zip bombs for the parser limits, built in milliseconds: a block of repeated XML is deflated
// once with a full flush (which resets the dictionary, so the compressed block stands alone) and
// the compressed block is repeated — 1 GB of XML in about a megabyte. The zip is written by hand
// so that its declared sizes can lie.
import fs from 'node:fs';
import zlib from 'node:zlib';

export interface BombPart {
  name: string;
  /** Written once before the repeats. */
  head?: string;
  /** Repeated `times` times. */
  unit?: string;
  times?: number;
  tail?: string;
  /** The uncompressed size the central directory claims; the real one when not given. */
  declaredSize?: number;
}

const MB = 1024 * 1024;

function flushed(data: Buffer): Buffer {
  return zlib.deflateRawSync(data, { finishFlush: zlib.constants.Z_FULL_FLUSH });
}

/** One deflated part: its compressed bytes, real size and CRC-32. */
function deflatePart(p: BombPart): { data: Buffer; size: number; crc: number } {
  const head = Buffer.from(p.head ?? '');
  const tail = Buffer.from(p.tail ?? '');
  const chunks: Buffer[] = [];
  let size = 0;
  let crc = 0;
  const add = (raw: Buffer, compressed: Buffer, n = 1) => {
    for (let i = 0; i < n; i++) {
      chunks.push(compressed);
      crc = zlib.crc32(raw, crc);
    }
    size += raw.length * n;
  };
  if (head.length) add(head, flushed(head));
  if (p.unit && p.times) {
    // A 1 MB block of the unit compresses about 1000:1.
    const reps = Math.max(1, Math.floor(MB / Buffer.byteLength(p.unit)));
    const block = Buffer.from(p.unit.repeat(reps));
    const whole = Math.floor(p.times / reps);
    add(block, flushed(block), whole);
    const rest = Buffer.from(p.unit.repeat(p.times - whole * reps));
    if (rest.length) add(rest, flushed(rest));
  }
  if (tail.length) add(tail, flushed(tail));
  chunks.push(zlib.deflateRawSync(Buffer.alloc(0))); // the final, empty block
  return { data: Buffer.concat(chunks), size, crc: crc >>> 0 };
}

/** A zip of the parts, deflated; sizes below 4 GB. */
export function bombZip(parts: BombPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const { data, size, crc } = deflatePart(p);
    const name = Buffer.from(p.name);
    const declared = p.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES_DOCX =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS_DOCX =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** A DOCX whose word/document.xml inflates to about `mb` MB of paragraphs. */
export function docxBomb(mb: number, opts: { lie?: boolean } = {}): Buffer {
  const unit = '<w:p><w:r><w:t>会议记录</w:t></w:r></w:p>';
  return bombZip([
    { name: '[Content_Types].xml', head: CONTENT_TYPES_DOCX },
    { name: '_rels/.rels', head: RELS_DOCX },
    {
      name: 'word/document.xml',
      head: '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
      unit,
      times: Math.floor((mb * MB) / Buffer.byteLength(unit)),
      tail: '</w:body></w:document>',
      declaredSize: opts.lie ? 4096 : undefined,
    },
  ]);
}

/** An xlsx whose one sheet inflates to about `mb` MB of rows. */
export function xlsxBomb(mb: number, opts: { lie?: boolean } = {}): Buffer {
  const unit = '<row><c t="inlineStr"><is><t>一级指标</t></is></c></row>';
  return bombZip([
    {
      name: '[Content_Types].xml',
      head: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      head: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    },
    {
      name: 'xl/workbook.xml',
      head: '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="指标" sheetId="1" r:id="rId1"/></sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      head: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      head: '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
      unit,
      times: Math.floor((mb * MB) / Buffer.byteLength(unit)),
      tail: '</sheetData></worksheet>',
      declaredSize: opts.lie ? 4096 : undefined,
    },
  ]);
}

export function writeBomb(file: string, bytes: Buffer): string {
  fs.writeFileSync(file, bytes);
  return file;
}
