/**
 * Draws the app's two icons (our own, no third-party artwork): three meeting points joined in a
 * triangle, the collaboration between bodies. `npx tsx manifest/icons/draw.ts` writes color.png
 * and outline.png beside this file; the test redraws them and compares, so the committed PNGs
 * always match this code.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pngjs from 'pngjs';

const { PNG } = pngjs;

/** The app's accent colour; also the manifest's `accentColor`. */
export const ACCENT_COLOR = '#1F5F7A';

export const COLOR_ICON = { file: 'color.png', size: 192 } as const;
export const OUTLINE_ICON = { file: 'outline.png', size: 32 } as const;

type Point = readonly [number, number];

interface Shape {
  nodes: readonly Point[];
  /** Radius of a node and half the width of a joining line, in units of the icon's side. */
  radius: number;
  halfWidth: number;
}

// The colour icon keeps the symbol inside Teams' safe area; the outline fills its 32 px more.
const COLOR_SYMBOL: Shape = { nodes: [[0.5, 0.28], [0.27, 0.68], [0.73, 0.68]], radius: 0.1, halfWidth: 0.028 };
const OUTLINE_SYMBOL: Shape = { nodes: [[0.5, 0.22], [0.21, 0.72], [0.79, 0.72]], radius: 0.13, halfWidth: 0.05 };

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function inside(symbol: Shape, p: Point): boolean {
  const { nodes, radius, halfWidth } = symbol;
  for (const n of nodes) if (Math.hypot(p[0] - n[0], p[1] - n[1]) <= radius) return true;
  for (let i = 0; i < nodes.length; i++) {
    if (distanceToSegment(p, nodes[i]!, nodes[(i + 1) % nodes.length]!) <= halfWidth) return true;
  }
  return false;
}

/** Share of the pixel covered by the symbol, from a 4×4 grid of samples (smooth edges). */
function coverage(symbol: Shape, size: number, x: number, y: number): number {
  const grid = 4;
  let hits = 0;
  for (let i = 0; i < grid; i++) {
    for (let j = 0; j < grid; j++) {
      if (inside(symbol, [(x + (i + 0.5) / grid) / size, (y + (j + 0.5) / grid) / size])) hits++;
    }
  }
  return hits / (grid * grid);
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function render(size: number, symbol: Shape, pixel: (cover: number) => [number, number, number, number]): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const rgba = pixel(coverage(symbol, size, x, y));
      png.data.set(rgba, (y * size + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

/** 192×192, opaque: the white symbol on the accent colour. */
export function drawColorIcon(): Buffer {
  const [r, g, b] = hexToRgb(ACCENT_COLOR);
  const mix = (from: number, cover: number) => Math.round(from + (255 - from) * cover);
  return render(COLOR_ICON.size, COLOR_SYMBOL, (c) => [mix(r, c), mix(g, c), mix(b, c), 255]);
}

/** 32×32: white only, the shape carried by the alpha channel (Teams tints it). */
export function drawOutlineIcon(): Buffer {
  return render(OUTLINE_ICON.size, OUTLINE_SYMBOL, (c) => [255, 255, 255, Math.round(255 * c)]);
}

export const ICON_DIR = path.dirname(fileURLToPath(import.meta.url));

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(path.join(ICON_DIR, COLOR_ICON.file), drawColorIcon());
  writeFileSync(path.join(ICON_DIR, OUTLINE_ICON.file), drawOutlineIcon());
  process.stdout.write(`wrote ${COLOR_ICON.file} and ${OUTLINE_ICON.file} in ${ICON_DIR}\n`);
}
