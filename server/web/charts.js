// Entente charts: small SVG renderers for the dashboard's JSON. No library:
// the charts are few and fixed, and hand-written SVG keeps the binary's
// dashboard offline, small and free of third-party code.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
// Okabe & Ito (2008) colour-blind-safe palette.
const OI = { orange: "#E69F00", sky: "#56B4E9", green: "#009E73", yellow: "#F0E442", blue: "#0072B2", vermillion: "#D55E00", purple: "#CC79A7", black: "#000000", grey: "#999999" };
// Quad classes as the CLI's charts colour them (relations/charts.go).
const QUAD = [
  { key: "q1", label: "verbal cooperation", color: OI.sky },
  { key: "q2", label: "material cooperation", color: OI.green },
  { key: "q3", label: "verbal conflict", color: OI.orange },
  { key: "q4", label: "material conflict", color: OI.vermillion },
];

function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, v);
  for (const k of kids.flat(Infinity)) if (k !== null && k !== undefined) e.append(k);
  return e;
}

function linear(d0, d1, r0, r1) {
  const s = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const f = (x) => r0 + (x - d0) * s;
  f.domain = [d0, d1];
  return f;
}

// niceTicks returns about n round numbers covering [lo, hi].
function niceTicks(lo, hi, n) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toFixed(10));
  return out;
}

function fmtNum(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
  if (a >= 1e4) return (v / 1e3).toFixed(0) + "k";
  if (a >= 1e3) return (v / 1e3).toFixed(1) + "k";
  return String(+v.toFixed(2));
}

// yAxis draws gridlines and labels for scale y over ticks.
function yAxis(y, ticks, x0, x1, fmt) {
  return svg("g", { class: "axis" }, ticks.map((t) => [
    svg("line", { class: "grid", x1: x0, x2: x1, y1: y(t), y2: y(t) }),
    svg("text", { x: x0 - 6, y: y(t) + 4, "text-anchor": "end" }, (fmt || fmtNum)(t)),
  ]));
}

// xLabels writes at most about maxN category labels under positions xs.
function xLabels(labels, xc, yPos, maxN) {
  const step = Math.max(1, Math.ceil(labels.length / maxN));
  const g = svg("g", { class: "axis" });
  labels.forEach((l, i) => { if (i % step === 0) g.append(svg("text", { x: xc(i), y: yPos, "text-anchor": "middle" }, l)); });
  return g;
}

// chartWidth is the width to draw a chart at in box: its CSS pixel width,
// clamped, so that text keeps its size on narrow and wide screens alike.
function chartWidth(box, max) {
  const w = box && box.clientWidth ? box.clientWidth : max;
  return Math.max(340, Math.min(max, Math.round(w)));
}

