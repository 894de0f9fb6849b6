// Drawing: colour scales, heat maps, data points, the loss curve, data-set thumbnails.

export const ORANGE = [245, 147, 34];
export const BLUE = [8, 119, 189];
export const WHITE = [232, 234, 235];
export const CLASS_COLOURS = [[8, 119, 189], [245, 147, 34], [46, 160, 67], [142, 68, 173], [214, 39, 40]];

function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

// v in [-1, 1]: orange (negative) .. white .. blue (positive)
export function diverging(v) {
  v = Math.max(-1, Math.min(1, v));
  return v < 0 ? mix(WHITE, ORANGE, -v) : mix(WHITE, BLUE, v);
}

export function css(rgb, alpha = 1) {
  return `rgba(${rgb[0] | 0}, ${rgb[1] | 0}, ${rgb[2] | 0}, ${alpha})`;
}

// base64 of bytes 0..255 → Float32Array mapped back to [low, high]
export function decode(b64, low, high) {
  const text = atob(b64);
  const out = new Float32Array(text.length);
  const scale = (high - low) / 255;
  for (let i = 0; i < text.length; i++) out[i] = low + text.charCodeAt(i) * scale;
  return out;
}

const scratch = document.createElement("canvas");

// Paint a size×size grid of colours onto a canvas, smoothly scaled.
function paintGrid(canvas, size, colourAt) {
  scratch.width = size; scratch.height = size;
  const ctx = scratch.getContext("2d");
  const image = ctx.createImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const c = colourAt(i);
    image.data[4 * i] = c[0]; image.data[4 * i + 1] = c[1]; image.data[4 * i + 2] = c[2]; image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  const target = canvas.getContext("2d");
  target.imageSmoothingEnabled = true;
  target.clearRect(0, 0, canvas.width, canvas.height);
  target.drawImage(scratch, 0, 0, canvas.width, canvas.height);
}

// strength < 1 pales the colours so that the data points drawn on top stand out
export function heatmap(canvas, values, size, discretize = false, strength = 1) {
  paintGrid(canvas, size, (i) => diverging((discretize ? Math.sign(values[i]) : values[i]) * strength));
}

// Multiclass: the colour of the most probable class, paler where the network is unsure.
export function classMap(canvas, channels, size, discretize = false) {
  const k = channels.length;
  paintGrid(canvas, size, (i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (channels[c][i] > channels[best][i]) best = c;
    const p = channels[best][i];
    const strength = discretize ? 0.75 : Math.max(0, Math.min(1, (p - 1 / k) / (1 - 1 / k))) * 0.8;
    return mix(WHITE, CLASS_COLOURS[best], strength);
  });
}

// One class's probability as that class's colour: white where p = 0, the full colour where p = 1.
export function classChannel(canvas, values, size, k) {
  paintGrid(canvas, size, (i) => mix(WHITE, CLASS_COLOURS[k], Math.max(0, Math.min(1, values[i])) * 0.85));
}

export function pointColour(label, problem) {
  if (problem === "multiclass") return CLASS_COLOURS[label | 0] || [0, 0, 0];
  return diverging(label);
}

// Points are [x1, x2, label] on [-6, 6]²; test points get a dark outline.
export function points(canvas, rows, problem, test = false) {
  const ctx = canvas.getContext("2d");
  const s = canvas.width / 12;
  const radius = rows.length > 400 ? 2.6 : 3.6;  // the 1 200-point regression sets need smaller dots
  for (const [x1, x2, label] of rows) {
    const px = (x1 + 6) * s, py = (6 - x2) * s;
    ctx.beginPath();
    ctx.arc(px, py, test ? radius * 0.9 : radius, 0, 2 * Math.PI);
    ctx.fillStyle = css(pointColour(label, problem));
    ctx.fill();
    ctx.lineWidth = test ? 1.1 : 1;
    ctx.strokeStyle = test ? "#333" : "#fff";
    ctx.stroke();
  }
}

// Canvas text in CSS pixels: 10 px normally, 16 px in the projector view (the canvas may be shown smaller).
function fontFor(canvas, normal = 10) {
  const big = document.body.classList.contains("projector");
  const shrink = canvas.clientWidth ? canvas.width / canvas.clientWidth : 1;
  return [`${Math.round((big ? 16 : normal) * shrink)}px sans-serif`, big];
}

