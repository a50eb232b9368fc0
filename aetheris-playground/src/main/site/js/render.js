// Canvas 2D renderer: camera on the possessed ship, room bounds, every entity drawn by kind, names,
// health bars, mining beams. Draws interpolated poses from the World.
import { EntityKind } from './wire.js';

const COLORS = {
  own: '#4cc9f0', ship: '#f8961e', ai: '#ef476f', dread: '#c77dff', hauler: '#90be6d',
  rock: '#8d99ae', drop: '#f9c74f', dummy: '#adb5bd', shot: '#ffee88', beam: '#80ffdb',
};

export class Renderer {
  constructor(canvas, world) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.world = world;
    this.zoom = 4; // pixels per world unit
    this.camX = 0;
    this.camY = 0;
    this.drawn = 0;
    this.stars = makeStars(160);
  }

  resize() {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.canvas.clientWidth * dpr));
    const h = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    this.dpr = dpr;
  }

  /** Screen (CSS px, relative to the canvas) → world coordinates. */
  toWorld(px, py) {
    const s = this.zoom;
    return {
      x: this.camX + (px - this.canvas.clientWidth / 2) / s,
      y: this.camY - (py - this.canvas.clientHeight / 2) / s,
    };
  }

  frame(now) {
    this.resize();
    const { ctx, world } = this;
    const W = this.canvas.width;
    const H = this.canvas.height;
    const t = world.renderTick(now);
    const tickMs = world.tickMs;
    const bounds = world.bounds;

    for (const e of world.entities.values()) e.visible = e.sample(t, tickMs, bounds);
    const ship = world.entities.get(world.shipId);
    if (ship && ship.visible) {
      this.camX = ship.x;
      this.camY = ship.y;
    }

    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#05070d';
    ctx.fillRect(0, 0, W, H);
    this.drawStars(W, H);

    // World transform: y up, camera centred.
    const s = this.zoom * this.dpr;
    ctx.setTransform(s, 0, 0, -s, W / 2 - this.camX * s, H / 2 + this.camY * s);
    if (bounds) {
      ctx.strokeStyle = '#2f4566';
      ctx.lineWidth = 2 / s;
      ctx.setLineDash([8 / s, 6 / s]);
      ctx.strokeRect(bounds.min_x, bounds.min_y, bounds.max_x - bounds.min_x, bounds.max_y - bounds.min_y);
      ctx.setLineDash([]);
    }

    // What this client sees: entities farther from its ship than the interest radius are not sent.
    const own = world.entities.get(world.shipId);
    const radius = Number(world.manifest?.interest_radius);
    if (own && own.visible && radius > 0) {
      ctx.strokeStyle = '#3a5f8a';
      ctx.lineWidth = 1 / s;
      ctx.setLineDash([4 / s, 8 / s]);
      ctx.beginPath();
      ctx.arc(own.x, own.y, radius, 0, Math.PI * 2);
      ctx.stroke();
      ctx.setLineDash([]);
    }

    // Beams under the ships.
    ctx.lineWidth = 1.5 / s;
    for (const e of world.entities.values()) {
      if (!e.visible || !e.beam || !e.beam.active || e.beam.target === null) continue;
      const target = world.entities.get(Number(e.beam.target));
      if (!target || !target.visible) continue;
      ctx.strokeStyle = COLORS.beam;
      ctx.globalAlpha = 0.6 + 0.4 * Math.sin(now / 80);
      ctx.beginPath();
      ctx.moveTo(e.x, e.y);
      ctx.lineTo(target.x, target.y);
      ctx.stroke();
      ctx.globalAlpha = 1;
    }

    let drawn = 0;
    for (const e of world.entities.values()) {
      if (!e.visible) continue;
      this.drawEntity(e, e.id === world.shipId, now, s);
      drawn++;
    }
    this.drawn = drawn;

    // Labels in screen space so text stays upright and sharp.
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    const cw = this.canvas.clientWidth;
    const ch = this.canvas.clientHeight;
    for (const e of world.entities.values()) {
      if (!e.visible || e.kind === EntityKind.PROJECTILE) continue;
      const sx = cw / 2 + (e.x - this.camX) * this.zoom;
      const sy = ch / 2 - (e.y - this.camY) * this.zoom;
      if (sx < -50 || sy < -50 || sx > cw + 50 || sy > ch + 50) continue;
      const r = radiusOf(e.kind) * this.zoom;
      if (e.hull && e.hull.max > 0) bar(ctx, sx, sy - r - 8, e.hull.current / e.hull.max, '#06d6a0');
      if (e.shield && e.shield.max > 0) bar(ctx, sx, sy - r - 12, e.shield.current / e.shield.max, '#4cc9f0');
      if (e.name) {
        ctx.fillStyle = e.id === world.shipId ? COLORS.own : '#d6e2f0';
        ctx.fillText(e.name, sx, sy + r + 13);
      }
    }
    return drawn;
  }

  drawStars(W, H) {
    const { ctx } = this;
    ctx.fillStyle = '#8899aa';
    for (const st of this.stars) {
      // Parallax: stars move at a fraction of the camera speed and tile the screen.
      const x = mod(st.x * W - this.camX * this.zoom * st.depth, W);
      const y = mod(st.y * H + this.camY * this.zoom * st.depth, H);
      ctx.globalAlpha = st.depth * 2;
      ctx.fillRect(x, y, st.size, st.size);
    }
    ctx.globalAlpha = 1;
  }

  drawEntity(e, own, now, s) {
    const { ctx } = this;
    const flash = now - e.hitAt < 150;
    ctx.save();
    ctx.translate(e.x, e.y);
    ctx.rotate(e.rot);
    ctx.lineWidth = 1.5 / s;
    switch (e.kind) {
      case EntityKind.INTERCEPTOR:
        ship(ctx, 2.2, own ? COLORS.own : COLORS.ship);
        break;
      case EntityKind.AI_INTERCEPTOR:
        ship(ctx, 2.2, COLORS.ai);
        break;
      case EntityKind.DREADNOUGHT:
        poly(ctx, [[5, 0], [2, 3], [-4, 3], [-5, 0], [-4, -3], [2, -3]], COLORS.dread);
        break;
      case EntityKind.HAULER:
        poly(ctx, [[3.5, 1.6], [-3.5, 1.6], [-3.5, -1.6], [3.5, -1.6]], COLORS.hauler);
        break;
      case EntityKind.ASTEROID:
        rock(ctx, e.id, 3, COLORS.rock);
        break;
      case EntityKind.CARGO_DROP:
        poly(ctx, [[1, 0], [0, 1], [-1, 0], [0, -1]], COLORS.drop);
        break;
      case EntityKind.TRAINING_DUMMY:
        ctx.strokeStyle = COLORS.dummy;
        ctx.beginPath(); ctx.arc(0, 0, 2, 0, Math.PI * 2); ctx.moveTo(-2, 0); ctx.lineTo(2, 0); ctx.moveTo(0, -2); ctx.lineTo(0, 2); ctx.stroke();
        break;
      case EntityKind.PROJECTILE:
        ctx.fillStyle = COLORS.shot;
        ctx.fillRect(-0.8, -0.2, 1.6, 0.4);
        break;
      default:
        ctx.strokeStyle = '#666';
        ctx.strokeRect(-1, -1, 2, 2);
    }
    if (flash) {
      ctx.fillStyle = 'rgba(255,80,80,0.5)';
      ctx.beginPath(); ctx.arc(0, 0, radiusOf(e.kind) + 0.5, 0, Math.PI * 2); ctx.fill();
    }
    ctx.restore();
  }
}

