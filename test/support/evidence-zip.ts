/**
 * Hand-made zips for the archive limits: each member deflated with node:zlib and written with
 * the size its headers DECLARE, which may be a lie (a member that inflates to more than it
 * says). Also the AndroidQF acquisitions built from them: a zip bomb, a JSON bomb, a large one.
 */
import { writeFileSync } from 'node:fs';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { androidQfFiles } from './evidence-android.ts';

export interface RawMember {
  readonly name: string;
  readonly content: Uint8Array;
  /** The uncompressed size the headers declare; default the real one. */
  readonly declaredSize?: number;
  /** Already deflated (content is then ignored): a member too large to hold inflated. */
  readonly deflated?: { readonly data: Buffer; readonly crc: number; readonly size: number };
}

/** `bytes` zeros deflated chunk by chunk, never held inflated: a zip bomb's member. */
export async function deflatedZeros(bytes: number): Promise<NonNullable<RawMember['deflated']>> {
  const out: Buffer[] = [];
  const z = createDeflateRaw({ level: 9 });
  z.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve, reject) => z.on('end', resolve).on('error', reject));
  const chunk = Buffer.alloc(16 * 1024 ** 2);
  let crc = 0;
  for (let left = bytes; left > 0; left -= chunk.length) {
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = crc32(part, crc);
    if (!z.write(part)) await new Promise((r) => z.once('drain', r));
  }
  z.end();
  await done;
  return { data: Buffer.concat(out), crc, size: bytes };
}

export function writeRawZip(path: string, members: readonly RawMember[]): string {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const data = m.deflated?.data ?? deflateRawSync(m.content, { level: 9 });
    const crc = m.deflated?.crc ?? crc32(m.content);
    const size = m.declaredSize ?? m.deflated?.size ?? m.content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, cd, end]));
  return path;
}

/** An AndroidQF acquisition zip whose members are the standard ones, some replaced. */
export function androidQfRawZip(path: string, replace: Record<string, RawMember['content']> = {}): string {
  const files = { ...androidQfFiles() } as Record<string, string | RawMember['content']>;
  Object.assign(files, replace);
  return writeRawZip(
    path,
    Object.entries(files).map(([name, content]) => ({
      name: `acq-1234/${name}`,
      content: typeof content === 'string' ? Buffer.from(content) : content,
    })),
  );
}

/** `[{},{},…]`: few bytes zipped, millions of objects once parsed. */
export const jsonBomb = (objects: number): Buffer => Buffer.from(`[${'{},'.repeat(objects - 1)}{}]`);

/** files.json of an acquisition with `n` ordinary entries: a large but honest input. */
export function largeFilesJson(n: number): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < n; i++)
    parts.push(
      `{"path":"/data/media/0/DCIM/img-${i}.jpg","sha256":null,"modified_time":${1_700_000_000 + i}}`,
    );
  return Buffer.from(`[${parts.join(',')}]`);
}
