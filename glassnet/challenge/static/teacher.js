"use strict";
// The teacher page: join codes, teams, every submission, the reveal and the grading export.
const $ = (id) => document.getElementById(id);
const secret = () => sessionStorage.getItem("glassnet-challenge-teacher");

function showCodes(codes) {
  const body = $("codes").querySelector("tbody");
  for (const c of codes) body.appendChild(gn.row([[c.label || "—"], [c.code, "code"]]));
}

async function load() {
  let data;
  try { data = await gn.api("/api/teacher/overview", { token: secret() }); }
  catch (error) { gn.show("login-message", error.message, false); return; }
  for (const id of ["codes-section", "actions-section", "teams-section", "submissions-section"]) $(id).hidden = false;
  $("login-section").hidden = true;
  const info = await gn.api("/api/challenge");
  $("title").textContent = info.title + " · teacher";
  $("summary").textContent = `${data.teams.length} teams, ${data.students.length} students, ${data.submissions.length} submissions` +
    (data.revealed ? " · private leaderboard revealed" : "");
  const students = $("students").querySelector("tbody");
  students.replaceChildren();
  for (const s of data.students) {
    const tr = gn.row([[s.name], [s.team || "—"]]);
    const cell = document.createElement("td");
    const choice = document.createElement("select");
    choice.appendChild(new Option("(no team)", ""));
    for (const t of data.teams) choice.appendChild(new Option(`${t.name} (${t.members})`, String(t.id), false, t.name === s.team));
    choice.addEventListener("change", async () => {
      try { await gn.api("/api/teacher/move", { method: "POST", token: secret(), json: { user_id: s.id, team_id: choice.value ? Number(choice.value) : null } }); }
      catch (error) { gn.show("action-message", error.message, false); }
      load();
    });
    cell.appendChild(choice);
    tr.appendChild(cell);
    students.appendChild(tr);
  }
  const rows = $("submissions").querySelector("tbody");
  rows.replaceChildren();
  for (const s of data.submissions) {
    rows.appendChild(gn.row([[s.id], [s.team], [gn.when(s.submitted_at)], [Number(s.public_score).toFixed(info.decimals), "num"],
      ["private_score" in s ? Number(s.private_score).toFixed(info.decimals) : "hidden", "num"], [s.selected ? "yes" : ""]]));
  }
}

window.addEventListener("DOMContentLoaded", () => {
  $("login").addEventListener("click", () => { sessionStorage.setItem("glassnet-challenge-teacher", $("teacher-token").value.trim()); load(); });
  $("make-codes").addEventListener("click", async () => {
    try { showCodes((await gn.api("/api/teacher/codes", { method: "POST", token: secret(), json: { count: Number($("code-count").value) } })).codes); }
    catch (error) { gn.show("action-message", error.message, false); }
  });
  $("roster").addEventListener("change", async () => {
    const file = $("roster").files[0];
    try { showCodes((await gn.api("/api/teacher/roster", { method: "POST", token: secret(), body: file })).codes); }
    catch (error) { gn.show("action-message", error.message, false); }
  });
  $("reveal").addEventListener("click", async () => {
    try { await gn.api("/api/teacher/reveal", { method: "POST", token: secret() }); gn.show("action-message", "Private leaderboard revealed.", true); }
    catch (error) { gn.show("action-message", error.message, false); }
    load();
  });
  $("export").addEventListener("click", async () => {
    try {
      const text = await gn.api("/api/teacher/export.csv", { token: secret() });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
      link.download = "grades.csv";
      link.click();
    } catch (error) { gn.show("action-message", error.message, false); }
  });
  if (secret()) load();
});