function ship(ctx, r, color) {
  poly(ctx, [[r * 1.3, 0], [-r, r * 0.8], [-r * 0.5, 0], [-r, -r * 0.8]], color);
}

function poly(ctx, pts, color) {
  ctx.beginPath();
  ctx.moveTo(pts[0][0], pts[0][1]);
  for (let i = 1; i < pts.length; i++) ctx.lineTo(pts[i][0], pts[i][1]);
  ctx.closePath();
  ctx.fillStyle = color + '55';
  ctx.fill();
  ctx.strokeStyle = color;
  ctx.stroke();
}

function rock(ctx, seed, r, color) {
  const pts = [];
  let h = (seed * 2654435761) >>> 0;
  for (let i = 0; i < 9; i++) {
    h = (h * 1103515245 + 12345) >>> 0;
    const rr = r * (0.75 + (h % 1000) / 4000);
    const a = (i / 9) * Math.PI * 2;
    pts.push([Math.cos(a) * rr, Math.sin(a) * rr]);
  }
  poly(ctx, pts, color);
}

function bar(ctx, x, y, frac, color) {
  const w = 26;
  ctx.fillStyle = '#00000099';
  ctx.fillRect(x - w / 2, y, w, 3);
  ctx.fillStyle = color;
  ctx.fillRect(x - w / 2, y, w * Math.max(0, Math.min(1, frac)), 3);
}

export function radiusOf(kind) {
  switch (kind) {
    case EntityKind.DREADNOUGHT: return 5;
    case EntityKind.HAULER: return 3.5;
    case EntityKind.ASTEROID: return 3.5;
    case EntityKind.PROJECTILE: return 0.8;
    case EntityKind.CARGO_DROP: return 1;
    default: return 2.5;
  }
}

function makeStars(n) {
  const out = [];
  let h = 12345;
  const rnd = () => ((h = (h * 1103515245 + 12345) >>> 0) % 10000) / 10000;
  for (let i = 0; i < n; i++) out.push({ x: rnd(), y: rnd(), depth: 0.05 + rnd() * 0.3, size: rnd() < 0.1 ? 2 : 1 });
  return out;
}

function mod(a, n) {
  return ((a % n) + n) % n;
}
