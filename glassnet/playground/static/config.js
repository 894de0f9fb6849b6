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

// Read a hash back; unknown keys are dropped, values the server refuses get an error there.
export function fromHash(hash) {
  const config = structuredClone(DEFAULTS);
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  if (!text) return config;
  for (const pair of text.split("&")) {
    const [key, raw = ""] = pair.split("=");
    if (!(key in DEFAULTS)) continue;
    const value = decodeURIComponent(raw);
    if (LISTS.has(key)) {
      const items = value === "" ? [] : value.split(",");
      config[key] = key === "features" ? items : items.map(Number);
    } else if (BOOLEANS.has(key)) {
      config[key] = value === "true";
    } else if (STRINGS.has(key)) {
      config[key] = value;
    } else {
      const number = Number(value);
      if (Number.isFinite(number)) config[key] = number;
    }
  }
  return config;
}
