// Small line charts over the last 60 s, one sample a second, fed by GET /v1/stats.

/** A fixed window of per-second samples for several named series. */
export class SeriesWindow {
  constructor(names, length = 60) {
    this.length = length;
    this.series = Object.fromEntries(names.map((n) => [n, []]));
  }

  push(values) {
    for (const [name, arr] of Object.entries(this.series)) {
      const v = values[name];
      arr.push(typeof v === 'number' && Number.isFinite(v) ? v : null);
      if (arr.length > this.length) arr.shift();
    }
  }
}

/** Draws `win`'s series (name → color) on `canvas`, scaled to the largest value shown. */
export function drawChart(canvas, win, colors, unit) {
  const ctx = canvas.getContext('2d');
  const W = canvas.width;
  const H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  let max = 0;
  for (const name of Object.keys(colors)) for (const v of win.series[name]) if (v !== null && v > max) max = v;
  const top = niceCeil(max || 1);
  ctx.strokeStyle = '#1d2a3f';
  ctx.lineWidth = 1;
  for (let i = 1; i < 4; i++) {
    const y = Math.round((H * i) / 4) + 0.5;
    ctx.beginPath(); ctx.moveTo(0, y); ctx.lineTo(W, y); ctx.stroke();
  }
  const step = W / (win.length - 1);
  for (const [name, color] of Object.entries(colors)) {
    const arr = win.series[name];
    const x0 = W - (arr.length - 1) * step;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    let pen = false;
    arr.forEach((v, i) => {
      if (v === null) { pen = false; return; }
      const x = x0 + i * step;
      const y = H - 2 - (v / top) * (H - 14);
      if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      pen = true;
    });
    ctx.stroke();
  }
  ctx.fillStyle = '#7f8ea3';
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillText(`${top} ${unit}`, 4, 10);
}

function niceCeil(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}