export function axes(canvas) {
  const ctx = canvas.getContext("2d");
  const s = canvas.width / 12;
  ctx.fillStyle = "rgba(0,0,0,0.55)";
  const [font, big] = fontFor(canvas);
  ctx.font = font;
  ctx.strokeStyle = "rgba(0,0,0,0.12)";
  for (const t of [-6, -4, -2, 0, 2, 4, 6]) {
    const p = (t + 6) * s;
    ctx.beginPath(); ctx.moveTo(p, 0); ctx.lineTo(p, canvas.height); ctx.stroke();
    ctx.beginPath(); ctx.moveTo(0, p); ctx.lineTo(canvas.width, p); ctx.stroke();
    if (t > -6 && t < 6 && (!big || t % 4 === 0)) {
      ctx.fillText(String(t), p + 2, canvas.height - 3);
      ctx.fillText(String(-t), 2, p - 2);
    }
  }
}

export function lossCurve(canvas, history) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  if (history.length < 2) return;
  let top = 0;
  for (const r of history) top = Math.max(top, r.train ?? 0, r.test ?? 0);
  top = top || 1;
  const first = history[0].epoch, last = history[history.length - 1].epoch || 1;
  const x = (e) => ((e - first) / Math.max(1, last - first)) * (w - 4) + 2;
  const y = (v) => h - 2 - (Math.min(v, top) / top) * (h - 6);
  for (const [key, colour] of [["train", "#999"], ["test", "#222"]]) {
    ctx.beginPath();
    history.forEach((r, i) => {
      if (r[key] == null) return;
      if (i === 0) ctx.moveTo(x(r.epoch), y(r[key])); else ctx.lineTo(x(r.epoch), y(r[key]));
    });
    ctx.strokeStyle = colour; ctx.lineWidth = 1.5; ctx.stroke();
  }
  ctx.fillStyle = "#666"; ctx.font = fontFor(canvas)[0]; ctx.textAlign = "right";
  ctx.textBaseline = "top";
  ctx.fillText(`max ${top.toPrecision(3)}`, w - 2, 1);
  ctx.textBaseline = "alphabetic";
  ctx.textAlign = "left";
}

// Small pictures of each data set for the chooser (drawn here; the real points come from the server).
function thumbnailPoints(name, classes = 3) {
  const rows = [];
  const rnd = mulberry32(7);
  const u = (a, b) => a + (b - a) * rnd();
  const n = (m, s) => m + s * Math.sqrt(-2 * Math.log(rnd() + 1e-9)) * Math.cos(2 * Math.PI * rnd());
  if (name === "circle") for (let i = 0; i < 120; i++) {
    const inner = i % 2 === 0, r = inner ? u(0, 2.5) : u(3.5, 5), t = u(0, 2 * Math.PI);
    rows.push([r * Math.sin(t), r * Math.cos(t), inner ? 1 : -1]);
  } else if (name === "xor") for (let i = 0; i < 120; i++) {
    const a = u(-5, 5), b = u(-5, 5); rows.push([a, b, a * b >= 0 ? 1 : -1]);
  } else if (name === "gauss") for (let i = 0; i < 120; i++) {
    const s = i % 2 ? 1 : -1; rows.push([n(2 * s, 1), n(2 * s, 1), s]);
  } else if (name === "spiral" || name === "spiral_k") {
    const arms = name === "spiral" ? 2 : classes;
    for (let a = 0; a < arms; a++) for (let i = 0; i < 60; i++) {
      const r = (i / 60) * 5, t = 1.75 * (i / 60) * 2 * Math.PI + (a * 2 * Math.PI) / arms;
      rows.push([r * Math.sin(t), r * Math.cos(t), arms === 2 ? (a ? -1 : 1) : a]);
    }
  } else if (name === "gauss_k") for (let i = 0; i < 120; i++) {
    const k = i % classes, t = (2 * Math.PI * k) / classes + Math.PI / 2; rows.push([n(3.5 * Math.cos(t), 0.8), n(3.5 * Math.sin(t), 0.8), k]);
  } else if (name === "plane") for (let i = 0; i < 150; i++) {
    const a = u(-6, 6), b = u(-6, 6); rows.push([a, b, (a + b) / 10]);
  } else if (name === "reg_gauss") for (let i = 0; i < 200; i++) {
    const a = u(-6, 6), b = u(-6, 6);
    let v = 0;
    for (const [cx, cy, s] of [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]]) {
      const d = s * Math.max(0, 1 - Math.hypot(a - cx, b - cy) / 2); if (Math.abs(d) > Math.abs(v)) v = d;
    }
    rows.push([a, b, v]);
  }
  return rows;
}

export function thumbnail(canvas, name, problem, classes = 3) {
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
  const s = canvas.width / 12;
  for (const [a, b, label] of thumbnailPoints(name, classes)) {
    ctx.fillStyle = css(pointColour(label, problem));
    ctx.fillRect((a + 6) * s - 1.5, (6 - b) * s - 1.5, 3, 3);
  }
}

function mulberry32(seed) {
  return function () {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
