// chart.ts — an SVG chart of throughput against problem size: one panel per bench family,
// one line per runner (numbat backends, auto, plain JS, peers), log-log axes.

/** One runner's throughput at each size of one family. */
export interface Series {
  readonly runner: string;
  /** [work units of one run, throughput], one per size; null throughput is skipped. */
  readonly points: readonly (readonly [number, number | null])[];
}

/** One family's panel. */
export interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly series: readonly Series[];
}

const COLOURS: Record<string, string> = {
  'plain JS': '#555555',
  js: '#e69f00',
  workers: '#56b4e9',
  wasm: '#009e73',
  webgpu: '#cc79a7',
  auto: '#d55e00',
  'gpu.js (cpu)': '#0072b2',
  'tfjs-wasm': '#999933',
};

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceLog(value: number): string {
  if (value >= 1e9) return `${+(value / 1e9).toPrecision(2)}G`;
  if (value >= 1e6) return `${+(value / 1e6).toPrecision(2)}M`;
  if (value >= 1e3) return `${+(value / 1e3).toPrecision(2)}k`;
  return `${+value.toPrecision(2)}`;
}

/** The whole chart as an SVG document. */
export function renderChart(title: string, panels: readonly Panel[]): string {
  const panelWidth = 380;
  const panelHeight = 260;
  const columns = 3;
  const margin = { left: 56, right: 12, top: 28, bottom: 36 };
  const rows = Math.ceil(panels.length / columns);
  const legendHeight = 40;
  const width = columns * panelWidth;
  const height = rows * panelHeight + legendHeight + 30;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
  ];
  const runners = [...new Set(panels.flatMap((p) => p.series.map((s) => s.runner)))];
  runners.forEach((runner, k) => {
    const x = 10 + (k % 8) * (width / 8);
    const y = 36 + Math.floor(k / 8) * 14;
    parts.push(
      `<line x1="${x}" y1="${y - 4}" x2="${x + 18}" y2="${y - 4}" stroke="${COLOURS[runner] ?? '#000'}" stroke-width="2.5"${runner === 'auto' ? ' stroke-dasharray="5,3"' : ''}/>`,
    );
    parts.push(`<text x="${x + 22}" y="${y}">${escapeXml(runner)}</text>`);
  });
  panels.forEach((panel, index) => {
    const ox = (index % columns) * panelWidth;
    const oy = 30 + legendHeight + Math.floor(index / columns) * panelHeight;
    const plotW = panelWidth - margin.left - margin.right;
    const plotH = panelHeight - margin.top - margin.bottom;
    const points = panel.series.flatMap((s) =>
      s.points.filter((p): p is [number, number] => p[1] !== null && p[1] > 0),
    );
    if (points.length === 0) return;
    const xs = points.map((p) => Math.log10(p[0]));
    const ys = points.map((p) => Math.log10(p[1]));
    const [x0, x1] = [Math.min(...xs) - 0.1, Math.max(...xs) + 0.1];
    const [y0, y1] = [Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys))];
    const px = (v: number): number => ox + margin.left + ((Math.log10(v) - x0) / (x1 - x0)) * plotW;
    const py = (v: number): number =>
      oy + margin.top + plotH - ((Math.log10(v) - y0) / Math.max(1e-9, y1 - y0)) * plotH;
    parts.push(
      `<text x="${ox + panelWidth / 2}" y="${oy + 16}" text-anchor="middle" font-size="12">${escapeXml(panel.title)}</text>`,
    );
    parts.push(
      `<rect x="${ox + margin.left}" y="${oy + margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#ccc"/>`,
    );
    for (let decade = y0; decade <= y1; decade++) {
      const y = py(10 ** decade);
      parts.push(
        `<line x1="${ox + margin.left}" y1="${y}" x2="${ox + margin.left + plotW}" y2="${y}" stroke="#eee"/>`,
      );
      parts.push(
        `<text x="${ox + margin.left - 4}" y="${y + 3}" text-anchor="end">${niceLog(10 ** decade)}</text>`,
      );
    }
    const sizes = [...new Set(points.map((p) => p[0]))].sort((a, b) => a - b);
    for (const size of sizes)
      parts.push(
        `<text x="${px(size)}" y="${oy + margin.top + plotH + 14}" text-anchor="middle">${niceLog(size)}</text>`,
      );
    parts.push(
      `<text x="${ox + margin.left + plotW / 2}" y="${oy + panelHeight - 6}" text-anchor="middle" fill="#666">work per run (log)</text>`,
    );
    parts.push(
      `<text x="${ox + 12}" y="${oy + margin.top + plotH / 2}" text-anchor="middle" fill="#666" transform="rotate(-90 ${ox + 12} ${oy + margin.top + plotH / 2})">${escapeXml(panel.unit)}</text>`,
    );
    for (const series of panel.series) {
      const pts = series.points.filter((p): p is [number, number] => p[1] !== null && p[1] > 0);
      if (pts.length === 0) continue;
      const colour = COLOURS[series.runner] ?? '#000';
      const dash = series.runner === 'auto' ? ' stroke-dasharray="5,3"' : '';
      parts.push(
        `<polyline fill="none" stroke="${colour}" stroke-width="${series.runner === 'auto' ? 2.5 : 1.6}"${dash} points="${pts.map((p) => `${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(' ')}"/>`,
      );
      for (const p of pts)
        parts.push(
          `<circle cx="${px(p[0]).toFixed(1)}" cy="${py(p[1]).toFixed(1)}" r="2.5" fill="${colour}"/>`,
        );
    }
  });
  parts.push('</svg>');
  return parts.join('\n');
}
