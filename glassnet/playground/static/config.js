// The page's configuration: defaults (as in TensorFlow Playground) and its place in the URL.

export const DEFAULTS = {
  problem: "classification", dataset: "circle", classes: 3, noise: 0, train_ratio: 50,
  batch_size: 10, seed: 1, features: ["x1", "x2"], hidden: [4, 2], dropout: [0, 0],
  activation: "tanh", learning_rate: 0.03, regularization: "none", reg_rate: 0,
  optimizer: "sgd", loss: "squared", stop_loss: 0, show_test: false, discretize: false,
};

export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const DROPOUT_RATES = [0, 0.1, 0.2, 0.3, 0.5];
export const MAX_LAYERS = 6;
export const MAX_NEURONS = 8;

export const FEATURES = [
  ["x1", "X\u2081", (a, b) => a],
  ["x2", "X\u2082", (a, b) => b],
  ["x1sq", "X\u2081\u00B2", (a, b) => a * a],
  ["x2sq", "X\u2082\u00B2", (a, b) => b * b],
  ["x1x2", "X\u2081X\u2082", (a, b) => a * b],
  ["sinx1", "sin(X\u2081)", (a, b) => Math.sin(a)],
  ["sinx2", "sin(X\u2082)", (a, b) => Math.sin(b)],
];

export const DATASETS = {
  classification: [["circle", "Circle"], ["xor", "Exclusive or"], ["gauss", "Gaussian"], ["spiral", "Spiral"]],
  multiclass: [["gauss_k", "Gaussians"], ["spiral_k", "Spiral arms"]],
  regression: [["plane", "Plane"], ["reg_gauss", "Multi Gaussian"]],
};

const LISTS = new Set(["features", "hidden", "dropout"]);
const BOOLEANS = new Set(["show_test", "discretize"]);
const STRINGS = new Set(["problem", "dataset", "activation", "regularization", "optimizer", "loss"]);

// Encode as a URL hash: #problem=classification&hidden=4,2&...
export function toHash(config) {
  const parts = [];
  for (const key of Object.keys(DEFAULTS)) {
    let value = config[key];
    if (LISTS.has(key)) value = value.join(",");
    parts.push(`${key}=${encodeURIComponent(String(value))}`);
  }
  return "#" + parts.join("&");
}

// The values the page offers for each setting: anything else in a URL falls back to the default.
const CHOICES = {
  problem: Object.keys(DATASETS),
  activation: ["relu", "tanh", "sigmoid", "linear"],
  regularization: ["none", "l1", "l2"],
  optimizer: ["sgd", "momentum", "adam"],
  loss: ["squared", "cross_entropy"],
  learning_rate: LEARNING_RATES,
  reg_rate: REG_RATES,
};
const RANGES = {  // [min, max, step], as the sliders
  classes: [3, 5, 1], train_ratio: [10, 90, 10], noise: [0, 50, 5], batch_size: [1, 30, 1], seed: [0, 2 ** 31 - 1, 1],
};

function offered(key, value, config) {
  if (key in CHOICES) return CHOICES[key].includes(value);
  if (key in RANGES) {
    const [low, high, step] = RANGES[key];
    return Number.isInteger(value) && value >= low && value <= high && (value - low) % step === 0;
  }
  if (key === "dataset") return DATASETS[config.problem].some(([name]) => name === value);
  if (key === "features") {
    const names = FEATURES.map(([name]) => name);
    return value.length > 0 && value.every((f) => names.includes(f)) && new Set(value).size === value.length;
  }
  if (key === "hidden") return value.length <= MAX_LAYERS && value.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_NEURONS);
  if (key === "dropout") return value.length <= MAX_LAYERS && value.every((r) => DROPOUT_RATES.includes(r));
  if (key === "stop_loss") return Number.isFinite(value) && value >= 0 && value <= 100;
  return true;
}

// Keep only values the page offers; returns [config, notes] where each note says what was replaced.
export function sanitize(raw) {
  const config = structuredClone(DEFAULTS);
  const notes = [];
  for (const key of ["problem", ...Object.keys(DEFAULTS).filter((k) => k !== "problem")]) {
    if (!(key in raw)) continue;
    if (offered(key, raw[key], config)) config[key] = raw[key];
    else {
      const shown = Array.isArray(raw[key]) ? raw[key].join(",") : String(raw[key]);
      const fallback = key === "dataset" ? DATASETS[config.problem][0][0] : DEFAULTS[key];
      if (key === "dataset") config.dataset = fallback;
      notes.push(`${key}=${shown} is not offered here, so ${key} is ${Array.isArray(fallback) ? fallback.join(",") : fallback}`);
    }
  }
  if (!DATASETS[config.problem].some(([name]) => name === config.dataset)) config.dataset = DATASETS[config.problem][0][0];
  if (config.problem !== "classification") config.loss = "squared";
  config.dropout = config.hidden.map((_, i) => config.dropout[i] ?? 0);
  return [config, notes];
}

// Read a hash back: unknown keys are dropped; values the page does not offer fall back (see sanitize).
export function readHash(hash) {
  const raw = {};
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  for (const pair of text ? text.split("&") : []) {
    const [key, value = ""] = pair.split("=");
    if (!(key in DEFAULTS)) continue;
    let decoded;
    try { decoded = decodeURIComponent(value); } catch { decoded = ""; }
    if (LISTS.has(key)) {
      const items = decoded === "" ? [] : decoded.split(",");
      raw[key] = key === "features" ? items : items.map(Number);
    } else if (BOOLEANS.has(key)) raw[key] = decoded === "true";
    else if (STRINGS.has(key)) raw[key] = decoded;
    else raw[key] = decoded === "" ? NaN : Number(decoded);
  }
  return sanitize(raw);
}

export function fromHash(hash) {
  return readHash(hash)[0];
}
