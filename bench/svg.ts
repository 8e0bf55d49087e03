/** A small line chart as hand-written SVG: log-scaled x (table sizes span decades), linear y from zero. */
export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
}

export interface Plot {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
}

const W = 720;
const H = 400;
const M = { left: 70, right: 40, top: 40, bottom: 90 };

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 0 });

export function linePlot(plot: Plot): string {
  const points = plot.series.flatMap((s) => s.points);
  const xs = points.map(([x]) => x).filter((x) => x > 0);
  const xMin = 10 ** Math.floor(Math.log10(Math.min(...xs)));
  const xMax = 10 ** Math.ceil(Math.log10(Math.max(...xs)));
  const yMax = niceMax(Math.max(...points.map(([, y]) => y)) * 1.1);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const sx = (x: number) =>
    M.left + ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * plotW;
  const sy = (y: number) => M.top + plotH - (y / yMax) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12" role="img" aria-labelledby="title">`,
    `<title id="title">${xmlText(plot.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${xmlText(plot.title)}</text>`,
  ];
  for (let decade = xMin; decade <= xMax; decade *= 10) {
    const x = sx(decade);
    parts.push(
      `<line x1="${x}" y1="${M.top}" x2="${x}" y2="${M.top + plotH}" stroke="#ddd"/>`,
      `<text x="${x}" y="${M.top + plotH + 16}" text-anchor="middle">${number(decade)}</text>`,
    );
  }
  for (let i = 0; i <= 5; i++) {
    const y = (yMax * i) / 5;
    parts.push(
      `<line x1="${M.left}" y1="${sy(y)}" x2="${M.left + plotW}" y2="${sy(y)}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${sy(y) + 4}" text-anchor="end">${number(y)}</text>`,
    );
  }
  parts.push(
    `<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`,
    `<text x="${M.left + plotW / 2}" y="${M.top + plotH + 36}" text-anchor="middle">${xmlText(plot.xLabel)}</text>`,
    `<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${xmlText(plot.yLabel)}</text>`,
  );
  plot.series.forEach((series, i) => {
    const path = series.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline points="${path}" fill="none" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      ...series.points.map(
        ([x, y]) =>
          `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3.5" fill="${series.color}"><title>${xmlText(`${series.name}: ${number(x)} → ${number(y)}`)}</title></circle>`,
      ),
    );
    const ly = M.top + plotH + 56 + Math.floor(i / 2) * 16;
    const lx = M.left + (i % 2) * (plotW / 2);
    parts.push(
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 24}" y2="${ly - 4}" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${lx + 30}" y="${ly}">${xmlText(series.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
