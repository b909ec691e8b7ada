import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

// pdfjs-dist ships ESM only and jest runs CommonJS here, so the text is extracted in a child Node process, which reads
// the PDF from stdin and prints each page's text items, in reading order, one page per line.
const EXTRACT = `
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const document = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 }).promise;
for (let number = 1; number <= document.numPages; number += 1) {
  const content = await (await document.getPage(number)).getTextContent();
  process.stdout.write(content.items.map((item) => item.str ?? '').join('') + '\\n');
}
`;

/** The text a PDF carries, as a reader would copy it: whitespace removed, so wrapped lines still match. */
export async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const child = run(process.execPath, ['--input-type=module', '--eval', EXTRACT], {
    cwd: process.cwd(),
    maxBuffer: 16 * 1024 * 1024,
  });
  child.child.stdin!.end(pdf);
  const { stdout } = await child;
  const pages = stdout.split('\n').filter((line) => line.length > 0);
  return { pages: pages.length, text: pages.join('').replace(/\s+/gu, '') };
}
