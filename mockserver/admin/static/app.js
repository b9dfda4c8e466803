// The mock's request journal, live: one EventSource on the admin API's journal stream, a table of
// requests, and the detail of the one selected (request, answer, stream timeline, the no-match
// report, save as fixture). No library, no build step; text is only ever set as text.
"use strict";

(() => {
  const KEPT = 2000; // rows kept on the page; the oldest go first
  const entries = new Map(); // id -> journal entry, as GET /__admin/requests shows it
  const rows = new Map(); // id -> <tr>
  let selected = null;

  const $ = (selector, root = document) => root.querySelector(selector);
  const tbody = $("#journal tbody");
  const filters = {
    sandbox: $("#filter-sandbox"),
    status: $("#filter-status"),
    text: $("#filter-text"),
  };

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("data-")) node.setAttribute(key, value);
      else node[key] = value;
    }
    node.append(...children);
    return node;
  }

  // -- what an entry says --------------------------------------------------------------------

  function outputOf(entry, stream) {
    const answer = entry.response;
    if (answer.events) {
      return answer.events
        .map((event) => {
          const data = event.data || {};
          if (event.event === stream) return typeof data.data === "string" ? data.data : "";
          return event.event === null && typeof data[stream] === "string" ? data[stream] : "";
        })
        .join("");
    }
    const body = answer.body;
    return body && typeof body[stream] === "string" ? body[stream] : "";
  }

  function exitCodeOf(entry) {
    const answer = entry.response;
    if (answer.events) {
      for (const event of answer.events) {
        const data = event.data || {};
        if (typeof data.exitCode === "number") return data.exitCode;
        if (typeof data.exit_code === "number") return data.exit_code;
      }
      return null;
    }
    const body = answer.body;
    return body && typeof body.exitCode === "number" ? body.exitCode : null;
  }

  // The scripted engine answers a call no fixture matched with exit 127 and a report on stderr:
  // which fixture came closest and which fields differed. Shown as the mock words it.
  function missOf(entry) {
    const by = entry.answered_by || {};
    if (by.engine !== "scripted" || by.fixture) return null;
    const report = outputOf(entry, "stderr");
    if (!report.startsWith("mockserver: no fixture matched")) return null;
    const lines = report.split("\n");
    const at = lines.findIndex((line) => line.startsWith("closest: "));
    const differences = [];
    if (at >= 0) {
      for (const line of lines.slice(at + 1)) {
        if (!line.startsWith("  ")) break;
        differences.push(line.trim());
      }
    }
    const closest = at >= 0 ? lines[at].replace(/, which differs in$/, "") : lines[1] || "";
    return { report, closest, differences };
  }

  function answererOf(entry) {
    const by = entry.answered_by || {};
    if (by.kind === "fixture") {
      // file:line, the file without its folders (the whole place is in the title and the detail)
      const where = (by.location || "").split("/").pop().replace(/:\d+$/, "");
      return { kind: "fixture", name: by.fixture, where, place: by.location || "" };
    }
    if (by.kind === "engine") return { kind: "engine", name: by.engine, where: "" };
    return { kind: "mock", name: by.description || "the mock", where: "" };
  }

  function statusText(entry) {
    const status = entry.response.status === null ? "—" : String(entry.response.status);
    const code = exitCodeOf(entry);
    return code === null ? status : `${status} · exit ${code}`;
  }

  function statusClass(entry) {
    const status = entry.response.status || 0;
    if (status >= 500 || !entry.response.complete) return "bad";
    if (status >= 400) return "warn";
    const code = exitCodeOf(entry);
    return code !== null && code !== 0 ? "warn" : "ok";
  }

  function clockOf(seconds) {
    const date = new Date(seconds * 1000);
    const two = (n) => String(n).padStart(2, "0");
    const ms = String(date.getMilliseconds()).padStart(3, "0");
    return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${ms}`;
  }

  function msText(ms) {
    if (ms === null || ms === undefined) return "—";
    return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
  }

  function commandOf(entry) {
    if (entry.command !== null) return entry.command;
    return entry.raw_body ? entry.raw_body.slice(0, 200) : "";
  }

  function haystackOf(entry) {
    return [
      entry.command, entry.path, entry.query, entry.raw_body, entry.answered_by.description,
      outputOf(entry, "stdout"), outputOf(entry, "stderr"), JSON.stringify(entry.response.body),
    ].join("\n").toLowerCase();
  }

  // -- the table -----------------------------------------------------------------------------

  function visible(entry) {
    const sandbox = filters.sandbox.value;
    if (sandbox && entry.sandbox !== sandbox) return false;
    const wanted = filters.status.value;
    const status = entry.response.status || 0;
    if (wanted === "2xx" && !(status >= 200 && status < 300)) return false;
    if (wanted === "4xx" && !(status >= 400 && status < 500)) return false;
    if (wanted === "5xx" && !(status >= 500)) return false;
    if (wanted === "failed") {
      const code = exitCodeOf(entry);
      if (code === null || code === 0) return false;
    }
    if (wanted === "unmatched" && !missOf(entry)) return false;
    const text = filters.text.value.trim().toLowerCase();
    return !text || entry._haystack.includes(text);
  }

  function rowOf(entry) {
    const answerer = answererOf(entry);
    const by = el("td", { class: `answerer ${answerer.kind}` },
      el("span", { class: "kind", text: answerer.kind }), " ",
      el("span", { class: "name", text: answerer.name || "" }));
    if (answerer.where) by.append(" ", el("span", { class: "where muted", text: answerer.where }));
    by.title = entry.answered_by.description;
    const command = el("td", { class: "command" }, el("code", { text: commandOf(entry) }));
    if (entry.response.events) command.prepend(el("span", { class: "tag", text: "SSE" }), " ");
    if (!entry.response.complete) command.append(" ", el("span", { class: "tag bad", text: "broken off" }));
    const row = el("tr", { tabIndex: 0, "data-id": String(entry.id) },
      el("td", { class: "time", text: clockOf(entry.time) }),
      el("td", { class: "method", text: entry.method }),
      el("td", { class: "sandbox", text: entry.sandbox || "—" }),
      command,
      el("td", { class: `status ${statusClass(entry)}`, text: statusText(entry) }),
      el("td", { class: "num", text: msText(entry.duration_ms) }),
      by);
    row.addEventListener("click", () => select(entry.id));
    row.addEventListener("keydown", (event) => {
      const step = { ArrowDown: "nextElementSibling", ArrowUp: "previousElementSibling" }[event.key];
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(entry.id);
      } else if (step) {
        event.preventDefault();
        let next = row[step];
        while (next && next.hidden) next = next[step];
        if (next) {
          next.focus();
          select(Number(next.dataset.id));
        }
      }
    });
    row.addEventListener("animationend", () => row.classList.remove("fresh"), { once: true });
    return row;
  }

  function add(entry) {
    if (entries.has(entry.id)) return; // a reconnect replays what was already shown
    entry._haystack = haystackOf(entry);
    entries.set(entry.id, entry);
    const row = rowOf(entry);
    row.hidden = !visible(entry);
    row.classList.add("fresh");
    rows.set(entry.id, row);
    // Newest first, in the order the requests arrived (a long stream completes after later calls).
    let before = tbody.firstElementChild;
    while (before && Number(before.dataset.id) > entry.id) before = before.nextElementSibling;
    tbody.insertBefore(row, before);
    noteSandbox(entry.sandbox);
    while (entries.size > KEPT) drop(entries.keys().next().value);
    counted();
  }

  function drop(id) {
    entries.delete(id);
    const row = rows.get(id);
    if (row) row.remove();
    rows.delete(id);
  }

  function counted() {
    const shown = [...rows.values()].filter((row) => !row.hidden).length;
    $("#count").textContent = shown === entries.size
      ? `${entries.size} request${entries.size === 1 ? "" : "s"}`
      : `${shown} of ${entries.size} requests`;
    $("#empty").hidden = entries.size > 0;
  }

  function refilter() {
    for (const [id, row] of rows) row.hidden = !visible(entries.get(id));
    counted();
  }

  function noteSandbox(id) {
    if (!id || [...filters.sandbox.options].some((option) => option.value === id)) return;
    filters.sandbox.append(el("option", { value: id, text: id }));
  }

  // -- the detail ----------------------------------------------------------------------------

  function pretty(value, fallback) {
    if (value === null || value === undefined) return fallback || "";
    return JSON.stringify(value, null, 2);
  }

  function headerRows(table, headers) {
    table.replaceChildren(...headers.map(([name, value]) =>
      el("tr", {}, el("th", { text: name }), el("td", { text: value }))));
  }

  function select(id) {
    const entry = entries.get(id);
    if (!entry) return;
    if (selected !== null && rows.get(selected)) rows.get(selected).classList.remove("selected");
    selected = id;
    rows.get(id).classList.add("selected");
    const view = $("#detail-template").content.cloneNode(true);
    const field = (name) => $(`[data-field="${name}"]`, view);
    const part = (name) => $(`[data-part="${name}"]`, view);
    field("method").textContent = entry.method;
    field("path").textContent = entry.path + (entry.query ? `?${entry.query}` : "");
    field("status").textContent = statusText(entry);
    field("status").classList.add(statusClass(entry));
    field("when").textContent =
      `${clockOf(entry.time)} · ${msText(entry.duration_ms)}` +
      (entry.response.complete ? "" : " · broken off") +
      (entry.response.truncated ? " · the journal kept the answer in part" : "");
    field("answerer").textContent = entry.answered_by.description;

    const miss = missOf(entry);
    if (miss) {
      part("miss").hidden = false;
      field("closest").textContent = miss.closest;
      field("differences").replaceChildren(...miss.differences.map((d) => el("li", { text: d })));
      field("report").textContent = miss.report;
    }
    if (entry.response.events) {
      part("timeline").hidden = false;
      field("timeline").append(timeline(entry));
      field("events").replaceChildren(...entry.response.events.map((event) => el("tr", {},
        el("td", { class: "num", text: `+${event.at_ms.toFixed(1)} ms` }),
        el("td", { text: event.event || "(data)" }),
        el("td", {}, el("code", { text: eventText(event) })))));
    }
    const body = entry.body !== null ? pretty(entry.body) : entry.raw_body;
    field("request-body").textContent = body + (entry.body_truncated ? "\n… (cut: too large)" : "");
    headerRows(field("request-headers"), entry.headers);
    field("response-body").textContent = entry.response.events
      ? `text/event-stream: ${entry.response.events.length} events (above)`
      : pretty(entry.response.body, "(no JSON body)");
    headerRows(field("response-headers"), entry.response.headers);
    $('[data-action="save"]', view).addEventListener("click", () => saveAsFixture(entry));
    $("#detail").replaceChildren(view);
  }

  function eventText(event) {
    const data = event.data;
    if (data && typeof data === "object") {
      if (typeof data.data === "string") return JSON.stringify(data.data);
      return JSON.stringify(data);
    }
    return String(data);
  }

  // When each event of a stream was sent: one lane per kind of event, on a time axis.
  function timeline(entry) {
    const svgNS = "http://www.w3.org/2000/svg";
    const svg = (tag, attrs, text) => {
      const node = document.createElementNS(svgNS, tag);
      for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
      if (text !== undefined) node.textContent = text;
      return node;
    };
    const events = entry.response.events;
    const last = events.length ? events[events.length - 1].at_ms : 0;
    const span = Math.max(entry.duration_ms || 0, last, 1);
    const width = 440, left = 56, right = 14, top = 8, lane = 24;
    const lanes = ["stdout", "stderr", "other"];
    const height = top + lane * lanes.length + 26;
    const x = (ms) => left + ((width - left - right) * ms) / span;
    const root = svg("svg", {
      viewBox: `0 0 ${width} ${height}`, role: "img", class: "timeline-chart",
      "aria-label": `${events.length} events over ${msText(span)}`,
    });
    lanes.forEach((name, i) => {
      const y = top + lane * i + lane / 2;
      root.append(svg("text", { x: left - 8, y: y + 4, "text-anchor": "end", class: "lane" }, name));
      root.append(svg("line", { x1: left, x2: width - right, y1: y, y2: y, class: "lane-line" }));
    });
    const axis = top + lane * lanes.length + 4;
    root.append(svg("line", { x1: left, x2: width - right, y1: axis, y2: axis, class: "axis" }));
    const step = niceStep(span / 5);
    for (let t = 0; t <= span + 1e-9; t += step) {
      root.append(svg("line", { x1: x(t), x2: x(t), y1: axis, y2: axis + 4, class: "axis" }));
      root.append(svg("text", { x: x(t), y: axis + 16, "text-anchor": "middle", class: "tick" },
        t === 0 ? "0" : msText(t)));
    }
    for (const event of events) {
      const kind = kindOf(event);
      const y = top + lane * lanes.indexOf(kind === "stdout" || kind === "stderr" ? kind : "other") + lane / 2;
      root.append(svg("line", { x1: x(event.at_ms), x2: x(event.at_ms), y1: y, y2: axis, class: "drop" }));
      const mark = svg("circle", { cx: x(event.at_ms), cy: y, r: 5, class: `mark ${kind}` });
      mark.append(svg("title", {}, `+${event.at_ms.toFixed(1)} ms ${event.event || "data"} ${eventText(event)}`));
      root.append(mark);
    }
    return root;
  }

  function kindOf(event) {
    if (event.event) return event.event;
    const data = event.data || {};
    if (typeof data.stdout === "string") return "stdout";
    if (typeof data.stderr === "string") return "stderr";
    return data.error !== undefined ? "error" : "complete";
  }

  function niceStep(rough) {
    const power = 10 ** Math.floor(Math.log10(rough));
    for (const factor of [1, 2, 5, 10]) if (factor * power >= rough) return factor * power;
    return 10 * power;
  }

  // -- save as fixture -----------------------------------------------------------------------

  async function saveAsFixture(entry) {
    const detail = $("#detail");
    const result = $('[data-field="save-result"]', detail);
    result.textContent = "";
    const response = await fetch(`../requests/${entry.id}/fixture`);
    const body = await response.json();
    if (!response.ok) {
      result.textContent = failure(body);
      result.className = "result bad";
      return;
    }
    const box = $('[data-part="fixture"]', detail);
    box.hidden = false;
    const yaml = $('[data-field="yaml"]', detail);
    yaml.value = body.yaml;
    $('[data-field="lost"]', detail).replaceChildren(
      ...body.lost.map((what) => el("li", { text: `A replay will not reproduce: ${what}` })));
    $('[data-action="copy"]', detail).onclick = () => copy(yaml, result);
    $('[data-action="add"]', detail).onclick = () => addFixture(body.fixture, result);
  }

  async function copy(textarea, result) {
    try {
      await navigator.clipboard.writeText(textarea.value);
    } catch {
      textarea.select();
      document.execCommand("copy");
    }
    result.textContent = "Copied: paste it into a fixture file's fixtures: list.";
    result.className = "result ok";
  }

  async function addFixture(fixture, result) {
    const response = await fetch("../fixtures", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(fixture),
    });
    const body = await response.json();
    if (response.ok) {
      result.textContent = `Added fixture '${body.added[0]}': the mock answers this call with it from now on.`;
      result.className = "result ok";
    } else {
      result.textContent = failure(body);
      result.className = "result bad";
    }
  }

  function failure(error) {
    const details = error.details || {};
    const problems = (details.problems || []).map((p) => `${p.where}: ${p.problem}`);
    const reason = details.reason ? [details.reason] : [];
    return [error.message, ...reason, ...problems].join(" — ");
  }

  // -- the live stream -----------------------------------------------------------------------

  function connect() {
    const state = $("#connection");
    const show = (name, text) => {
      state.dataset.state = name;
      state.textContent = text;
    };
    // since=0: the whole journal first, then each request as it completes. On a reconnect the
    // browser asks again with the same URL, and what is already shown is skipped.
    const source = new EventSource("../requests/stream?since=0");
    source.addEventListener("open", () => show("live", "live"));
    source.addEventListener("error", () => show("down", "reconnecting…"));
    source.addEventListener("request", (event) => add(JSON.parse(event.data)));
  }

  async function describe() {
    try {
      const health = await (await fetch("../health")).json();
      $("#engine").textContent = `engine ${health.engine} · mockserver ${health.version}`;
      const listed = await (await fetch("../sandboxes")).json();
      for (const sandbox of listed.sandboxes) noteSandbox(sandbox.id);
    } catch {
      // the journal still works; the header just says less
    }
  }

  $("#clear").addEventListener("click", async () => {
    const response = await fetch("../requests", { method: "DELETE" });
    if (!response.ok) return;
    for (const id of [...entries.keys()]) drop(id);
    selected = null;
    $("#detail").replaceChildren(el("p", { class: "empty", text: "The journal is empty." }));
    counted();
  });
  for (const input of Object.values(filters)) input.addEventListener("input", refilter);
  counted();
  describe();
  connect();
})();
