/* The attempt page (testing:attempt): every answer is saved as it is given, with a per-question sequence counter;
   unsent answers wait in a queue (kept in sessionStorage too) and are retried; a lost connection shows a Retry
   alert. The countdown follows the server's deadline and the offset between the server's clock and this one,
   re-synced every 30 s, so a changed computer clock changes nothing. Screen readers hear the time left at 10, 5
   and 1 minutes. */
(function () {
  "use strict";
  var root = document.getElementById("attempt");
  if (!root) return;
  var d = root.dataset;
  var key = "attempt-" + d.attempt;
  var csrf = (root.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var deadline = Date.parse(d.deadline);
  var offset = Date.parse(d.now) - Date.now(); // server time = Date.now() + offset
  var grace = (parseInt(d.grace, 10) || 5) * 1000;
  var paused = false;
  var ended = false;
  var announced = {};
  var alertBox = document.getElementById("connection-alert");
  var messageBox = document.getElementById("attempt-message");

  // --- the queue: the latest unsent answer of each question -------------------------------------------------
  function load(name, fallback) {
    try { return JSON.parse(sessionStorage.getItem(key + "-" + name)) || fallback; } catch (e) { return fallback; }
  }
  function store(name, value) {
    try { sessionStorage.setItem(key + "-" + name, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }
  var queue = load("queue", {}); // position -> {position, sequence, fields: [[name, value]]}
  var sequences = load("seq", {}); // position -> last sequence used here
  var sending = false;
  var retryTimer = null;

  function nextSequence(form) {
    var pos = form.dataset.position;
    var seq = Math.max(parseInt(form.dataset.sequence, 10) || 0, sequences[pos] || 0) + 1;
    sequences[pos] = seq;
    form.dataset.sequence = String(seq);
    store("seq", sequences);
    return seq;
  }

  function fieldsOf(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) { out.push([name, value]); });
    return out;
  }

  function setState(form, text) {
    var el = form && form.querySelector(".attempt-save-state");
    if (el) el.textContent = text;
  }

  function currentForm(position) {
    var form = document.querySelector("form.attempt-answer");
    return form && (position === undefined || form.dataset.position === String(position)) ? form : null;
  }

  function enqueue(form) {
    if (ended) return;
    var pos = form.dataset.position;
    queue[pos] = { position: pos, sequence: nextSequence(form), fields: fieldsOf(form) };
    store("queue", queue);
    setState(form, d.msgSaving);
    markAnswered(pos, true);
    flush();
  }

  function showLost(lost) {
    if (alertBox) alertBox.hidden = !lost;
  }

  function showMessage(text) {
    if (!messageBox) return;
    messageBox.textContent = text || "";
    messageBox.hidden = !text;
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, 3000);
  }

  function finishAndLeave(delay) {
    ended = true;
    setTimeout(function () { window.location.assign(d.resultUrl); }, delay || 0);
  }

  function flush() {
    if (sending || ended) return Promise.resolve(pendingCount() === 0);
    var positions = Object.keys(queue);
    if (!positions.length) { showLost(false); return Promise.resolve(true); }
    var item = queue[positions[0]];
    var body = new URLSearchParams();
    body.append("position", item.position);
    body.append("sequence", item.sequence);
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    sending = true;
    return fetch(d.answerUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" },
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }).then(function (result) {
      sending = false;
      var data = result.data || {};
      if (data.deadline) deadline = Date.parse(data.deadline);
      if (result.status >= 500 || (!data.saved && !data.code)) throw new Error("server");
      showLost(false);
      var done = function () {
        if (queue[item.position] && queue[item.position].sequence === item.sequence) delete queue[item.position];
        store("queue", queue);
      };
      if (data.saved) {
        done();
        setState(currentForm(item.position), d.msgSaved);
        showMessage("");
      } else if (data.code === "paused") {
        paused = true;
        showMessage(data.message);
        scheduleRetry();
        return false;
      } else if (data.code === "time_up" || data.code === "closed") {
        done();
        showMessage(data.message);
        finishAndLeave(data.code === "time_up" ? grace + 1500 : 1500);
        return false;
      } else { // stale (a newer one is saved), invalid, sequential, not_found: this one is dropped
        done();
        if (data.code !== "stale") showMessage(data.message);
      }
      return flush();
    }).catch(function () {
      sending = false;
      showLost(true);
      scheduleRetry();
      return false;
    });
  }

  function pendingCount() { return Object.keys(queue).length; }

  function markAnswered(position, yes) {
    var link = document.querySelector("[data-nav='" + position + "'].page-link");
    if (link && yes) link.classList.add("fw-bold");
  }

  // --- the question on screen -----------------------------------------------------------------------------
  var debounce = {};
  function wire() {
    var form = currentForm();
    if (!form || form.dataset.wired) return;
    form.dataset.wired = "1";
    var pending = queue[form.dataset.position];
    if (pending) restore(form, pending.fields);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function (event) {
      if (event.target.matches("input[type=text], textarea")) return; // saved on input/blur
      enqueue(form);
    });
    form.addEventListener("input", function (event) {
      if (!event.target.matches("input[type=text], textarea")) return;
      clearTimeout(debounce[form.dataset.position]);
      debounce[form.dataset.position] = setTimeout(function () { enqueue(form); }, 800);
    });
    form.addEventListener("focusout", function (event) {
      if (!event.target.matches("input[type=text], textarea")) return;
      if (debounce[form.dataset.position]) {
        clearTimeout(debounce[form.dataset.position]);
        delete debounce[form.dataset.position];
        enqueue(form);
      }
    });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      var item = button.closest("li");
      if (button.dataset.move === "up" && item.previousElementSibling) {
        item.parentNode.insertBefore(item, item.previousElementSibling);
      } else if (button.dataset.move === "down" && item.nextElementSibling) {
        item.parentNode.insertBefore(item.nextElementSibling, item);
      } else {
        return;
      }
      button.focus();
      enqueue(form);
    });
  }

  function restore(form, fields) {
    var values = {};
    fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    form.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (input) {
      input.checked = (values[input.name] || []).indexOf(input.value) >= 0;
    });
    form.querySelectorAll("input[type=text], textarea, select").forEach(function (input) {
      if (values[input.name]) input.value = values[input.name][0];
    });
    var list = form.querySelector(".attempt-ordering");
    if (list && values.value) {
      values.value.forEach(function (id) {
        var hidden = list.querySelector("input[value='" + CSS.escape(id) + "']");
        if (hidden) list.appendChild(hidden.closest("li"));
      });
    }
  }

  // text typed but not yet debounced is queued before the question changes or the attempt is finished
  function saveTyping() {
    var form = currentForm();
    if (form && debounce[form.dataset.position]) {
      clearTimeout(debounce[form.dataset.position]);
      delete debounce[form.dataset.position];
      enqueue(form);
    }
  }

  document.body.addEventListener("htmx:confirm", function (event) {
    if (!root.contains(event.target)) return;
    saveTyping();
    if (d.sequential !== "1" || !pendingCount()) return;
    // one way: the answers of this question reach the server before it is left
    event.preventDefault();
    flush().then(function (ok) { if (ok && !pendingCount()) event.detail.issueRequest(); });
  });
  document.body.addEventListener("htmx:afterSwap", function () { wire(); });
  document.body.addEventListener("htmx:sendError", function () { showLost(true); });

  var finishForm = document.getElementById("finish-form");
  if (finishForm) {
    finishForm.addEventListener("submit", function (event) {
      saveTyping();
      if (!pendingCount()) return;
      event.preventDefault();
      flush().then(function (ok) { if (ok && !pendingCount()) finishForm.submit(); });
    });
  }
  var retry = document.getElementById("connection-retry");
  if (retry) retry.addEventListener("click", function () { clearTimeout(retryTimer); retryTimer = null; flush(); });
  window.addEventListener("online", function () { flush(); });

  // --- the clock --------------------------------------------------------------------------------------------
  var timeLeft = document.getElementById("time-left");
  var announce = document.getElementById("time-announce");
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, deadline - (Date.now() + offset));
    var s = Math.floor(left / 1000);
    var h = Math.floor(s / 3600);
    timeLeft.textContent = (h ? h + ":" : "") + two(Math.floor((s % 3600) / 60)) + ":" + two(s % 60);
    [10, 5, 1].forEach(function (m) {
      if (!announced[m] && left > 0 && left <= m * 60000) {
        announced[m] = true;
        announce.textContent = m === 1 ? d.msgMinute : d.msgMinutes.replace("%(n)s", m);
      }
    });
    if (left <= 0 && !ended && !paused) {
      saveTyping();
      flush();
      showMessage(d.msgTimeUp);
      finishAndLeave(grace + 1500);
    }
  }
  function sync() {
    var sent = Date.now();
    fetch(d.clockUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var now = Date.now();
        offset = Date.parse(data.now) - (sent + now) / 2;
        deadline = Date.parse(data.deadline);
        paused = !!data.paused;
        if (paused) showMessage(d.msgPaused);
        if (data.status && data.status !== "progress") finishAndLeave(0);
        showLost(false);
        if (pendingCount()) flush();
      })
      .catch(function () { if (pendingCount()) showLost(true); });
  }
  // a proctored attempt (proctoring.js): its overlay covers the questions until the camera and the screen are on;
  // a pause stops the clock on the server, a resume moves the deadline, so the clock re-syncs then
  document.addEventListener("proctoring:paused", function () { paused = true; showMessage(d.msgPaused); });
  document.addEventListener("proctoring:resumed", function (event) {
    if (event.detail && event.detail.deadline) deadline = Date.parse(event.detail.deadline);
    paused = false;
    showMessage("");
    sync();
  });
  document.addEventListener("proctoring:closed", function () { finishAndLeave(0); });

  announced[10] = announced[5] = announced[1] = false;
  // thresholds already passed when the page opens are not announced again
  (function () {
    var left = deadline - (Date.now() + offset);
    [10, 5, 1].forEach(function (m) { if (left <= m * 60000 - 60000) announced[m] = true; });
  })();
  wire();
  tick();
  setInterval(tick, 1000);
  setInterval(sync, 30000);
  if (pendingCount()) flush();
})();
