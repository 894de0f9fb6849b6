"use strict";
// The student page: join, form a team, submit, watch the quota and the leaderboard.
let info = null;
let me = null;
let board = "public";
const token = () => localStorage.getItem("glassnet-challenge-token");
const $ = (id) => document.getElementById(id);
const fixed = (x) => (x === null || x === undefined ? "—" : Number(x).toFixed(info.decimals));

async function loadInfo() {
  info = await gn.api("/api/challenge");
  document.title = info.title + " · glassnet challenge";
  $("title").textContent = info.title;
  const direction = info.greater_is_better ? "higher is better" : "lower is better";
  $("summary").textContent = `Metric: ${info.metric} (${direction}) · closes ${gn.when(info.closes_at)} · ` +
    `${info.daily_limit} submissions a day per team, reset at midnight ${info.timezone} · teams of at most ${info.team_size_limit}` +
    (info.open ? "" : " · closed");
  $("format").textContent = `A CSV file with the header ${info.id_column},${info.target_column} and one row for each of the ${info.test_rows} test ids.`;
  $("split").textContent = `The public leaderboard scores ${Math.round(info.public_fraction * 100)} % of the test set; ` +
    `the rest decides the private leaderboard, shown after the deadline. Each team selects up to ${info.n_final} final submissions (default: its best public ones).`;
  $("tab-private").hidden = !info.revealed;
}

async function loadMe() {
  const known = token();
  $("join-section").hidden = !!known;
  if (!known) { for (const id of ["team-section", "submit-section", "mine-section"]) $(id).hidden = true; return; }
  try {
    me = await gn.api("/api/me", { token: known });
  } catch (error) {
    localStorage.removeItem("glassnet-challenge-token");
    $("join-section").hidden = false;
    gn.show("join-message", error.message, false);
    return;
  }
  $("team-section").hidden = false;
  $("no-team").hidden = !!me.team;
  $("team-info").hidden = !me.team;
  if (me.team) {
    const code = localStorage.getItem("glassnet-challenge-team-code");
    $("team-info").textContent = `${me.name}, you are in team ${me.team} (${me.team_members.join(", ")})` +
      (code ? ` · team code for your mates: ${code}` : "");
  }
  $("submit-section").hidden = !me.team;
  $("mine-section").hidden = !me.team;
  const q = me.quota;
  $("quota").replaceChildren(gn.el("strong", `${q.remaining} of ${q.limit}`),
    document.createTextNode(` submissions left today (${q.day}, ${q.timezone}); the count resets at ${gn.when(q.resets_at)}.`));
  $("quota").dataset.remaining = q.remaining;
  const body = $("mine").querySelector("tbody");
  body.replaceChildren();
  const revealed = me.submissions.some((s) => "private_score" in s);
  $("private-head").hidden = !revealed;
  for (const s of me.submissions) {
    const cells = [[s.id], [gn.when(s.submitted_at)], [fixed(s.public_score), "num"]];
    if (revealed) cells.push([fixed(s.private_score), "num"]);
    const tr = gn.row(cells);
    const cell = document.createElement("td");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = s.selected;
    box.disabled = !info.open;
    box.setAttribute("aria-label", "final submission " + s.id);
    box.addEventListener("change", () => select(s.id, box.checked));
    cell.appendChild(box);
    tr.appendChild(cell);
    body.appendChild(tr);
  }
  $("final-note").textContent = me.submissions.some((s) => s.selected)
    ? "Your selected submissions decide your private score."
    : `None selected: your ${info.n_final} best public submissions count for the private leaderboard.`;
}

async function loadBoard() {
  let data;
  try { data = await gn.api("/api/leaderboard?board=" + board); } catch (error) { $("board-note").textContent = error.message; return; }
  const body = $("leaderboard").querySelector("tbody");
  body.replaceChildren();
  for (const r of data.rows) {
    const tr = gn.row([[r.rank], [r.team], [fixed(r.score), "num"], [r.entries, "num"], [gn.when(r.submitted_at)]]);
    if (me && r.team === me.team) tr.className = "mine";
    body.appendChild(tr);
  }
  $("board-note").textContent = `${data.board === "public" ? "Public" : "Private"} leaderboard: each team's best ` +
    `${data.board === "public" ? "submission" : "final submission"}, rounded to ${data.decimals} decimals; ties go to the earlier submission.`;
}

async function select(id, selected) {
  try { await gn.api(`/api/submissions/${id}/select`, { method: "POST", token: token(), json: { selected } }); }
  catch (error) { gn.show("submit-message", error.message, false); }
  await refresh();
}

async function refresh() { await loadMe(); await loadBoard(); }

function wire() {
  $("join").addEventListener("click", async () => {
    try {
      const answer = await gn.api("/api/join", { method: "POST", json: { code: $("join-code").value, name: $("join-name").value } });
      localStorage.setItem("glassnet-challenge-token", answer.token);
      gn.show("join-message", `Welcome ${answer.name}. Your token (for glassnet.challenge.submit): ${answer.token}`, true);
      await refresh();
    } catch (error) { gn.show("join-message", error.message, false); }
  });
  $("create-team").addEventListener("click", async () => {
    try {
      const answer = await gn.api("/api/teams", { method: "POST", token: token(), json: { name: $("team-name").value } });
      localStorage.setItem("glassnet-challenge-team-code", answer.team_code);
      gn.show("team-message", `Team ${answer.team} created. Give your mates its code: ${answer.team_code}`, true);
      await refresh();
    } catch (error) { gn.show("team-message", error.message, false); }
  });
  $("join-team").addEventListener("click", async () => {
    try {
      const answer = await gn.api("/api/teams/join", { method: "POST", token: token(), json: { code: $("team-code").value } });
      gn.show("team-message", `You joined team ${answer.team}.`, true);
      await refresh();
    } catch (error) { gn.show("team-message", error.message, false); }
  });
  $("submit").addEventListener("click", async () => {
    const file = $("file").files[0];
    if (!file) { gn.show("submit-message", "Choose a CSV file first.", false); return; }
    if (file.size > info.max_upload_bytes) { gn.show("submit-message", `The file is too large: at most ${info.max_upload_bytes} bytes.`, false); return; }
    try {
      const answer = await gn.api("/api/submissions", { method: "POST", token: token(), body: file });
      gn.show("submit-message", `Submission ${answer.id}: public score ${fixed(answer.public_score)}.`, true);
    } catch (error) { gn.show("submit-message", error.message, false); }
    await refresh();
  });
  for (const name of ["public", "private"]) {
    $("tab-" + name).addEventListener("click", () => {
      board = name;
      $("tab-public").setAttribute("aria-pressed", String(name === "public"));
      $("tab-private").setAttribute("aria-pressed", String(name === "private"));
      loadBoard();
    });
  }
}

window.addEventListener("DOMContentLoaded", async () => {
  wire();
  await loadInfo();
  await refresh();
  document.body.dataset.ready = "true";
  setInterval(loadBoard, 30000);
});
