// Entente dashboard: hash-routed pages over the JSON API. State lives in the
// URL hash (#/page?key=value...), so every view is a shareable link.
"use strict";

const main = document.getElementById("main");
const statusEl = document.getElementById("store-status");

function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, "");
    else e.setAttribute(k, v);
  }
  for (const k of kids.flat(Infinity)) if (k !== null && k !== undefined && k !== false) e.append(k);
  return e;
}

// api fetches JSON; a non-2xx answer throws an Error carrying the server's
// message (the API always answers errors as {"error": ..., "param": ...}).
async function api(path, body) {
  const init = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const r = await fetch(path, init);
  let j = null;
  try { j = await r.json(); } catch (e) { /* not JSON */ }
  if (!r.ok) {
    const err = new Error((j && j.error) || `${r.status} ${r.statusText}`);
    err.status = r.status; err.param = j && j.param;
    throw err;
  }
  return j;
}

function showError(where, err) {
  const msg = err.status === 503 ? `${err.message} (retrying when the store is free)` : err.message;
  where.replaceChildren(h("div", { class: "error", role: "alert" }, msg));
}

// --- routing -------------------------------------------------------------

function route() {
  const hash = location.hash.replace(/^#\/?/, "") || "relationship";
  const [page, qs] = hash.split("?");
  return { page, q: new URLSearchParams(qs || "") };
}

function setRoute(page, q, replace) {
  const s = q.toString();
  const url = `#/${page}${s ? "?" + s : ""}`;
  if (replace) history.replaceState(null, "", url); else if (location.hash !== url) history.pushState(null, "", url);
}

const pages = { relationship: relationshipPage, triangle: trianglePage, scenario: scenarioPage, chronology: chronologyPage };
let renderSeq = 0;

async function render() {
  const { page, q } = route();
  const fn = pages[page] || relationshipPage;
  for (const a of document.querySelectorAll("nav a[data-page]")) {
    if (a.dataset.page === page) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  const seq = ++renderSeq;
  document.title = `Entente — ${page}`;
  try { await fn(q, () => seq === renderSeq); } catch (err) { if (seq === renderSeq) showError(main, err); }
}

window.addEventListener("popstate", render);
window.addEventListener("hashchange", render);

// --- store status: poll /api/stats; re-render when the store changes -----

let lastStats = null;
async function pollStats() {
  try {
    const s = await api("api/stats");
    const total = s.datasets.reduce((a, d) => a + d.events, 0);
    const key = JSON.stringify([s.files, s.datasets]);
    statusEl.classList.remove("busy");
    statusEl.textContent = `Store: ${total.toLocaleString("en")} events — ${s.datasets.map((d) => `${d.dataset} ${d.events.toLocaleString("en")} (${d.first || "?"} to ${d.last || "?"})`).join(", ") || "no data sets"}; ${s.files} file${s.files === 1 ? "" : "s"}`;
    statusEl.dataset.events = total;
    if (lastStats !== null && key !== lastStats) {
      statusEl.textContent += " — new data, view updated";
      const { page } = route();
      if (page !== "scenario") render();
    }
    lastStats = key;
  } catch (err) {
    statusEl.classList.toggle("busy", err.status === 503);
    statusEl.textContent = err.status === 503 ? "Store busy: an ingest is writing; the view refreshes when it finishes." : `Store: ${err.message}`;
  }
}

// --- shared form helpers ------------------------------------------------

const PERIODS = ["day", "week", "month", "quarter", "year"];

function field(label, input) { return h("label", {}, label, input); }
function actorInput(name, value) {
  return h("input", { type: "text", name, value, list: "actors", required: true, autocomplete: "off", spellcheck: "false", "aria-describedby": "actor-help" });
}
function periodSelect(value) {
  return h("select", { name: "by" }, PERIODS.map((p) => h("option", { value: p, selected: p === value }, p)));
}
function actorList() {
  const codes = [["RUS", "Russia"], ["CHN", "China"], ["USA", "United States"], ["UKR", "Ukraine"], ["IND", "India"], ["JPN", "Japan"], ["KOR", "South Korea"], ["PRK", "North Korea"], ["IRN", "Iran"], ["TUR", "Turkey"], ["DEU", "Germany"], ["FRA", "France"], ["GBR", "United Kingdom"], ["KAZ", "Kazakhstan"], ["NATO", "group"], ["EU", "group"], ["G7", "group"], ["BRICS", "group"], ["SCO", "group"]];
  return h("datalist", { id: "actors" }, codes.map(([c, n]) => h("option", { value: c }, n)));
}
function formValues(form) {
  const q = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (String(v).trim() !== "") q.set(k, String(v).trim());
  for (const k of ["a", "b", "c"]) if (q.has(k)) q.set(k, q.get(k).toUpperCase());
  return q;
}

// periodRange turns a period label (2012-11-05, 2012-W45, 2012-11, 2012-Q4,
// 2012) into its first and last day, as relations.PeriodLabel names them.
function periodRange(label) {
  const iso = (d) => d.toISOString().slice(0, 10);
  const day = (y, m, d) => new Date(Date.UTC(y, m, d));
  let m;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label))) return [label, label];
  if ((m = /^(\d{4})-W(\d{2})$/.exec(label))) {
    const y = +m[1], w = +m[2], jan4 = day(y, 0, 4), dow = (jan4.getUTCDay() + 6) % 7;
    const mon = day(y, 0, 4 - dow + (w - 1) * 7);
    return [iso(mon), iso(new Date(mon.getTime() + 6 * 864e5))];
  }
  if ((m = /^(\d{4})-Q(\d)$/.exec(label))) { const y = +m[1], q = +m[2]; return [iso(day(y, (q - 1) * 3, 1)), iso(day(y, q * 3, 0))]; }
  if ((m = /^(\d{4})-(\d{2})$/.exec(label))) { const y = +m[1], mo = +m[2]; return [iso(day(y, mo - 1, 1)), iso(day(y, mo, 0))]; }
  if ((m = /^(\d{4})$/.exec(label))) return [`${m[1]}-01-01`, `${m[1]}-12-31`];
  return [null, null];
}

