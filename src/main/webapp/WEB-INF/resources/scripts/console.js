/* The console's only script (CSP: no inline script anywhere). Pages work without it; it adds the theme toggle,
   copy buttons and the streamed online test. */
(function () {
  "use strict";
  var root = document.documentElement;

  // ---- theme: system → light → dark → system, remembered in this browser ----
  var toggle = document.getElementById("theme-toggle");
  function systemDark() { return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches; }
  function label() {
    if (!toggle) return;
    var chosen = root.getAttribute("data-theme");
    toggle.textContent = chosen ? "Theme: " + chosen : "Theme: system (" + (systemDark() ? "dark" : "light") + ")";
  }
  if (toggle) {
    toggle.addEventListener("click", function () {
      var chosen = root.getAttribute("data-theme");
      var next = chosen === null ? "light" : chosen === "light" ? "dark" : null;
      if (next) root.setAttribute("data-theme", next); else root.removeAttribute("data-theme");
      try { if (next) localStorage.setItem("airouter-theme", next); else localStorage.removeItem("airouter-theme"); } catch (e) { }
      label();
    });
    if (window.matchMedia) window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", label);
    label();
  }

  // ---- copy buttons: <button data-copy="element-id"> ----
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = document.getElementById(button.getAttribute("data-copy")).textContent.trim();
      var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy"; }, 2000); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { select(button); });
      } else {
        select(button);
      }
    });
  });
  function select(button) {
    var range = document.createRange();
    range.selectNodeContents(document.getElementById(button.getAttribute("data-copy")));
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    button.textContent = "Press Ctrl+C";
  }

  // ---- online test, streamed: the form posts to the console's NDJSON endpoint and the answer fills in live ----
  var form = document.getElementById("test");
  if (form && window.fetch && window.TextDecoder) {
    form.addEventListener("submit", function (event) {
      var stream = document.getElementById("test:stream");
      if (!stream || !stream.checked) return;   // not streamed: the plain form post does the test
      event.preventDefault();
      runStreamed();
    });
  }

  function byId(id) { return document.getElementById(id); }

  function runStreamed() {
    var result = byId("result"), text = byId("out-text"), error = byId("out-error"), button = byId("test:send");
    result.classList.remove("is-hidden");
    result.classList.add("streaming");
    text.textContent = "";
    error.textContent = "";
    error.classList.add("is-hidden");
    byId("out-status").textContent = "sending…";
    ["out-ttft", "out-total", "out-usage", "out-route"].forEach(function (id) { byId(id).textContent = "—"; });
    button.disabled = true;
    var started = performance.now(), firstToken = null;
    var body = new URLSearchParams();
    body.set("route", byId("test:route").value);
    body.set("model", byId("test:model").value);
    body.set("message", byId("test:message").value);
    fetch(form.getAttribute("data-stream-url"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Console-Token": form.getAttribute("data-token") }
    }).then(function (response) {
      if (!response.ok) throw new Error("The console answered HTTP " + response.status + (response.status === 401 ? ": sign in again." : "."));
      byId("out-status").textContent = "streaming…";
      var reader = response.body.getReader(), decoder = new TextDecoder(), buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) return;
          buffer += decoder.decode(chunk.value, { stream: true });
          var lines = buffer.split("\n");
          buffer = lines.pop();
          lines.forEach(function (line) { if (line.trim()) handle(JSON.parse(line)); });
          return pump();
        });
      }
      return pump();
    }).catch(function (e) {
      byId("out-status").textContent = "failed";
      error.textContent = e.message;
      error.classList.remove("is-hidden");
    }).then(function () {
      result.classList.remove("streaming");
      button.disabled = false;
    });

    function handle(event) {
      if (event.type === "text") {
        if (firstToken === null) { firstToken = performance.now() - started; }
        text.textContent += event.text;
      } else if (event.type === "done") {
        byId("out-status").textContent = (event.ok ? "ok" : "failed") + (event.status ? " " + event.status : "");
        if (event.route) byId("out-route").textContent = event.route + " · " + event.model;
        byId("out-ttft").textContent = event.firstTokenMs >= 0 ? event.firstTokenMs + " ms" : "—";
        byId("out-total").textContent = event.totalMs + " ms";
        byId("out-usage").textContent = event.usage
          ? event.usage.prompt_tokens + " in · " + event.usage.completion_tokens + " out · " + event.usage.total_tokens + " total"
          : "—";
        if (event.error) {
          error.textContent = event.error;
          error.classList.remove("is-hidden");
        }
      }
    }
  }
})();
