// The network picture: feature nodes, hidden layers of neurons (each a small heat map),
// output nodes, and the weighted connections between them (an SVG behind the nodes).

import { FEATURES, DROPOUT_RATES, MAX_LAYERS, MAX_NEURONS } from "./config.js";
import { classChannel, css, diverging, heatmap } from "./draw.js";

const SVG = "http://www.w3.org/2000/svg";
const FEATURE_GRID = 25;

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v; else if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function nodeBox(withBias) {
  const canvas = el("canvas", { width: 42, height: 42 });
  const box = el("div", { class: "node" }, [canvas]);
  if (withBias) box.append(el("div", { class: "bias", title: "" }));
  return box;
}

export class NetworkView {
  // callbacks: onChange(config patch), onEditWeight(layer, source, target, value), onEditBias(layer, neuron, value), edit(label, value, x, y, apply)
  constructor(root, callbacks) {
    this.root = root;
    this.callbacks = callbacks;
    this.svg = root.querySelector("#links");
    this.featureColumn = root.querySelector("#features");
    this.hiddenColumn = root.querySelector("#hidden-layers");
    this.outputColumn = root.querySelector("#output-nodes");
    this.tooltip = document.getElementById("tooltip");
    this.columns = [];   // columns[0] = active inputs, then hidden layers, then output: arrays of node boxes
    this.links = [];     // {layer, source, target, path}
    this.weights = null;
    this.biases = null;
    this.shape = "";
  }

  build(config) {
    const shape = JSON.stringify([config.features, config.hidden, config.dropout, config.problem, config.classes]);
    if (shape === this.shape) return;
    this.shape = shape;
    this.config = config;
    this.featureColumn.replaceChildren();
    this.hiddenColumn.replaceChildren();
    this.outputColumn.replaceChildren();
    const inputs = [];
    for (const [key, label, f] of FEATURES) {
      const on = config.features.includes(key);
      const box = nodeBox(false);
      const row = el("div", { class: "feature" + (on ? " on" : ""), "data-feature": key, title: `${label}: click to ${on ? "remove" : "use"} it` },
        [box, el("span", { class: "name", text: label })]);
      row.addEventListener("mouseenter", () => this.callbacks.onHoverFeature?.(key, label, f));
      row.addEventListener("mouseleave", () => this.callbacks.onHoverFeature?.(null));
      row.addEventListener("click", () => {
        const set = new Set(config.features);
        if (set.has(key)) set.delete(key); else set.add(key);
        if (set.size === 0) return;
        this.callbacks.onChange({ features: FEATURES.map((x) => x[0]).filter((k) => set.has(k)) });
      });
      this.featureColumn.append(row);
      const values = new Float32Array(FEATURE_GRID * FEATURE_GRID);
      let top = 1e-9;
      for (let i = 0; i < values.length; i++) {
        const r = Math.floor(i / FEATURE_GRID), c = i % FEATURE_GRID;
        const x1 = -6 + (12 * c) / (FEATURE_GRID - 1), x2 = 6 - (12 * r) / (FEATURE_GRID - 1);
        values[i] = f(x1, x2); top = Math.max(top, Math.abs(values[i]));
      }
      heatmap(box.querySelector("canvas"), values.map((v) => v / top), FEATURE_GRID);
      if (on) inputs.push(box);
    }
    this.columns = [inputs];
    config.hidden.forEach((units, layer) => {
      const plus = el("button", { class: "round small", title: "Add a neuron", "aria-label": `Add a neuron to layer ${layer + 1}`, text: "+" });
      const minus = el("button", { class: "round small", title: "Remove a neuron", "aria-label": `Remove a neuron from layer ${layer + 1}`, text: "\u2212" });
      plus.addEventListener("click", () => this.resize(layer, +1));
      minus.addEventListener("click", () => this.resize(layer, -1));
      const dropout = el("select", { "aria-label": `Dropout of layer ${layer + 1}`, title: "Dropout rate of this layer" });
      for (const rate of DROPOUT_RATES) dropout.append(el("option", { value: rate, text: rate ? `dropout ${rate}` : "no dropout" }));
      dropout.value = String(config.dropout[layer] ?? 0);
      dropout.addEventListener("change", () => {
        const rates = config.hidden.map((_, i) => config.dropout[i] ?? 0);
        rates[layer] = Number(dropout.value);
        this.callbacks.onChange({ dropout: rates });
      });
      const head = el("div", { class: "layer-head" }, [
        el("div", { class: "buttons" }, [plus, minus]),
        el("span", { text: `${units} neuron${units > 1 ? "s" : ""}` }), dropout]);
      const boxes = Array.from({ length: units }, () => nodeBox(true));
      this.hiddenColumn.append(el("div", { class: "layer", "data-layer": layer }, [head, ...boxes]));
      this.columns.push(boxes);
    });
    const outputs = config.problem === "multiclass" ? config.classes : 1;
    const outBoxes = [];
    for (let k = 0; k < outputs; k++) {
      const box = nodeBox(true);
      const name = config.problem === "multiclass" ? `class ${k}` : "output";
      this.outputColumn.append(el("div", {}, [box, el("div", { class: "name", text: name })]));
      outBoxes.push(box);
    }
    this.columns.push(outBoxes);
    this.columns.forEach((boxes, c) => boxes.forEach((box, j) => {
      if (c > 0 && c < this.columns.length - 1) {
        box.title = `Neuron ${j + 1} of hidden layer ${c}: hover to see it in the big plot`;
        box.addEventListener("mouseenter", () => this.callbacks.onHoverNeuron?.(c - 1, j));
        box.addEventListener("mouseleave", () => this.callbacks.onHoverNeuron?.(null));
      }
      const bias = box.querySelector(".bias");
      if (!bias) return;
      const layer = c - 1;
      bias.addEventListener("mouseenter", (e) => this.showTip(e, `Bias ${this.biasValue(layer, j)} (click to edit)`));
      bias.addEventListener("mouseleave", () => this.hideTip());
      bias.addEventListener("click", (e) => {
        this.hideTip();
        this.callbacks.edit(`Bias of neuron ${j + 1}, layer ${layer + 1}`, this.biasValue(layer, j), e.clientX, e.clientY,
          (value) => this.callbacks.onEditBias(layer, j, value));
      });
    }));
    requestAnimationFrame(() => this.layoutLinks());
  }