function legend(items) {
  return h("div", { class: "legend" }, items.map((it) => { const s = h("span", { class: it.dash ? "dash" : "" }, it.label); s.style.setProperty("--c", it.color); return s; }));
}

// --- Relationship page ---------------------------------------------------

async function relationshipPage(q, current) {
  const a = q.get("a") || "RUS", b = q.get("b") || "CHN", by = q.get("by") || "month";
  const form = h("form", { class: "controls", "aria-label": "Dyad query" },
    field("Actor A", actorInput("a", a)), field("Actor B", actorInput("b", b)), field("Period", periodSelect(by)),
    field("From", h("input", { type: "date", name: "from", value: q.get("from") || "" })),
    field("To", h("input", { type: "date", name: "to", value: q.get("to") || "" })),
    h("button", { type: "submit" }, "Show"), actorList());
  form.addEventListener("submit", (e) => { e.preventDefault(); setRoute("relationship", formValues(form)); render(); });
  const out = h("div", { "aria-live": "polite" }, h("p", { class: "note" }, "Loading…"));
  main.replaceChildren(h("h2", {}, `Relationship: ${a} – ${b}`), form,
    h("p", { id: "actor-help", class: "note" }, "Actors are CAMEO country codes (RUS, CHN, USA…) or groups (NATO, EU, G7, BRICS, SCO). Click a period in the chart, or pick it below, to list its events."), out);
  const base = new URLSearchParams({ a, b, by });
  for (const k of ["from", "to"]) if (q.get(k)) base.set(k, q.get(k));
  let series, changes;
  try {
    [series, changes] = await Promise.all([api(`api/dyad?${base}&index=1`), api(`api/changes?${base}`)]);
  } catch (err) { if (current()) showError(out, err); return; }
  if (!current()) return;
  const rows = series.rows;
  if (rows.length === 0) { out.replaceChildren(h("p", {}, `No events between ${a} and ${b} in the store.`)); return; }
  const chartBox = h("div");
  const periodSel = h("select", { id: "period", "aria-label": "Period to list events for" }, h("option", { value: "" }, "— choose a period —"),
    rows.map((r, i) => h("option", { value: i }, `${r.period} (${r.events} events)`)));
  const eventsBox = h("div", { id: "events", "aria-live": "polite" });
  const pick = async (i) => {
    periodSel.value = String(i);
    drawChart(i);
    const r = rows[i], [from, to] = periodRange(r.period);
    eventsBox.replaceChildren(h("p", { class: "note" }, `Loading the events of ${r.period}…`));
    try {
      const evs = await api(`api/events?${new URLSearchParams({ a, b, from, to, limit: 200 })}`);
      eventsBox.replaceChildren(eventsTable(evs, `${r.period}: ${r.events} events, index ${(+r.index).toFixed(2)} [${(+r.index_lo).toFixed(2)}, ${(+r.index_hi).toFixed(2)}]`));
    } catch (err) { showError(eventsBox, err); }
  };
  const drawChart = (sel) => chartBox.replaceChildren(seriesChart({ width: chartWidth(main, 1100), rows, breaks: changes, onPick: pick, selected: sel, title: `Relationship index and events, ${a}–${b}, by ${by}` }));
  periodSel.addEventListener("change", () => { if (periodSel.value !== "") pick(+periodSel.value); });
  drawChart(-1);
  const line = series.lines[0] || { mean: 0, sd: 0 };
  out.replaceChildren(
    legend([{ label: "index", color: OI.blue }, ...QUAD.map((x) => ({ label: x.label, color: x.color })), { label: "changepoint (PELT)", color: OI.vermillion, dash: true }]),
    chartBox,
    h("p", { class: "note" }, `Long-run mean Goldstein ${line.mean.toFixed(2)} (SD ${line.sd.toFixed(2)}); ${changes.length} changepoint${changes.length === 1 ? "" : "s"}: ${changes.map((c) => `${c.period} ${c.before.toFixed(2)} → ${c.after.toFixed(2)}`).join("; ") || "none"}.`),
    h("div", { class: "field" }, h("label", { for: "period" }, "Events of period"), periodSel),
    eventsBox);
}

