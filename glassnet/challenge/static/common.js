"use strict";
// Helpers shared by the student and teacher pages. Every text from the server goes in through
// textContent, never innerHTML: team and student names are typed by people.
const gn = {
  async api(path, { method = "GET", token = null, json = undefined, body = undefined } = {}) {
    const headers = {};
    if (token) headers.Authorization = "Bearer " + token;
    if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
    const response = await fetch(path, { method, headers, body });
    const type = response.headers.get("content-type") || "";
    const data = type.includes("json") ? await response.json() : await response.text();
    if (!response.ok) throw new Error((data && data.error) || ("HTTP " + response.status));
    return data;
  },
  el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  },
  row(cells) {
    const tr = document.createElement("tr");
    for (const [text, className] of cells) tr.appendChild(gn.el("td", text, className));
    return tr;
  },
  show(id, text, ok) {
    const box = document.getElementById(id);
    box.hidden = false;
    box.textContent = text;
    box.className = "message " + (ok ? "ok" : "error");
  },
  when(iso) {
    return iso.replace("T", " ").slice(0, 19) + " (UTC" + iso.slice(23) + ")";
  },
};
