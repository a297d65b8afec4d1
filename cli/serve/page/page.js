// The what-if page: builds the lever panel from GET /api/model, sends the changed levers to
// POST /api/run as scenario changes (docs/FORMATS.md), shows progress from GET /api/status, and
// draws the answer: headlines, the report's fan charts (their Vega specs come from the server),
// the bottleneck and levels tables. Plain DOM and Vega; no other file or host.
(function () {
  "use strict";
  var root = document.documentElement;
  var token = new URLSearchParams(window.location.search).get("token");
  var model = null;
  var levers = [];          // {lever, inputs: {value, start, ramp}, element}
  var current = null;       // the run in flight: {serial, poll}
  var serial = 0;
  var DAY_MS = 86400000;

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function withToken(url) { return token ? url + (url.indexOf("?") < 0 ? "?" : "&") + "token=" + encodeURIComponent(token) : url; }
  function api(path, options) {
    options = options || {};
    options.headers = options.headers || {};
    if (token) options.headers["Authorization"] = "Bearer " + token;
    return fetch(path, options).then(function (res) {
      return res.json().then(function (body) { return {status: res.status, body: body}; },
                             function () { return {status: res.status, body: {error: "HTTP " + res.status}}; });
    });
  }
  function setStatus(text) { $("status").textContent = text; }
  function showError(text) {
    var e = $("error");
    e.hidden = !text;
    e.textContent = text || "";
  }
  function fmt(x, digits) { return Number(x).toLocaleString("en-GB", {maximumFractionDigits: digits === undefined ? 1 : digits}); }

  // Day number <-> the date input's value, when the model has a start date.
  function dayToIso(day) { return new Date(Date.parse(model.start_date + "T00:00:00Z") + day * DAY_MS).toISOString().slice(0, 10); }
  function isoToDay(iso) { return Math.round((Date.parse(iso + "T00:00:00Z") - Date.parse(model.start_date + "T00:00:00Z")) / DAY_MS); }

  var idCount = 0;
  function field(labelText, input, extra) {
    var id = "f" + (++idCount);
    input.id = id;
    var children = [el("label", {"for": id, text: labelText}), input];
    if (extra) children.push(extra);
    return el("div", {"class": "field"}, children);
  }
  function numberInput(value, attrs) {
    var i = el("input", Object.assign({type: "number", step: "any", inputmode: "decimal"}, attrs || {}));
    i.value = String(value);
    i.defaultValue = String(value);
    return i;
  }

  // One lever: its value, the date it starts and the days it takes to phase in.
  function buildLever(lever) {
    var what, value, attrs, now = null, neutral = 0;
    if (lever.op === "scale_servers") {
      what = lever.label + ": servers (e.g. sitting days), change in %";
      value = 0; attrs = {min: "-100", step: "1", "data-op": lever.op, "data-stage": lever.stage};
      now = el("span", {"class": "now", "aria-live": "off"});
    } else if (lever.op === "scale_arrivals") {
      what = (lever.to ? "Arrivals at " + lever.label : "All arrivals") + ": change in %";
      value = 0; attrs = {min: "-100", step: "1", "data-op": lever.op, "data-to": lever.to || ""};
    } else if (lever.op === "scale_service") {
      what = lever.label + ": service time, change in %";
      value = 0; attrs = {min: "-99", step: "1", "data-op": lever.op, "data-stage": lever.stage};
    } else {
      what = "Share " + lever.label + " (%)";
      neutral = Math.round(lever.p * 1000) / 10;
      value = neutral; attrs = {min: "0", max: "100", step: "0.1", "data-op": lever.op, "data-from": lever.from, "data-to": lever.to};
    }
    attrs["aria-label"] = what;  // the full name, stage included, for screen readers and tests
    var input = numberInput(value, attrs);
    var start;
    if (model.start_date) {
      start = el("input", {type: "date", min: dayToIso(0), max: dayToIso(Math.max(0, Math.ceil(model.horizon_days) - 1))});
      start.value = dayToIso(0); start.defaultValue = start.value;
    } else {
      start = numberInput(0, {min: "0", step: "1"});
    }
    var ramp = numberInput(0, {min: "0", step: "1"});
    var subject = what.replace(/, change in %$| \(%\)$/, "");
    start.setAttribute("aria-label", subject + ": starts on" + (model.start_date ? "" : " day"));
    ramp.setAttribute("aria-label", subject + ": phased in over how many days (0: at once)");
    var legend = el("legend", {text: what.replace(/: .*$/, "") });
    var set = el("fieldset", {"class": "lever"}, [legend,
      el("div", {"class": "row"}, [
        field(what.indexOf(": ") > 0 ? what.slice(what.indexOf(": ") + 2) : what, input, now),
        field(model.start_date ? "Starts on" : "Starts on day", start),
        field("Phased in over (days)", ramp)])]);
    var entry = {lever: lever, input: input, start: start, ramp: ramp, neutral: neutral, element: set, now: now};
    function update() {
      set.classList.toggle("changed", changed(entry));
      if (now) {
        var pct = Number(input.value) || 0;
        var after = Math.max(0, Math.round(lever.servers * (1 + pct / 100)));
        now.textContent = lever.scheduled ? "schedule \u00d7 " + fmt(1 + pct / 100, 2) + " (now " + lever.servers + ")"
                                          : lever.servers + " \u2192 " + after + " servers";
      }
    }
    [input, start, ramp].forEach(function (i) { i.addEventListener("input", update); });
    entry.update = update;
    update();
    return entry;
  }

  function changed(entry) {
    var v = Number(entry.input.value);
    return entry.input.value !== "" && isFinite(v) && Math.abs(v - entry.neutral) > 1e-9;
  }

  // The scenario changes of the levers that differ from the baseline (docs/FORMATS.md).
  function collectChanges() {
    var changes = [];
    levers.forEach(function (entry) {
      if (!changed(entry)) return;
      var l = entry.lever, v = Number(entry.input.value), c = {op: l.op};
      if (l.op === "set_route") { c.from = l.from; c.to = l.to; c.p = Math.round(v * 10) / 1000; }
      else {
        if (l.op === "scale_arrivals") { if (l.to) c.to = l.to; }
        else c.stage = l.stage;
        c.factor = Math.round((1 + v / 100) * 1e6) / 1e6;
      }
      var from = model.start_date ? (entry.start.value ? isoToDay(entry.start.value) : 0) : Number(entry.start.value || 0);
      if (from > 0) c.from_day = from;
      var ramp = Number(entry.ramp.value || 0);
      if (ramp > 0) c.ramp_until_day = from + ramp;
      changes.push(c);
    });
    return changes;
  }

  function buildPanel() {
    var groups = [
      {op: "scale_servers", title: "Servers and capacity", open: true},
      {op: "scale_arrivals", title: "Arrivals", open: false},
      {op: "scale_service", title: "Service times", open: false},
      {op: "set_route", title: "Route shares", open: false}];
    var box = $("lever-groups");
    groups.forEach(function (g) {
      var mine = model.levers.filter(function (l) { return l.op === g.op; });
      if (!mine.length) return;
      var details = el("details", {"class": "group", "data-group": g.op}, [el("summary", {text: g.title + " (" + mine.length + ")"})]);
      if (g.open) details.open = true;
      mine.forEach(function (l) { var entry = buildLever(l); levers.push(entry); details.appendChild(entry.element); });
      box.appendChild(details);
    });
  }

  function table(t) {
    var tbl = el("table", {id: "table-" + t.name});
    if (t.caption) tbl.appendChild(el("caption", {text: t.caption}));
    var head = el("tr");
    t.columns.forEach(function (c) { head.appendChild(el("th", {scope: "col", text: c})); });
    tbl.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    t.rows.forEach(function (r) {
      var tr = el("tr");
      r.forEach(function (cell) { tr.appendChild(el("td", {"class": cell.numeric ? "num" : "", text: cell.text})); });
      body.appendChild(tr);
    });
    tbl.appendChild(body);
    return el("div", {"class": "table-wrap"}, [tbl]);
  }

  // The report's fan charts, drawn as report.html draws them.
  function drawCharts(charts) {
    var box = $("charts");
    box.textContent = "";
    var drawn = 0, failed = 0;
    root.setAttribute("data-charts-total", String(charts.length));
    root.setAttribute("data-charts-rendered", "0");
    charts.forEach(function (chart, i) {
      var id = "chart-" + (i + 1);
      var div = el("div", {"class": "chart", id: id, "data-series": chart.series, role: "img",
                           "aria-label": "Chart of the open caseload of the " + chart.label +
                                         " over time, what-if against the baseline; the table below gives the levels at the end."});
      box.appendChild(el("figure", {}, [div, el("figcaption", {text: "Open caseload of the " + chart.label + "."})]));
      try {
        var view = new vega.View(vega.parse(chart.spec, null, {ast: true}),
                                 {expr: vega.expressionInterpreter, renderer: "svg", container: div, hover: false});
        view.runAsync().then(function () { drawn += 1; root.setAttribute("data-charts-rendered", String(drawn)); },
                             function (e) { failed += 1; div.textContent = "This chart could not be drawn: " + e; });
      } catch (e) {
        failed += 1;
        div.textContent = "This chart could not be drawn: " + e;
      }
    });
  }

  function showResults(answer, seconds) {
    $("results-empty").hidden = true;
    $("results-body").hidden = false;
    var ol = $("headlines");
    ol.textContent = "";
    answer.page.headlines.forEach(function (h) { ol.appendChild(el("li", {text: h.text})); });
    var changes = answer.changes.length;
    $("run-meta").textContent = "Run " + answer.run + ": " + (changes ? changes + (changes === 1 ? " change" : " changes") : "no change (the baseline itself)") +
      ", " + answer.replications + " replications, seed " + answer.seed + ", " +
      fmt(answer.summary.performance.events, 0) + " events in " + fmt(seconds, 1) + " s." +
      (answer.warnings.length ? " Warnings: " + answer.warnings.join("; ") : "");
    drawCharts(answer.page.charts);
    $("bottlenecks").textContent = "";
    $("bottlenecks").appendChild(table(answer.page.bottlenecks));
    $("levels").textContent = "";
    $("levels").appendChild(table(answer.page.levels));
    root.setAttribute("data-run", String(answer.run));
  }

  function poll(run) {
    if (current !== run) return;
    api("api/status").then(function (r) {
      if (current !== run) return;
      var s = r.body.running;
      if (s && s.kind === "run") {
        var p = $("progress");
        p.max = Math.max(1, s.total); p.value = s.done;
        $("status").textContent = "Running: " + (s.phase || "starting") + (s.total ? ", replication " + s.done + " of " + s.total : "") + "\u2026";
      }
      run.timer = setTimeout(function () { poll(run); }, 300);
    }, function () { run.timer = setTimeout(function () { poll(run); }, 1000); });
  }

  function runWhatIf(event) {
    event.preventDefault();
    showError("");
    var reps = Number($("replications").value), seed = Number($("seed").value);
    if (!(reps >= 1 && reps <= model.limits.max_replications && Math.floor(reps) === reps)) {
      $("replications").setAttribute("aria-invalid", "true");
      showError("Replications must be a whole number from 1 to " + model.limits.max_replications + ".");
      $("replications").focus();
      return;
    }
    $("replications").removeAttribute("aria-invalid");
    var body = {changes: collectChanges(), replications: reps, seed: seed, replace: true};
    var run = {serial: ++serial, started: Date.now()};
    if (current && current.timer) clearTimeout(current.timer);
    current = run;
    $("results").setAttribute("aria-busy", "true");
    $("progress").removeAttribute("value");
    setStatus("Running: " + (body.changes.length ? body.changes.length + (body.changes.length === 1 ? " change" : " changes") : "the baseline") + "\u2026");
    root.setAttribute("data-state", "running");
    poll(run);
    api("api/run", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)}).then(function (r) {
      if (current !== run) return;  // a newer run replaced this one
      clearTimeout(run.timer);
      current = null;
      $("results").setAttribute("aria-busy", "false");
      var p = $("progress"); p.max = 1; p.value = r.status === 200 ? 1 : 0;
      if (r.status !== 200) {
        root.setAttribute("data-state", "error");
        setStatus("The run was refused.");
        showError(r.body.error || ("HTTP " + r.status));
        return;
      }
      var seconds = (Date.now() - run.started) / 1000;
      showResults(r.body, seconds);
      root.setAttribute("data-state", "done");
      setStatus("Done in " + fmt(seconds, 1) + " s (run " + r.body.run + "): the results are updated.");
    }, function (e) {
      if (current !== run) return;
      current = null;
      root.setAttribute("data-state", "error");
      setStatus("The run failed.");
      showError("Could not reach the server: " + e);
    });
  }

  function reset() {
    levers.forEach(function (entry) {
      [entry.input, entry.start, entry.ramp].forEach(function (i) { i.value = i.defaultValue; });
      entry.update();
    });
    setStatus("Levers reset to the baseline.");
  }

  function start() {
    $("download-html").href = withToken("api/report");
    $("download-xlsx").href = withToken("api/report.xlsx");
    api("api/model").then(function (r) {
      if (r.status !== 200) { setStatus("Could not load the model."); showError(r.body.error || ("HTTP " + r.status)); return; }
      model = r.body;
      $("model-name").textContent = model.model;
      document.title = "courtflow what-if: " + model.model;
      $("model-meta").textContent = (model.description ? model.description + " " : "") + "Projection of " +
        fmt(model.horizon_days, 0) + " days" + (model.start_date ? " from " + model.start_date : "") + "; counts in " + model.count_unit + ".";
      $("replications").value = model.replications; $("replications").max = model.limits.max_replications;
      $("seed").value = model.seed;
      buildPanel();
      if (model.diagram_svg) {
        var at = model.diagram_svg.indexOf("<svg");
        $("diagram").innerHTML = at >= 0 ? model.diagram_svg.slice(at) : "";
      }
      $("levers").addEventListener("submit", runWhatIf);
      $("reset-button").addEventListener("click", reset);
      root.setAttribute("data-state", "ready");
      setStatus("Ready: set the levers and press Run what-if.");
    }, function (e) { setStatus("Could not reach the server."); showError(String(e)); });
  }

  start();
})();