function eventsTable(evs, caption) {
  if (evs.length === 0) return h("p", {}, `${caption}: no events stored for this period.`);
  return h("div", {}, h("h3", {}, caption), h("div", { class: "tablewrap" }, h("table", {},
    h("thead", {}, h("tr", {}, h("th", {}, "date"), h("th", {}, "source → target"), h("th", {}, "CAMEO"), h("th", { class: "num" }, "Goldstein"), h("th", { class: "num hide-narrow" }, "tone"), h("th", { class: "num hide-narrow" }, "mentions"), h("th", {}, "source"))),
    h("tbody", {}, evs.map((e) => h("tr", { class: `quad${e.quad}` },
      h("td", {}, e.date), h("td", {}, `${e.source} → ${e.target}`), h("td", {}, `${e.code} ${e.description}`),
      h("td", { class: "num" }, e.goldstein === null ? "" : String(e.goldstein)),
      h("td", { class: "num hide-narrow" }, e.tone === null ? "" : (+e.tone).toFixed(2)),
      h("td", { class: "num hide-narrow" }, String(e.mentions)),
      h("td", { class: "url" }, e.url ? h("a", { href: e.url, rel: "noopener noreferrer", target: "_blank" }, shortURL(e.url)) : `${e.dataset} ${e.file}:${e.line}`)))))),
    evs.length >= 200 ? h("p", { class: "note" }, "Showing the first 200 events; use the API's limit parameter for more.") : null);
}

function shortURL(u) {
  try { const x = new URL(u); return x.hostname + (x.pathname.length > 30 ? x.pathname.slice(0, 28) + "…" : x.pathname); } catch (e) { return u; }
}

// --- Triangle page -------------------------------------------------------

const CFG_COLORS = { "menage-a-trois": OI.green, "unit-veto": OI.black, indeterminate: OI.grey };
const PIVOT_COLORS = [OI.blue, OI.sky, OI.purple], OUTCAST_COLORS = [OI.orange, OI.yellow, OI.vermillion];

function configOf(r, players) {
  if (r.config === "romantic") return { label: `romantic, pivot ${r.pivot}`, color: PIVOT_COLORS[players.indexOf(r.pivot)] || OI.blue };
  if (r.config === "stable-marriage") return { label: `stable marriage, outcast ${r.outcast}`, color: OUTCAST_COLORS[players.indexOf(r.outcast)] || OI.orange };
  return { label: r.config.replace(/-/g, " "), color: CFG_COLORS[r.config] || OI.grey };
}

