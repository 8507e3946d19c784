// A tiny RGB raster with line and text drawing, and a PNG encoder (node:zlib only), so the demo
// data can carry real plot images without an image library.
import { crc32, deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes 8-bit RGB pixels (row-major, 3 bytes per pixel) as a PNG file. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  if (rgb.length !== width * height * 3) throw new Error(`expected ${width * height * 3} bytes of RGB, got ${rgb.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering
  header[12] = 0; // no interlace
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y += 1) {
    // Filter "Up" (2) compresses flat plot backgrounds very well; the first row uses "None".
    const filter = y === 0 ? 0 : 2;
    const out = y * (stride + 1);
    raw[out] = filter;
    for (let x = 0; x < stride; x += 1) {
      const current = rgb[y * stride + x] ?? 0;
      const above = y === 0 ? 0 : (rgb[(y - 1) * stride + x] ?? 0);
      raw[out + 1 + x] = filter === 2 ? (current - above) & 0xff : current;
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// 5x7 bitmap font: each glyph is seven rows of five pixels. Letters are drawn as capitals.
const GLYPHS: Record<string, string> = {
  '0': '01110 10001 10011 10101 11001 10001 01110',
  '1': '00100 01100 00100 00100 00100 00100 01110',
  '2': '01110 10001 00001 00010 00100 01000 11111',
  '3': '11111 00010 00100 00010 00001 10001 01110',
  '4': '00010 00110 01010 10010 11111 00010 00010',
  '5': '11111 10000 11110 00001 00001 10001 01110',
  '6': '00110 01000 10000 11110 10001 10001 01110',
  '7': '11111 00001 00010 00100 01000 01000 01000',
  '8': '01110 10001 10001 01110 10001 10001 01110',
  '9': '01110 10001 10001 01111 00001 00010 01100',
  A: '01110 10001 10001 11111 10001 10001 10001',
  B: '11110 10001 10001 11110 10001 10001 11110',
  C: '01110 10001 10000 10000 10000 10001 01110',
  D: '11100 10010 10001 10001 10001 10010 11100',
  E: '11111 10000 10000 11110 10000 10000 11111',
  F: '11111 10000 10000 11110 10000 10000 10000',
  G: '01110 10001 10000 10111 10001 10001 01111',
  H: '10001 10001 10001 11111 10001 10001 10001',
  I: '01110 00100 00100 00100 00100 00100 01110',
  J: '00111 00010 00010 00010 00010 10010 01100',
  K: '10001 10010 10100 11000 10100 10010 10001',
  L: '10000 10000 10000 10000 10000 10000 11111',
  M: '10001 11011 10101 10101 10001 10001 10001',
  N: '10001 10001 11001 10101 10011 10001 10001',
  O: '01110 10001 10001 10001 10001 10001 01110',
  P: '11110 10001 10001 11110 10000 10000 10000',
  Q: '01110 10001 10001 10001 10101 10010 01101',
  R: '11110 10001 10001 11110 10100 10010 10001',
  S: '01111 10000 10000 01110 00001 00001 11110',
  T: '11111 00100 00100 00100 00100 00100 00100',
  U: '10001 10001 10001 10001 10001 10001 01110',
  V: '10001 10001 10001 10001 10001 01010 00100',
  W: '10001 10001 10001 10101 10101 10101 01010',
  X: '10001 10001 01010 00100 01010 10001 10001',
  Y: '10001 10001 10001 01010 00100 00100 00100',
  Z: '11111 00001 00010 00100 01000 10000 11111',
  '.': '00000 00000 00000 00000 00000 01100 01100',
  ',': '00000 00000 00000 00000 01100 00100 01000',
  '-': '00000 00000 00000 11111 00000 00000 00000',
  '+': '00000 00100 00100 11111 00100 00100 00000',
  '=': '00000 00000 11111 00000 11111 00000 00000',
  '/': '00000 00001 00010 00100 01000 10000 00000',
  ':': '00000 01100 01100 00000 01100 01100 00000',
  _: '00000 00000 00000 00000 00000 00000 11111',
  '(': '00010 00100 01000 01000 01000 00100 00010',
  ')': '01000 00100 00010 00010 00010 00100 01000',
  '%': '11000 11001 00010 00100 01000 10011 00011',
  ' ': '00000 00000 00000 00000 00000 00000 00000',
};

export const GLYPH_WIDTH = 6; // 5 pixels and one of spacing

export class Raster {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = [255, 255, 255],
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /** Blends `color` into one pixel with coverage `alpha` (0..1). */
  plot(x: number, y: number, color: Rgb, alpha = 1): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height || alpha <= 0) return;
    const at = (py * this.width + px) * 3;
    const a = Math.min(1, alpha);
    for (let channel = 0; channel < 3; channel += 1) {
      const old = this.pixels[at + channel] ?? 0;
      this.pixels[at + channel] = Math.round(old + (color[channel as 0 | 1 | 2] - old) * a);
    }
  }

  fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    const [red, green, blue] = color;
    for (let row = Math.max(0, Math.floor(y)); row < Math.min(this.height, Math.floor(y + height)); row += 1) {
      for (let column = Math.max(0, Math.floor(x)); column < Math.min(this.width, Math.floor(x + width)); column += 1) {
        const at = (row * this.width + column) * 3;
        this.pixels[at] = red;
        this.pixels[at + 1] = green;
        this.pixels[at + 2] = blue;
      }
    }
  }

  /** An anti-aliased line `thickness` pixels wide. */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb, thickness = 1): void {
    this.polyline(
      [
        [x0, y0],
        [x1, y1],
      ],
      color,
      thickness,
    );
  }

  /**
   * Anti-aliased connected segments (distance-to-segment coverage). Within one polyline a pixel
   * keeps its strongest coverage, so joints do not darken where segments overlap.
   */
  polyline(points: readonly (readonly [number, number])[], color: Rgb, thickness = 1): void {
    const coverageByPixel = new Map<number, number>();
    const half = thickness / 2;
    for (let i = 1; i < points.length; i += 1) {
      const [x0, y0] = points[i - 1] ?? [0, 0];
      const [x1, y1] = points[i] ?? [0, 0];
      const minX = Math.max(0, Math.floor(Math.min(x0, x1) - half - 1));
      const maxX = Math.min(this.width - 1, Math.ceil(Math.max(x0, x1) + half + 1));
      const minY = Math.max(0, Math.floor(Math.min(y0, y1) - half - 1));
      const maxY = Math.min(this.height - 1, Math.ceil(Math.max(y0, y1) + half + 1));
      const dx = x1 - x0;
      const dy = y1 - y0;
      const lengthSquared = dx * dx + dy * dy;
      for (let y = minY; y <= maxY; y += 1) {
        for (let x = minX; x <= maxX; x += 1) {
          const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / lengthSquared));
          const coverage = Math.min(1, half + 0.5 - Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)));
          if (coverage <= 0) continue;
          const key = y * this.width + x;
          const previous = coverageByPixel.get(key) ?? 0;
          if (coverage <= previous) continue;
          // Blend only the extra coverage on top of what this polyline already put there.
          this.plot(x, y, color, previous >= 1 ? 0 : (coverage - previous) / (1 - previous));
          coverageByPixel.set(key, coverage);
        }
      }
    }
  }

  /** Text in the 5x7 font, `scale` pixels per font pixel; returns the width drawn. */
  text(x: number, y: number, text: string, color: Rgb, scale = 1): number {
    let cursor = x;
    for (const character of text.toUpperCase()) {
      const glyph = GLYPHS[character] ?? GLYPHS[' '] ?? '';
      glyph.split(' ').forEach((row, rowIndex) => {
        for (let column = 0; column < row.length; column += 1) {
          if (row[column] === '1') this.fillRect(cursor + column * scale, y + rowIndex * scale, scale, scale, color);
        }
      });
      cursor += GLYPH_WIDTH * scale;
    }
    return cursor - x;
  }

  toPng(): Buffer {
    return encodePng(this.width, this.height, this.pixels);
  }
}
