// The page: controls ↔ configuration ↔ URL, the WebSocket to this tab's model on the server,
// and the drawing of every progress update.

import { DEFAULTS, DATASETS, LEARNING_RATES, REG_RATES, MAX_LAYERS, readHash, toHash } from "./config.js";
import * as draw from "./draw.js";
import { NetworkView } from "./network.js";

const $ = (id) => document.getElementById(id);
// "dataset=custom" in the address: the points come back from this tab's storage once connected
const wantsCustom = /(^|[#&])dataset=custom(&|$)/.test(location.hash);
let [config, urlNotes] = readHash(location.hash);
if (wantsCustom) urlNotes = urlNotes.filter((note) => !note.startsWith("dataset=custom"));
let socket = null;
let token = null;
let running = false;
let lastProgress = null;
let points = { train: [], test: [] };
let lossHistory = [];
const MAX_CSV_POINTS = 2000;
let customPoints = null;  // the rows of a loaded CSV, as sent to the server
let pendingNote = "";     // said once the server has taken the points

const network = new NetworkView($("network"), {
  onChange: (patch) => change(patch),
  onEditWeight: (layer, source, target, value) => send({ type: "set_weight", layer, source, target, value }),
  onEditBias: (layer, neuron, value) => send({ type: "set_bias", layer, neuron, value }),
  edit: openEditor,
  onHoverNeuron: (layer, j) => { hovered = layer == null ? null : { layer, j }; drawOutput(); },
  onHoverFeature: (key, label, f) => { hovered = key == null ? null : { feature: key, label, f }; drawOutput(); },
});
// a hidden neuron or an input feature under the mouse: the big plot shows what it computes
let hovered = null;

// ------------------------------------------------------------------ connection
function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/ws`);
  socket.addEventListener("open", () => {
    status(urlNotes.length ? `The address asked for settings this page does not offer: ${urlNotes.join("; ")}.` : "Connected.");
    const stored = storedPoints();
    const restore = wantsCustom && stored && stored.problem === config.problem && Array.isArray(stored.rows);
    send({ type: "config", config: serverConfig() });
    if (restore) loadPoints(stored.rows, ["kept from before the reload"], "");
  });
  socket.addEventListener("message", (event) => receive(JSON.parse(event.data)));
  socket.addEventListener("close", () => {
    setRunning(false);
    status("Disconnected from the server: reload the page once it runs again.", true);
  });
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function serverConfig() {
  const out = {};
  for (const key of Object.keys(DEFAULTS)) out[key] = config[key];
  return out;
}

function receive(message) {
  switch (message.type) {
    case "hello":
      token = message.token;
      $("download").href = `/model/${token}`;
      break;
    case "data":
      config = { ...config, ...message.config };
      points = { train: message.train, test: message.test };
      lossHistory = [];
      syncControls();
      $("points-count").textContent = message.user_points ? `${message.user_points} point(s) placed by you (training data).` : "";
      if (message.config.dataset === "custom" && pendingNote) { status(pendingNote); pendingNote = ""; }
      else if (pendingNote && !customPoints) { status(pendingNote); pendingNote = ""; }
      break;
    case "progress":
      showProgress(message);
      break;
    case "state":
      setRunning(message.running);
      if (message.reason) status(message.reason === "paused" ? "Paused." : `Stopped: ${message.reason}.`);
      break;
    case "export":
      $("export-code").textContent = message.code;
      $("export-dialog").showModal();
      break;
    case "error":
      status(message.message, true);
      break;
  }
}

function status(text, error = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", error);
}

function setRunning(value) {
  running = value;
  document.body.classList.toggle("playing", running);
  $("play").innerHTML = running
    ? '<svg viewBox="0 0 24 24"><path d="M6 4h4v16H6zM14 4h4v16h-4z"/></svg>'
    : '<svg viewBox="0 0 24 24"><path d="M7 4l13 8-13 8z"/></svg>';
  $("play").setAttribute("aria-label", running ? "Pause" : "Play");
  if (running) status("Training…");
  else if ($("status").textContent === "Training…") status("Ready.");
}

// ------------------------------------------------------------------- progress
function outputValues(progress) {
  const size = progress.grid;
  if (config.problem === "multiclass") {
    return { kind: "multiclass", size, channels: progress.output.map((b) => draw.decode(b, 0, 1)) };
  }
  return { kind: "single", size, channels: [draw.decode(progress.output[0], -1, 1)] };
}

function showProgress(progress) {
  lastProgress = progress;
  $("epoch").textContent = String(progress.epoch).padStart(6, "0").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  $("epoch").dataset.epoch = progress.epoch;
  // three significant digits, as the server compares with "stop when test loss <": a shown 0.0500 is not below 0.05
  const fmt = (v) => (v == null ? "NaN" : Number(v).toPrecision(3));
  $("test-loss").textContent = fmt(progress.test_loss);
  $("train-loss").textContent = fmt(progress.train_loss);
  $("test-loss").dataset.value = progress.test_loss ?? "NaN";
  if (lossHistory.length && progress.epoch < lossHistory[lossHistory.length - 1].epoch) lossHistory = [];
  if (!lossHistory.length || progress.epoch !== lossHistory[lossHistory.length - 1].epoch) {
    lossHistory.push({ epoch: progress.epoch, train: progress.train_loss, test: progress.test_loss });
    if (lossHistory.length > 600) lossHistory = lossHistory.filter((_, i) => i % 2 === 0);
  }
  draw.lossCurve($("loss-curve"), lossHistory);
  const out = outputValues(progress);
  network.update(progress, draw.decode, out);
  drawOutput(out);
}

function featureValues(f, size = 50) {
  const values = new Float32Array(size * size);
  let top = 1e-9;
  for (let i = 0; i < values.length; i++) {
    const r = Math.floor(i / size), c = i % size;
    values[i] = f(-6 + (12 * c) / (size - 1), 6 - (12 * r) / (size - 1));
    top = Math.max(top, Math.abs(values[i]));
  }
  return values.map((v) => v / top);
}

function drawOutput(out = lastProgress && outputValues(lastProgress)) {
  const canvas = $("output");
  const neuron = hovered && hovered.layer != null && lastProgress?.neurons[hovered.layer]?.[hovered.j];
  if (hovered?.feature) {
    draw.heatmap(canvas, featureValues(hovered.f), 50, config.discretize, 0.75);
    $("plot-caption").textContent = `Showing the input feature ${hovered.label}`;
  } else if (neuron) {
    const values = draw.decode(neuron, -1, 1);
    draw.heatmap(canvas, values, Math.round(Math.sqrt(values.length)), config.discretize, 0.75);
    $("plot-caption").textContent = `Showing neuron ${hovered.j + 1} of hidden layer ${hovered.layer + 1}`;
  } else if (out) {
    if (out.kind === "multiclass") draw.classMap(canvas, out.channels, out.size, config.discretize);
    else draw.heatmap(canvas, out.channels[0], out.size, config.discretize, 0.75);
    $("plot-caption").textContent = "Showing the network's output";
  }
  draw.axes(canvas);
  draw.points(canvas, points.train, config.problem, false);
  if (config.show_test) draw.points(canvas, points.test, config.problem, true);
}

// ------------------------------------------------------------------- controls
function fillSelect(select, values, label = (v) => String(v)) {
  select.replaceChildren(...values.map((v) => new Option(label(v), String(v))));
}

function change(patch) {
  const from = config.problem;
  config = { ...config, ...patch };
  let converted = null;
  if (patch.problem) {
    if (config.dataset === "custom" && customPoints) {
      try {
        converted = convertPoints(customPoints, from, config.problem);
      } catch (error) {
        pendingNote = `${error.message}: using the ${DATASETS[config.problem][0][1]} data set instead. Load a CSV for this problem type.`;
        customPoints = null;
        try { sessionStorage.removeItem(STORED_POINTS); } catch { /* private mode */ }
      }
    }
    config.dataset = DATASETS[config.problem][0][0];
    if (config.problem !== "classification") config.loss = "squared";
  }
  if (patch.hidden) config.dropout = config.hidden.map((_, i) => config.dropout[i] ?? 0);
  syncControls();
  send({ type: "config", config: serverConfig() });
  if (converted) loadPoints(converted, [`labels converted for ${config.problem}`], "");
}

// The projector view is a property of the page, not of the model: it travels in the URL as view=projector.
let projector = /(^|[#&])view=projector(&|$)/.test(location.hash);

function setProjector(on) {
  projector = on;
  document.body.classList.toggle("projector", on);
  $("projector").setAttribute("aria-pressed", String(on));
  $("projector").textContent = on ? "Normal view" : "Projector view";
  history.replaceState(null, "", toHash(config) + (on ? "&view=projector" : ""));
  requestAnimationFrame(() => { network.layoutLinks(); drawOutput(); });
}

function syncControls() {
  history.replaceState(null, "", toHash(config) + (projector ? "&view=projector" : ""));
  for (const id of ["learning_rate", "activation", "regularization", "reg_rate", "problem", "optimizer", "loss"]) {
    $(id).value = String(config[id]);
  }
  for (const id of ["classes", "train_ratio", "noise", "batch_size"]) {
    $(id).value = String(config[id]);
    $(`${id}-value`).textContent = id === "train_ratio" ? `${config[id]}%` : String(config[id]);
  }
  $("show_test").checked = config.show_test;
  $("discretize").checked = config.discretize;
  $("stop_loss").value = config.stop_loss ? String(config.stop_loss) : "";
  $("classes-field").hidden = config.problem !== "multiclass";
  $("loss-field").hidden = config.problem !== "classification";
  $("paint-field").hidden = config.problem !== "multiclass";
  $("layer-count").textContent = `${config.hidden.length} hidden layer${config.hidden.length === 1 ? "" : "s"}`;
  drawColourScale();
  const paint = $("paint-class");
  if (paint.options.length !== config.classes) fillSelect(paint, [...Array(config.classes).keys()], (k) => `class ${k}`);
  buildDatasetButtons();
  network.build(config);
  drawOutput();
}

let datasetKey = "";
function buildDatasetButtons() {
  const box = $("datasets");
  const key = config.problem + config.dataset + config.classes;
  if (key === datasetKey) return;
  datasetKey = key;
  const sets = [...DATASETS[config.problem]];
  if (config.dataset === "custom") sets.push(["custom", "Your CSV"]);
  box.replaceChildren(...sets.map(([name, label]) => {
    const button = document.createElement("button");
    button.setAttribute("role", "radio");
    button.setAttribute("aria-checked", String(name === config.dataset));
    button.dataset.dataset = name;
    button.title = label;
    const canvas = document.createElement("canvas");
    canvas.width = 60; canvas.height = 60;
    if (name !== "custom") draw.thumbnail(canvas, name, config.problem, config.classes);
    button.append(canvas, label);
    button.addEventListener("click", () => change({ dataset: name }));
    return button;
  }));
}

function openEditor(label, value, x, y, apply) {
  const form = $("editor");
  $("editor-label").textContent = label;
  $("editor-value").value = value;
  form.style.left = `${Math.min(x, innerWidth - 260)}px`;
  form.style.top = `${y + 8}px`;
  form.hidden = false;
  $("editor-value").focus();
  $("editor-value").select();
  form.onsubmit = (event) => {
    event.preventDefault();
    const number = Number($("editor-value").value);
    if (Number.isFinite(number)) apply(number);
    form.hidden = true;
  };
}

function parseCsv(text) {
  const rows = [];
  let skipped = 0;
  for (const line of text.split(/\r?\n/)) {
    const cells = line.trim().split(/[,;\s]+/).filter(Boolean);
    if (cells.length === 0) continue;
    const values = cells.slice(0, 3).map(Number);
    if (cells.length >= 3 && values.every(Number.isFinite)) rows.push(values); else skipped += 1;
  }
  return [rows, skipped];
}

// Fit loaded (x1, x2, label) rows to the page: labels to the problem type, points into [-6, 6]².
// Returns [rows, notes] or throws an Error whose message says why the rows cannot be used.
function fitPoints(rows, problem, classes) {
  const notes = [];
  const labels = [...new Set(rows.map((r) => r[2]))].sort((a, b) => a - b);
  let mapLabel = (v) => v;
  if (problem === "classification") {
    if (labels.every((v) => v === 0 || v === 1)) {
      mapLabel = (v) => (v === 1 ? 1 : -1);
      notes.push("labels 0/1 read as −1/+1");
    } else if (!labels.every((v) => v === -1 || v === 1)) {
      throw new Error(`classification needs two labels, −1/1 or 0/1; the file has ${labels.slice(0, 6).join(", ")}${labels.length > 6 ? ", …" : ""}`);
    }
  } else if (problem === "multiclass") {
    if (!labels.every((v) => Number.isInteger(v) && v >= 0)) throw new Error("multiclass labels must be class numbers 0, 1, 2, …");
    if (labels[labels.length - 1] >= 5) throw new Error(`at most 5 classes (labels 0..4); the file has label ${labels[labels.length - 1]}`);
  } else {
    const top = Math.max(...labels.map(Math.abs));
    if (top > 1) { mapLabel = (v) => v / top; notes.push(`values divided by ${top} to lie in [−1, 1]`); }
  }
  const reach = Math.max(...rows.map((r) => Math.max(Math.abs(r[0]), Math.abs(r[1]))));
  const scale = reach > 6 ? 6 / reach : 1;
  if (scale !== 1) notes.push(`points scaled by ${scale.toPrecision(3)} into the plotted range [−6, 6]`);
  return [rows.map(([a, b, y]) => [a * scale, b * scale, mapLabel(y)]), notes];
}

// Loaded points are kept in this tab's session storage, so they survive a reload.
const STORED_POINTS = "glassnet-playground-points";
function storedPoints() {
  try { return JSON.parse(sessionStorage.getItem(STORED_POINTS) || "null"); } catch { return null; }
}

function loadPoints(rows, notes, source) {
  customPoints = rows;
  try { sessionStorage.setItem(STORED_POINTS, JSON.stringify({ problem: config.problem, rows })); } catch { /* private mode */ }
  pendingNote = `Loaded ${rows.length} points${source ? ` from ${source}` : ""}${notes.length ? ` (${notes.join("; ")})` : ""}.`;
  send({ type: "load_points", points: rows });
}

// The problem type changes while your points are loaded: convert their labels, or say why not.
function convertPoints(rows, from, to) {
  const labels = new Set(rows.map((r) => r[2]));
  if (to === "regression" && from === "classification") return rows;  // ±1 are values in [−1, 1]
  if (to === "multiclass" && from === "classification") return rows.map(([a, b, y]) => [a, b, y > 0 ? 1 : 0]);
  if (to === "classification" && [...labels].every((v) => v === 0 || v === 1)) return rows.map(([a, b, y]) => [a, b, y ? 1 : -1]);
  if (to === "classification" && [...labels].every((v) => v === -1 || v === 1)) return rows;
  throw new Error(`your points' labels (${[...labels].slice(0, 4).join(", ")}…) do not fit a ${to} problem`);
}

function wire() {
  const local = ["127.0.0.1", "localhost", "[::1]", "::1"].includes(location.hostname);
  $("where").textContent = local ? "in glassnet, in a Python server on this computer"
    : `in glassnet, in a Python server at ${location.hostname} (not in this browser)`;
  fillSelect($("learning_rate"), LEARNING_RATES);
  fillSelect($("reg_rate"), REG_RATES);
  for (const id of ["learning_rate", "reg_rate"]) $(id).addEventListener("change", () => change({ [id]: Number($(id).value) }));
  for (const id of ["activation", "regularization", "problem", "optimizer", "loss"]) {
    $(id).addEventListener("change", () => change({ [id]: $(id).value }));
  }
  for (const id of ["classes", "train_ratio", "noise", "batch_size"]) {
    $(id).addEventListener("input", () => { $(`${id}-value`).textContent = id === "train_ratio" ? `${$(id).value}%` : $(id).value; });
    $(id).addEventListener("change", () => change({ [id]: Number($(id).value) }));
  }
  $("show_test").addEventListener("change", () => change({ show_test: $("show_test").checked }));
  $("discretize").addEventListener("change", () => change({ discretize: $("discretize").checked }));
  $("stop_loss").addEventListener("change", () => {
    const v = Number($("stop_loss").value);
    change({ stop_loss: Number.isFinite(v) && v > 0 ? v : 0 });
  });
  $("projector").addEventListener("click", () => setProjector(!projector));
  $("play").addEventListener("click", () => send({ type: running ? "pause" : "play" }));
  $("step").addEventListener("click", () => send({ type: "step" }));
  $("reset").addEventListener("click", () => { lossHistory = []; send({ type: "reset" }); });
  $("regenerate").addEventListener("click", () => send({ type: "regenerate" }));
  $("add-layer").addEventListener("click", () => {
    if (config.hidden.length < MAX_LAYERS) change({ hidden: [...config.hidden, 2] });
  });
  $("remove-layer").addEventListener("click", () => {
    if (config.hidden.length > 0) change({ hidden: config.hidden.slice(0, -1) });
  });
  $("export").addEventListener("click", () => send({ type: "export" }));
  $("close-export").addEventListener("click", () => $("export-dialog").close());
  $("copy-code").addEventListener("click", () => navigator.clipboard?.writeText($("export-code").textContent));
  $("clear-points").addEventListener("click", () => send({ type: "clear_points" }));
  $("csv").addEventListener("change", async () => {
    const file = $("csv").files[0];
    if (!file) return;
    const [rows, skipped] = parseCsv(await file.text());
    $("csv").value = "";
    if (rows.length > MAX_CSV_POINTS) { status(`The CSV has ${rows.length} points; at most ${MAX_CSV_POINTS} are allowed.`, true); return; }
    if (rows.length < 2) { status(`${file.name}: no rows of three numbers (x1, x2, label) found.`, true); return; }
    try {
      let [fitted, notes] = fitPoints(rows, config.problem, config.classes);
      if (config.problem === "multiclass") {
        const needed = Math.max(3, 1 + Math.max(...fitted.map((r) => r[2])));
        if (needed !== config.classes) { change({ classes: needed }); notes = [...notes, `${needed} classes`]; }
      }
      if (skipped) notes = [...notes, `${skipped} line(s) skipped: header or not three numbers`];
      loadPoints(fitted, notes, file.name);
    } catch (error) {
      status(`${file.name}: ${error.message}.`, true);
    }
  });
  $("output").addEventListener("click", (event) => {
    const r = event.currentTarget.getBoundingClientRect();
    const x1 = ((event.clientX - r.left) / r.width) * 12 - 6;
    const x2 = 6 - ((event.clientY - r.top) / r.height) * 12;
    let label;
    if (config.problem === "multiclass") {
      const k = Number($("paint-class").value);
      label = event.shiftKey ? (k + 1) % config.classes : k;
    } else label = event.shiftKey ? -1 : 1;
    send({ type: "add_point", point: [Math.max(-6, Math.min(6, x1)), Math.max(-6, Math.min(6, x2)), label] });
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("editor").hidden = true; });
  document.addEventListener("mousedown", (e) => { if (!$("editor").contains(e.target)) $("editor").hidden = true; });
  addEventListener("resize", () => network.layoutLinks());
  addEventListener("hashchange", () => {
    [config, urlNotes] = readHash(location.hash);
    syncControls();
    if (urlNotes.length) status(`The address asked for settings this page does not offer: ${urlNotes.join("; ")}.`);
    send({ type: "config", config: serverConfig() });
  });
}

// Under the plot: the −1..1 colour bar, or one swatch per class for multiclass problems.
function drawColourScale() {
  const scale = $("colour-scale");
  if (config.problem === "multiclass") {
    scale.innerHTML = [...Array(config.classes).keys()].map((k) =>
      `<span><span class="swatch" style="background:${draw.css(draw.CLASS_COLOURS[k])}"></span>class ${k}</span>`).join(" ");
    return;
  }
  scale.innerHTML = '<span>−1</span><canvas class="bar-gradient" width="180" height="10"></canvas><span>1</span>';
  const g = scale.querySelector("canvas").getContext("2d");
  for (let i = 0; i < 180; i++) { g.fillStyle = draw.css(draw.diverging((i / 179) * 2 - 1)); g.fillRect(i, 0, 1, 10); }
}

wire();
setProjector(projector);
setRunning(false);
syncControls();
connect();