async function trianglePage(q, current) {
  const a = q.get("a") || "USA", b = q.get("b") || "RUS", c = q.get("c") || "CHN", by = q.get("by") || "year";
  const form = h("form", { class: "controls", "aria-label": "Triangle query" },
    field("Actor A", actorInput("a", a)), field("Actor B", actorInput("b", b)), field("Actor C", actorInput("c", c)), field("Period", periodSelect(by)),
    field("From", h("input", { type: "date", name: "from", value: q.get("from") || "" })),
    field("To", h("input", { type: "date", name: "to", value: q.get("to") || "" })),
    field("Neutral band ±", h("input", { type: "number", name: "band", min: 0.05, max: 10, step: 0.05, value: q.get("band") || "0.5", style: null })),
    field("Min events", h("input", { type: "number", name: "min_events", min: 1, max: 100000, step: 1, value: q.get("min_events") || "5" })),
    h("button", { type: "submit" }, "Show"), actorList());
  form.addEventListener("submit", (e) => { e.preventDefault(); setRoute("triangle", formValues(form)); render(); });
  const out = h("div", { "aria-live": "polite" }, h("p", { class: "note" }, "Loading…"));
  main.replaceChildren(h("h2", {}, `Strategic triangle: ${a} – ${b} – ${c}`), form,
    h("p", { id: "actor-help", class: "note" }, "Each dyad is in amity above +band, enmity below −band, neutral between, thin with too few events (Dittmer 1981). The strip below the chart names each period's configuration."), out);
  const p = new URLSearchParams({ a, b, c, by });
  for (const k of ["from", "to", "band", "min_events"]) if (q.get(k)) p.set(k, q.get(k));
  let ts;
  try { ts = await api(`api/triangle?${p}`); } catch (err) { if (current()) showError(out, err); return; }
  if (!current()) return;
  if (ts.rows.length === 0) { out.replaceChildren(h("p", {}, "No events among these three in the store.")); return; }
  const cols = [OI.blue, OI.vermillion, OI.green], labels = ts.rows.map((r) => r.period);
  const cfgs = ts.rows.map((r) => configOf(r, ts.players));
  const chart = lineChart({ width: chartWidth(main, 1100), labels, band: [-ts.band, ts.band], title: `Strategic triangle ${ts.players.join("–")}`, yLabel: "relationship index per dyad (grey: neutral band)",
    lines: ts.dyads.map((d, i) => ({ label: d, color: cols[i], values: ts.rows.map((r) => r.index[i]), dash: i === 1 ? "6 3" : i === 2 ? "2 3" : null })), strip: cfgs });
  const seen = new Map();
  cfgs.forEach((x) => seen.set(x.label, x.color));
  out.replaceChildren(
    legend(ts.dyads.map((d, i) => ({ label: d, color: cols[i], dash: i > 0 }))), chart,
    h("p", { class: "note" }, "Configurations:"), legend([...seen].map(([label, color]) => ({ label, color }))),
    h("p", { class: "note" }, `Signs per dyad, in the order ${ts.dyads.join(", ")}: + amity, - enmity, 0 neutral, ? too few events (fewer than the minimum; lower “Min events” for thin data).`),
    h("h3", {}, "Configuration timeline"),
    h("div", { class: "tablewrap" }, h("table", { id: "triangle-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "period"), ts.dyads.map((d) => h("th", { class: "num" }, d)), h("th", {}, "signs"), h("th", {}, "configuration"), h("th", { class: "num" }, "confidence"))),
      h("tbody", {}, ts.rows.map((r, i) => h("tr", {}, h("td", {}, r.period), r.index.map((v, j) => h("td", { class: "num", title: `${r.events[j]} events` }, v.toFixed(2))), h("td", {}, r.signs),
        h("td", {}, (() => { const s = h("span", { class: "cfg" }, cfgs[i].label); s.style.background = cfgs[i].color; if (cfgs[i].color === OI.yellow || cfgs[i].color === OI.sky) s.style.color = "#000"; return s; })()),
        h("td", { class: "num" }, (r.confidence * 100).toFixed(0) + "%")))))));
}

// --- Scenario page -------------------------------------------------------

let caseCache = null;
async function loadCase() {
  if (!caseCache) {
    const list = await api("api/cases");
    if (list.length === 0) throw new Error("this server has no built-in case");
    caseCache = await api(`api/case/${encodeURIComponent(list[0].name)}`);
  }
  return caseCache;
}

// Scenario state in the URL: do=Node:state,... ev=Node:state:percent,...
// from=YEAR horizon=YEAR.
function parseDo(s) {
  const out = {};
  for (const part of (s || "").split(",")) { const [n, st] = part.split(":"); if (n && st) out[n] = st; }
  return out;
}

function parseEv(s) {
  const out = {};
  for (const part of (s || "").split(",")) {
    const [n, st, pc] = part.split(":");
    const p = Math.min(100, Math.max(50, +pc || 80));
    if (n && st) out[n] = { state: st, percent: p };
  }
  return out;
}

// softVector turns "the data read `state`, and such a reading is right
// `percent`% of the time" into likelihood (virtual) evidence: the read
// state weighs percent, each other state an equal share of the rest.
// 100% is a hard observation.
function softVector(states, state, percent) {
  const c = percent / 100, rest = states.length > 1 ? (1 - c) / (states.length - 1) : 0;
  return states.map((s) => (s === state ? c : rest));
}

function fmtP(p) { return (p * 100).toFixed(1) + "%"; }

async function scenarioPage(q, current) {
  const c = await loadCase();
  if (!current()) return;
  const shocks = c.nodes.filter((n) => n.shock);
  const indicators = c.indicators.map((ind) => ({ ...ind, n: c.nodes.find((x) => x.name === ind.node) })).filter((x) => x.n);
  const set = parseDo(q.get("do"));
  const seen = parseEv(q.get("ev"));
  let from = +(q.get("from") || c.start_year + 1), horizon = +(q.get("horizon") || c.horizon);
  const info = h("div", { id: "node-info", class: "panel", "aria-live": "polite" }, h("p", { class: "note" }, "Choose “why?” beside a shock, or a tornado bar, to see the node's argument and source."));
  const showNode = (name) => {
    const n = c.nodes.find((x) => x.name === name);
    if (!n) return;
    info.replaceChildren(...[h("h3", {}, n.name), h("p", {}, n.why || "(no why given)"), h("p", { class: "note" }, "Source: ", n.source || "(none)"),
      n.table_why ? h("p", { class: "note" }, "Table: ", n.table_why, n.table_source ? ` (${n.table_source})` : "") : null,
      n.parents.length ? h("p", { class: "note" }, "Parents: ", n.parents.join(", ")) : null].filter(Boolean));
  };
  const years = [];
  for (let y = c.start_year; y <= c.horizon; y++) years.push(y);
  const controls = shocks.map((n) => {
    const sel = h("select", { id: `shock-${n.name}`, name: n.name, "aria-describedby": `prior-${n.name}` },
      h("option", { value: "" }, "model prior (not set)"), n.states.map((s) => h("option", { value: s, selected: set[n.name] === s }, `do: ${s.replace(/_/g, " ")}`)));
    sel.addEventListener("change", update);
    return h("div", { class: "shock" }, h("label", { for: `shock-${n.name}` }, n.name, " ", h("button", { type: "button", class: "info", "aria-label": `Why and source of ${n.name}`, onclick: () => showNode(n.name) }, "why?")),
      sel, h("div", { class: "prior", id: `prior-${n.name}` }));
  });
  const evControls = indicators.map((ind) => {
    const n = ind.n, cur = seen[n.name];
    const sel = h("select", { id: `ev-${n.name}`, name: n.name, "aria-describedby": `evnote-${n.name}` },
      h("option", { value: "" }, "not entered"), n.states.map((s) => h("option", { value: s, selected: cur && cur.state === s }, `reads ${s.replace(/_/g, " ")}`)));
    const conf = h("input", { type: "range", id: `conf-${n.name}`, min: 50, max: 100, step: 5, value: cur ? cur.percent : 80, disabled: !cur, "aria-label": `How often a ${n.name} reading is right, percent` });
    const confOut = h("output", { id: `confout-${n.name}`, for: `conf-${n.name}` }, `${conf.value}%`);
    sel.addEventListener("change", () => { conf.disabled = !sel.value; update(); });
    conf.addEventListener("input", () => { confOut.textContent = `${conf.value}%`; });
    conf.addEventListener("change", update);
    return h("div", { class: "shock" }, h("label", { for: `ev-${n.name}` }, ind.label || n.name, " ", h("button", { type: "button", class: "info", "aria-label": `Why and source of ${n.name}`, onclick: () => showNode(n.name) }, "why?")),
      sel, h("div", { class: "conf" }, h("label", { for: `conf-${n.name}` }, "reading right "), conf, " ", confOut),
      h("div", { class: "prior", id: `evnote-${n.name}` }, ind.watch ? `Watch: ${ind.watch}` : ""));
  });
  const fromSel = h("select", { id: "from-year" }, years.map((y) => h("option", { value: y, selected: y === from }, String(y))));
  const horizonSel = h("select", { id: "horizon" }, years.concat([c.horizon + 5, c.horizon + 10]).filter((y) => y > c.start_year).map((y) => h("option", { value: y, selected: y === horizon }, String(y))));
  const preset = h("select", { id: "preset" }, h("option", { value: "" }, "— apply a named scenario —"), c.scenarios.map((s) => h("option", { value: s.name, title: s.why }, s.label)));
  preset.addEventListener("change", () => {
    const s = c.scenarios.find((x) => x.name === preset.value);
    if (!s) return;
    for (const n of shocks) document.getElementById(`shock-${n.name}`).value = "";
    for (const d of s.do || []) { const e = document.getElementById(`shock-${d.node}`); if (e) e.value = d.state; if (d.from) fromSel.value = d.from; }
    update();
  });
  fromSel.addEventListener("change", update);
  horizonSel.addEventListener("change", update);
  const share = h("button", { type: "button", class: "secondary", id: "share" }, "Copy link to this scenario");
  share.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(location.href); share.textContent = "Link copied"; } catch (e) { share.textContent = "Copy the address bar"; }
    setTimeout(() => { share.textContent = "Copy link to this scenario"; }, 2000);
  });
  const holdsEl = h("p", { class: "big", id: "p-holds", "aria-live": "polite" }, "…");
  const outcomeBox = h("div", { id: "outcome" }), curveBox = h("div", { id: "curve" }), tornadoBox = h("div", { id: "tornado" }), errBox = h("div");
  main.replaceChildren(h("h2", {}, c.title),
    h("div", { class: "cols" },
      h("div", {},
        h("div", { class: "panel" }, h("h3", {}, "Shocks"), field("Named scenario", preset), h("p", { class: "note" }, "Each shock follows its prior unless you set it (an intervention, do())."), controls,
          h("div", { class: "shock" }, h("label", { for: "from-year" }, "Shocks set above start in"), fromSel),
          h("div", { class: "shock" }, h("label", { for: "horizon" }, "Durability horizon"), horizonSel), share),
        evControls.length ? h("div", { class: "panel", id: "evidence" }, h("h3", {}, "Evidence from data"),
          h("p", { class: "note" }, "What an indicator reads, entered as soft (likelihood) evidence: the read state weighs as much as how often such a reading is right, the other states share the rest; 100% is a hard observation. Observing changes belief in causes too, unlike a shock."),
          evControls) : null,
        info),
      h("div", {}, errBox,
        h("p", { class: "note" }, `P(the partnership holds: ${c.good.map((g) => g.replace(/_/g, " ")).join(" or ")}) in the static model`),
        holdsEl, h("h3", {}, `Outcome distribution (${c.outcome})`), outcomeBox,
        h("h3", {}, "Durability: P(holds) per year"), legend([{ label: "this scenario", color: OI.blue }, { label: "baseline", color: OI.grey, dash: true }]), curveBox,
        h("h3", {}, "Tornado: what moves P(holds) most"), h("p", { class: "note" }, "Each bar sets one node to its least (vermillion) and most (blue) favourable state. Click or press Enter on a bar for its why and source."), tornadoBox)));
  let baseline = null, seq = 0;
  async function update() {
    const chosen = {};
    for (const n of shocks) { const v = document.getElementById(`shock-${n.name}`).value; if (v) chosen[n.name] = v; }
    from = +fromSel.value; horizon = +horizonSel.value;
    const soft = {}, evParts = [];
    for (const ind of indicators) {
      const st = document.getElementById(`ev-${ind.n.name}`).value;
      if (!st) continue;
      const pc = +document.getElementById(`conf-${ind.n.name}`).value;
      soft[ind.n.name] = softVector(ind.n.states, st, pc);
      evParts.push(`${ind.n.name}:${st}:${pc}`);
    }
    const nq = new URLSearchParams();
    const doStr = Object.entries(chosen).map(([k, v]) => `${k}:${v}`).join(",");
    if (doStr) nq.set("do", doStr);
    if (evParts.length) nq.set("ev", evParts.join(","));
    if (from !== c.start_year + 1) nq.set("from", from);
    if (horizon !== c.horizon) nq.set("horizon", horizon);
    setRoute("scenario", nq, true);
    const body = { case: c.name, horizon, do: Object.entries(chosen).map(([node, state]) => ({ node, state, from })), soft };
    const my = ++seq;
    holdsEl.setAttribute("aria-busy", "true");
    try {
      if (!baseline) baseline = await api("api/scenario", { case: c.name, horizon, tornado: false });
      if (baseline.curve.length && baseline.curve[baseline.curve.length - 1].year !== horizon) baseline = await api("api/scenario", { case: c.name, horizon, tornado: false });
      const res = await api("api/scenario", body);
      if (my !== seq || !current()) return;
      errBox.replaceChildren();
      draw(res);
    } catch (err) { if (my === seq) showError(errBox, err); }
    holdsEl.removeAttribute("aria-busy");
  }
  function draw(res) {
    const d = res.holds - baseline.holds;
    holdsEl.dataset.value = res.holds;
    holdsEl.replaceChildren(fmtP(res.holds), " ", h("small", { class: Math.abs(d) < 5e-4 ? "" : d > 0 ? "delta-up" : "delta-down" }, Math.abs(d) < 5e-4 ? "(baseline)" : `(${d > 0 ? "+" : "−"}${(Math.abs(d) * 100).toFixed(1)} points vs baseline ${fmtP(baseline.holds)})`));
    const goodSet = new Set(c.good);
    outcomeBox.replaceChildren(hbars(res.outcome.states.map((s, i) => ({ label: s.replace(/_/g, " "), value: res.outcome.probs[i], color: goodSet.has(s) ? OI.blue : OI.vermillion })), { title: "Outcome distribution", width: Math.min(chartWidth(outcomeBox, 900), 620) }));
    const yrs = res.curve.map((y) => String(y.year));
    curveBox.replaceChildren(lineChart({ width: chartWidth(curveBox, 900), labels: yrs, yMin: 0, yMax: 1, yFmt: (v) => (v * 100).toFixed(0) + "%", height: 200, title: "P(holds) per year",
      lines: [{ label: "baseline", color: OI.grey, dash: "6 4", values: yrs.map((y) => { const b = baseline.curve.find((x) => String(x.year) === y); return b ? b.p : null; }) },
              { label: "scenario", color: OI.blue, width: 3, values: res.curve.map((y) => y.p) }] }));
    tornadoBox.replaceChildren(res.tornado && res.tornado.length ? tornado(res.tornado, res.holds, showNode, chartWidth(tornadoBox, 900)) : h("p", { class: "note" }, "No free node left to sweep."));
    const byNode = new Map(res.marginals.map((m) => [m.node, m]));
    for (const n of shocks) {
      const m = byNode.get(n.name), el = document.getElementById(`prior-${n.name}`);
      if (m && el) el.textContent = m.states.map((s, i) => `${s.replace(/_/g, " ")} ${fmtP(m.probs[i])}`).join(" · ");
    }
    for (const ind of indicators) {
      const m = byNode.get(ind.n.name), el = document.getElementById(`evnote-${ind.n.name}`);
      if (!m || !el) continue;
      const expect = m.states.map((s, i) => `${s.replace(/_/g, " ")} ${fmtP(m.probs[i])}`).join(" · ");
      el.textContent = (document.getElementById(`ev-${ind.n.name}`).value ? "after the evidence: " : "the model expects: ") + expect + (ind.watch ? ` — watch: ${ind.watch}` : "");
    }
  }
  await update();
}