  resize(layer, delta) {
    const hidden = [...this.config.hidden];
    hidden[layer] = Math.max(1, Math.min(MAX_NEURONS, hidden[layer] + delta));
    this.callbacks.onChange({ hidden });
  }

  biasValue(layer, j) {
    const b = this.biases?.[layer]?.[j];
    return b == null ? "?" : Number(b).toFixed(3);
  }

  weightValue(layer, s, t) {
    const w = this.weights?.[layer]?.[s]?.[t];
    return w == null ? null : Number(w);
  }

  showTip(event, text) {
    this.tooltip.textContent = text;
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${event.clientX + 12}px`;
    this.tooltip.style.top = `${event.clientY + 12}px`;
  }

  hideTip() { this.tooltip.hidden = true; }

  layoutLinks() {
    const origin = this.root.getBoundingClientRect();
    this.svg.replaceChildren();
    this.links = [];
    const anchor = (box, side) => {
      const r = box.getBoundingClientRect();
      return [side === "out" ? r.right - origin.left : r.left - origin.left, r.top + r.height / 2 - origin.top];
    };
    for (let c = 0; c + 1 < this.columns.length; c++) {
      this.columns[c].forEach((src, s) => this.columns[c + 1].forEach((dst, t) => {
        const [x1, y1] = anchor(src, "out"), [x2, y2] = anchor(dst, "in");
        const mid = (x1 + x2) / 2;
        const d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
        const path = document.createElementNS(SVG, "path");
        path.setAttribute("d", d);
        const hit = document.createElementNS(SVG, "path");
        hit.setAttribute("d", d);
        hit.setAttribute("class", "hit");
        hit.dataset.layer = c; hit.dataset.source = s; hit.dataset.target = t;
        const describe = () => {
          const w = this.weightValue(c, s, t);
          return `Weight ${w == null ? "?" : w.toFixed(3)} (layer ${c + 1}, ${s + 1} \u2192 ${t + 1}); click to edit`;
        };
        hit.addEventListener("mouseenter", (e) => this.showTip(e, describe()));
        hit.addEventListener("mousemove", (e) => this.showTip(e, describe()));
        hit.addEventListener("mouseleave", () => this.hideTip());
        hit.addEventListener("click", (e) => {
          this.hideTip();
          const w = this.weightValue(c, s, t);
          this.callbacks.edit(`Weight ${s + 1} \u2192 ${t + 1} of layer ${c + 1}`, w == null ? 0 : w.toFixed(4), e.clientX, e.clientY,
            (value) => this.callbacks.onEditWeight(c, s, t, value));
        });
        this.svg.append(path, hit);
        this.links.push({ layer: c, source: s, target: t, path });
      }));
    }
    this.paintLinks();
  }

  paintLinks() {
    for (const link of this.links) {
      const w = this.weightValue(link.layer, link.source, link.target) ?? 0;
      // small weights keep a visible tint of their sign; the width tells the size
      link.path.setAttribute("stroke", css(diverging(w === 0 ? 0 : Math.sign(w) * Math.min(1, 0.3 + Math.abs(w)))));
      link.path.setAttribute("stroke-width", String(Math.min(10, 1 + Math.abs(w) * 1.8)));
      link.path.setAttribute("stroke-opacity", "0.85");
    }
  }

  // progress: {weights, biases, neurons: [[b64...]...], output: [b64...]}; decode = (b64, lo, hi) → values
  update(progress, decode, outputValues) {
    this.weights = progress.weights;
    this.biases = progress.biases;
    const size = Math.round(Math.sqrt(atob(progress.neurons[0]?.[0] ?? "AAAA").length)) || 1;
    progress.neurons.forEach((layer, i) => layer.forEach((b64, j) => {
      const box = this.columns[i + 1]?.[j];
      if (box) heatmap(box.querySelector("canvas"), decode(b64, -1, 1), size);
    }));
    const outBoxes = this.columns[this.columns.length - 1];
    if (outputValues.kind === "multiclass") {
      outputValues.channels.forEach((values, k) => {
        if (outBoxes[k]) classChannel(outBoxes[k].querySelector("canvas"), values, outputValues.size, k);
      });
    } else if (outBoxes[0]) {
      heatmap(outBoxes[0].querySelector("canvas"), outputValues.channels[0], outputValues.size);
    }
    this.columns.forEach((boxes, c) => boxes.forEach((box, j) => {
      const bias = box.querySelector(".bias");
      const b = this.biases?.[c - 1]?.[j];
      if (bias && b != null) bias.style.background = css(diverging(b));
    }));
    this.paintLinks();
  }
}

export { MAX_LAYERS };
