// A Word file written part by part, for tests that need DOCX shapes the demo generator does not
// make (tables, direct formatting, styles): the package's minimal parts, plus any given.
import fs from 'node:fs/promises';
import path from 'node:path';

const CT = 'http://schemas.openxmlformats.org/package/2006/content-types';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

// yazl ships no types; the calls used here are typed by hand.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ZipFile } = require('yazl') as { ZipFile: new () => { addBuffer(b: Buffer, n: string): void; end(): void; outputStream: NodeJS.ReadableStream } };

/**
 * The bytes of a .docx whose word/document.xml is `documentXml` (a whole document); `styles`,
 * when given, is the inside of word/styles.xml.
 */
export async function docxBytes(documentXml: string, styles?: string): Promise<Buffer> {
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      `${xml}<Types xmlns="${CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels': `${xml}<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
    'word/document.xml': documentXml,
  };
  if (styles !== undefined) {
    parts['word/_rels/document.xml.rels'] = `${xml}<Relationships xmlns="${RELS}"><Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
    parts['word/styles.xml'] = `${xml}<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${styles}</w:styles>`;
  }
  const zip = new ZipFile();
  for (const [name, text] of Object.entries(parts)) zip.addBuffer(Buffer.from(text, 'utf8'), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Writes docxBytes to `file` (folders made); returns the path. */
export async function writeDocxFile(file: string, documentXml: string, styles?: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, await docxBytes(documentXml, styles));
  return file;
}