// --- Chronology page -----------------------------------------------------

async function chronologyPage(q, current) {
  const c = await loadCase();
  if (!current()) return;
  const actors = [...new Set(c.chronology.flatMap((e) => [e.source, e.target]))].sort();
  const text = h("input", { type: "search", id: "chron-text", placeholder: "treaty, Ukraine, 1969…", value: q.get("q") || "", "aria-label": "Filter text" });
  const actor = h("select", { id: "chron-actor" }, h("option", { value: "" }, "any"), actors.map((a) => h("option", { value: a, selected: a === q.get("actor") }, a)));
  const quad = h("select", { id: "chron-quad" }, h("option", { value: "" }, "any"), QUAD.map((x, i) => h("option", { value: i + 1, selected: String(i + 1) === q.get("quad") }, x.label)));
  const fromY = h("input", { type: "number", id: "chron-from", min: 1600, max: 2100, placeholder: "1685", value: q.get("from") || "" });
  const toY = h("input", { type: "number", id: "chron-to", min: 1600, max: 2100, placeholder: "2025", value: q.get("to") || "" });
  const count = h("p", { class: "note", id: "chron-count", "aria-live": "polite" });
  const body = h("tbody");
  const apply = () => {
    const t = text.value.trim().toLowerCase(), a = actor.value, qd = quad.value, fy = +fromY.value || 0, ty = +toY.value || 9999;
    const nq = new URLSearchParams();
    if (t) nq.set("q", t); if (a) nq.set("actor", a); if (qd) nq.set("quad", qd); if (fromY.value) nq.set("from", fromY.value); if (toY.value) nq.set("to", toY.value);
    setRoute("chronology", nq, true);
    const rows = c.chronology.filter((e) => {
      const y = +e.date.slice(0, 4);
      return (!a || e.source === a || e.target === a) && (!qd || String(e.quad) === qd) && y >= fy && y <= ty &&
        (!t || `${e.id} ${e.date} ${e.description} ${e.citation} ${e.cameo} ${e.source_name} ${e.target_name}`.toLowerCase().includes(t));
    });
    count.textContent = `${rows.length} of ${c.chronology.length} entries`;
    body.replaceChildren(...rows.map((e) => h("tr", { class: `quad${e.quad}` },
      h("td", {}, e.precision === "year" ? e.date.slice(0, 4) : e.precision === "month" ? e.date.slice(0, 7) : e.date),
      h("td", {}, `${e.source} → ${e.target}`), h("td", {}, e.description || e.cameo),
      h("td", { class: "hide-narrow" }, `${e.code} ${e.cameo}`), h("td", { class: "num" }, String(e.goldstein)), h("td", {}, h("cite", {}, e.citation || "")))));
  };
  for (const x of [text, actor, quad, fromY, toY]) x.addEventListener("input", apply);
  main.replaceChildren(h("h2", {}, `Chronology: ${c.title}`),
    h("form", { class: "controls", "aria-label": "Filter the chronology", onsubmit: (e) => e.preventDefault() },
      field("Text", text), field("Actor", actor), field("Quad class", quad), field("From year", fromY), field("To year", toY)),
    count,
    legend(QUAD.map((x) => ({ label: x.label, color: x.color }))),
    h("div", { class: "tablewrap" }, h("table", { id: "chronology" },
      h("thead", {}, h("tr", {}, h("th", {}, "date"), h("th", {}, "who"), h("th", {}, "what"), h("th", { class: "hide-narrow" }, "CAMEO"), h("th", { class: "num" }, "Goldstein"), h("th", {}, "source"))), body)),
    c.corrections.length ? h("div", {}, h("h3", {}, "Dates the source essay gets wrong"),
      h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "claim"), h("th", {}, "essay"), h("th", {}, "correct"), h("th", {}, "source"))),
        h("tbody", {}, c.corrections.map((x) => h("tr", {}, h("td", {}, x.claim), h("td", {}, x.essay), h("td", {}, x.correct), h("td", {}, x.source)))))) : null);
  apply();
}

// --- start ----------------------------------------------------------------

render();
pollStats();
setInterval(pollStats, 5000);