// seriesChart draws a dyad series: the index with its band (upper panel),
// events by quad class stacked (lower panel), changepoints as dashed lines
// with their shift, and one focusable hit area per period calling onPick(i).
function seriesChart(opts) {
  const { rows, breaks = [], onPick, selected = -1, title = "" } = opts;
  const W = opts.width || 960, H = 420, m = { l: 52, r: 16, t: 22, b: 30 }, gap = 26;
  const upperH = 210, lowerTop = m.t + upperH + gap, lowerH = H - m.b - lowerTop;
  const n = rows.length;
  const bw = (W - m.l - m.r) / Math.max(n, 1);
  const xc = (i) => m.l + bw * (i + 0.5);
  let lo = Infinity, hi = -Infinity;
  for (const r of rows) { lo = Math.min(lo, r.index_lo); hi = Math.max(hi, r.index_hi); }
  if (!isFinite(lo)) { lo = -1; hi = 1; }
  const pad = (hi - lo) * 0.08 || 1;
  const y = linear(lo - pad, hi + pad, m.t + upperH, m.t);
  const maxE = Math.max(1, ...rows.map((r) => r.events));
  const yb = linear(0, maxE, lowerTop + lowerH, lowerTop);
  const root = svg("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title });
  root.append(svg("title", {}, title));
  root.append(yAxis(y, niceTicks(lo - pad, hi + pad, 5), m.l, W - m.r));
  root.append(yAxis(yb, niceTicks(0, maxE, 3), m.l, W - m.r));
  root.append(svg("text", { x: m.l, y: m.t - 8 }, "relationship index (mean Goldstein, shrunk; 95% band)"));
  root.append(svg("text", { x: m.l, y: lowerTop - 6 }, "events by quad class"));
  if (lo - pad < 0 && hi + pad > 0) root.append(svg("line", { x1: m.l, x2: W - m.r, y1: y(0), y2: y(0), stroke: "#555", "stroke-width": 1 }));
  // band
  if (n > 0) {
    const up = rows.map((r, i) => `${xc(i)},${y(r.index_hi)}`), dn = rows.map((r, i) => `${xc(i)},${y(r.index_lo)}`).reverse();
    root.append(svg("polygon", { points: up.concat(dn).join(" "), fill: OI.blue, "fill-opacity": 0.18, stroke: "none" }));
    root.append(svg("polyline", { points: rows.map((r, i) => `${xc(i)},${y(r.index)}`).join(" "), fill: "none", stroke: OI.blue, "stroke-width": 2 }));
  }
  // stacked bars
  rows.forEach((r, i) => {
    let acc = 0;
    QUAD.forEach((q) => {
      const v = r[q.key];
      if (v > 0) {
        root.append(svg("rect", { x: xc(i) - bw * 0.42, width: Math.max(bw * 0.84, 0.5), y: yb(acc + v), height: yb(acc) - yb(acc + v), fill: q.color }));
      }
      acc += v;
    });
  });
  // changepoints
  for (const b of breaks) {
    const i = rows.findIndex((r) => r.period === b.period);
    if (i < 0) continue;
    const x = xc(i) - bw / 2;
    root.append(svg("line", { x1: x, x2: x, y1: m.t, y2: lowerTop + lowerH, stroke: OI.vermillion, "stroke-width": 2, "stroke-dasharray": "6 4" }));
    root.append(svg("text", { x: x + 3, y: m.t + 10, fill: OI.vermillion }, `${b.period} (${b.shift > 0 ? "+" : ""}${(+b.shift).toFixed(2)})`));
  }
  root.append(xLabels(rows.map((r) => r.period), xc, H - 10, Math.max(3, Math.floor(W / 80))));
  // hit areas: click or Enter selects a period.
  rows.forEach((r, i) => {
    const hit = svg("rect", { class: "hit" + (i === selected ? " selected" : ""), x: m.l + bw * i, width: bw, y: m.t, height: lowerTop + lowerH - m.t, "data-period": r.period });
    hit.append(svg("title", {}, `${r.period}: ${r.events} events, index ${(+r.index).toFixed(2)} — click for the events`));
    hit.addEventListener("click", () => onPick && onPick(i));
    root.append(hit);
  });
  return root;
}

// lineChart draws lines over categories: lines = [{label, color, values, dash}].
// band = [lo, hi] shades a horizontal band; strip = [{label, color}] adds a
// category strip below (the triangle's configuration per period).
function lineChart(opts) {
  const { labels, lines, band, strip, yMin, yMax, yFmt, title = "", yLabel = "" } = opts;
  const W = opts.width || 960, m = { l: 52, r: 16, t: 22, b: 30 }, plotH = opts.height || 240, stripH = strip ? 34 : 0;
  const H = m.t + plotH + (strip ? stripH + 10 : 0) + m.b;
  const n = labels.length, bw = (W - m.l - m.r) / Math.max(n, 1), xc = (i) => m.l + bw * (i + 0.5);
  let lo = yMin, hi = yMax;
  if (lo === undefined || hi === undefined) {
    const all = lines.flatMap((l) => l.values).filter((v) => v !== null && isFinite(v)).concat(band || []);
    lo = Math.min(...all); hi = Math.max(...all);
    const pad = (hi - lo) * 0.08 || 1; lo -= pad; hi += pad;
  }
  const y = linear(lo, hi, m.t + plotH, m.t);
  const root = svg("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title });
  root.append(svg("title", {}, title));
  root.append(yAxis(y, niceTicks(lo, hi, 5), m.l, W - m.r, yFmt));
  if (yLabel) root.append(svg("text", { x: m.l, y: m.t - 8 }, yLabel));
  if (band) root.append(svg("rect", { x: m.l, width: W - m.l - m.r, y: y(band[1]), height: y(band[0]) - y(band[1]), fill: OI.grey, "fill-opacity": 0.18 }));
  for (const l of lines) {
    const pts = l.values.map((v, i) => (v === null ? null : `${xc(i)},${y(v)}`)).filter(Boolean);
    root.append(svg("polyline", { points: pts.join(" "), fill: "none", stroke: l.color, "stroke-width": l.width || 2, "stroke-dasharray": l.dash || null }));
    if (n <= 40) l.values.forEach((v, i) => { if (v !== null) root.append(svg("circle", { cx: xc(i), cy: y(v), r: 3, fill: l.color }, svg("title", {}, `${l.label}, ${labels[i]}: ${(yFmt || fmtNum)(v)}`))); });
  }
  if (strip) {
    const top = m.t + plotH + 10;
    strip.forEach((s, i) => root.append(svg("rect", { x: m.l + bw * i + 0.5, width: Math.max(bw - 1, 0.5), y: top, height: stripH, fill: s.color }, svg("title", {}, `${labels[i]}: ${s.label}`))));
  }
  root.append(xLabels(labels, xc, H - 10, Math.max(3, Math.floor(W / 70))));
  return root;
}

// hbars draws labelled horizontal bars on [0, 1] (a distribution).
function hbars(items, opts = {}) {
  const W = opts.width || 520, rowH = 26, m = { l: W < 500 ? 150 : 190, r: 60, t: 6, b: 6 }, H = m.t + m.b + rowH * items.length;
  const x = linear(0, 1, m.l, W - m.r);
  const root = svg("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": opts.title || "" });
  items.forEach((it, i) => {
    const yy = m.t + i * rowH;
    root.append(svg("text", { x: m.l - 8, y: yy + rowH / 2 + 4, "text-anchor": "end" }, it.label));
    root.append(svg("rect", { x: m.l, y: yy + 4, width: Math.max(x(it.value) - m.l, 0), height: rowH - 8, fill: it.color || OI.blue }));
    root.append(svg("text", { x: x(it.value) + 5, y: yy + rowH / 2 + 4 }, (it.value * 100).toFixed(1) + "%"));
  });
  return root;
}

// tornado draws sensitivity bars around the baseline probability base; each
// bar spans P(holds) with its node at its least and most favourable state.
// onPick(node) is called on click or Enter.
function tornado(bars, base, onPick, width) {
  const W = width || 720, rowH = 30, m = { l: W < 500 ? 150 : 190, r: 20, t: 24, b: 24 }, H = m.t + m.b + rowH * bars.length;
  let lo = Math.min(base, ...bars.map((b) => Math.min(b.low, b.high))), hi = Math.max(base, ...bars.map((b) => Math.max(b.low, b.high)));
  const pad = (hi - lo) * 0.05 || 0.01;
  const x = linear(Math.max(0, lo - pad), Math.min(1, hi + pad), m.l, W - m.r);
  const root = svg("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Tornado: P(holds) range per node" });
  for (const t of niceTicks(x.domain[0], x.domain[1], 6)) {
    root.append(svg("line", { class: "grid", x1: x(t), x2: x(t), y1: m.t, y2: H - m.b }));
    root.append(svg("text", { x: x(t), y: H - 8, "text-anchor": "middle" }, (t * 100).toFixed(0) + "%"));
  }
  bars.forEach((b, i) => {
    const yy = m.t + i * rowH, l = Math.min(b.low, b.high), h = Math.max(b.low, b.high);
    const g = svg("g", { class: "bar", tabindex: 0, role: "button", "aria-label": `${b.node}: ${(b.low * 100).toFixed(1)}% (${b.low_state}) to ${(b.high * 100).toFixed(1)}% (${b.high_state})` });
    g.append(svg("text", { x: m.l - 8, y: yy + rowH / 2 + 4, "text-anchor": "end" }, b.node));
    g.append(svg("rect", { x: x(l), y: yy + 5, width: Math.max(x(base) - x(l), 0), height: rowH - 10, fill: OI.vermillion }));
    g.append(svg("rect", { x: x(base), y: yy + 5, width: Math.max(x(h) - x(base), 0), height: rowH - 10, fill: OI.blue }));
    g.append(svg("title", {}, `${b.node}: ${b.low_state} → ${(b.low * 100).toFixed(1)}%, ${b.high_state} → ${(b.high * 100).toFixed(1)}%`));
    g.addEventListener("click", () => onPick && onPick(b.node));
    g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); onPick && onPick(b.node); } });
    root.append(g);
  });
  root.append(svg("line", { x1: x(base), x2: x(base), y1: m.t - 6, y2: H - m.b, stroke: "#000", "stroke-width": 1.5 }));
  root.append(svg("text", { x: x(base), y: m.t - 10, "text-anchor": "middle" }, `current ${(base * 100).toFixed(1)}%`));
  return root;
}
