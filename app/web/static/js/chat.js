// The chat component: send a message, stream the prospect's reply word by word (SSE over
// fetch + ReadableStream), count turns and time, and show a plain error with a Retry button.
// Configuration comes from data- attributes on [data-chat] because the CSP forbids inline script.
(function () {
  "use strict";

  var root = document.querySelector("[data-chat]");
  if (!root) return;

  var messages = root.querySelector("[data-messages]");
  var form = root.querySelector("[data-composer]");
  var input = form ? form.querySelector("textarea") : null;
  var sendButton = form ? form.querySelector("[type=submit]") : null;
  var banner = root.querySelector("[data-error]");
  var bannerText = banner ? banner.querySelector("[data-error-text]") : null;
  var retryButton = root.querySelector("[data-retry]");
  var turnsLeftEl = root.querySelector("[data-turns-left]");
  var timerEl = root.querySelector("[data-timer]");
  var endedEl = root.querySelector("[data-ended]");
  var status = root.querySelector("[data-status]");

  var sendUrl = root.getAttribute("data-send-url");
  var replyUrl = root.getAttribute("data-reply-url");
  var prospectName = root.getAttribute("data-prospect-name") || "Prospect";
  var youLabel = root.getAttribute("data-you-label") || "You";
  var turnsLeft = parseInt(root.getAttribute("data-turns") || "0", 10);
  var startedAt = Date.parse(root.getAttribute("data-started-at") || "");
  var limitSeconds = parseInt(root.getAttribute("data-minutes") || "0", 10) * 60;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var busy = false;
  var unsent = { text: null, id: null };  // a failed send keeps its id, so a resend stores once

  // A fresh id per message, so a resent request is stored once.
  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  function scrollToEnd() {
    messages.scrollTop = messages.scrollHeight;
  }

  function addMessage(speaker, text) {
    var li = document.createElement("li");
    li.className = "msg " + speaker;
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = speaker === "candidate" ? youLabel : prospectName;
    var bubble = document.createElement("div");
    bubble.className = "bubble";
    bubble.textContent = text;
    li.appendChild(who);
    li.appendChild(bubble);
    messages.appendChild(li);
    scrollToEnd();
    return li;
  }

  function setBusy(value) {
    busy = value;
    if (sendButton) sendButton.disabled = value || turnsLeft <= 0;
    root.setAttribute("aria-busy", value ? "true" : "false");
  }

  function showError(text) {
    if (!banner) return;
    bannerText.textContent = text;
    banner.hidden = false;
    if (retryButton) retryButton.focus();
  }

  function hideError() {
    if (banner) banner.hidden = true;
  }

  function updateTurns() {
    if (turnsLeftEl) turnsLeftEl.textContent = String(Math.max(turnsLeft, 0));
    if (turnsLeft <= 0 && input) {
      input.disabled = true;
      input.placeholder = "No turns left: end the call when you are ready.";
    }
  }

  function endCall(reason) {
    if (form) form.hidden = true;
    var endForm = root.querySelector("[data-end-form]");
    if (endForm) endForm.hidden = true;
    if (endedEl) {
      endedEl.hidden = false;
      var why = endedEl.querySelector("[data-ended-text]");
      if (why && reason) why.textContent = reason;
      var next = endedEl.querySelector("button, a");
      if (next) next.focus();
    }
  }

  // Parses one SSE block ("event: x\ndata: y") into {event, data}.
  function parseEvent(block) {
    var event = "message";
    var data = [];
    block.split("\n").forEach(function (line) {
      if (line.indexOf("event:") === 0) event = line.slice(6).trim();
      else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
    });
    var raw = data.join("\n");
    var parsed = raw;
    try { parsed = JSON.parse(raw); } catch (e) { parsed = raw; }
    return { event: event, data: parsed };
  }

  function textOf(data) {
    if (typeof data === "string") return data;
    if (data && typeof data === "object") return data.text || data.delta || data.token || "";
    return "";
  }

  async function streamReply() {
    hideError();
    setBusy(true);
    var pending = addMessage("prospect", "");
    pending.classList.add("pending");
    var bubble = pending.querySelector(".bubble");
    if (status) status.textContent = prospectName + " is replying";
    var ended = false;
    var failed = null;
    try {
      var response = await fetch(replyUrl, {
        method: "POST",
        headers: { "Accept": "text/event-stream", "X-CSRF-Token": csrf },
        credentials: "same-origin",
      });
      if (!response.ok || !response.body) {
        throw new Error("status " + response.status);
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      var finished = false;
      while (!finished) {
        var chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
        var cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          var evt = parseEvent(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          if (evt.event === "error") {
            failed = (evt.data && evt.data.detail) || "The prospect could not reply.";
            finished = true;
            break;
          }
          if (evt.event === "restart") {
            bubble.textContent = "";
            continue;
          }
          if (evt.event === "done") {
            var turn = evt.data && evt.data.turn;
            if (turn && turn.text) bubble.textContent = turn.text;
            ended = !!(evt.data && evt.data.round_over);
            finished = true;
            break;
          }
          bubble.textContent += textOf(evt.data);
          scrollToEnd();
        }
      }
      if (!failed && !bubble.textContent) failed = "The prospect's reply was empty.";
    } catch (err) {
      failed = "The connection dropped before the prospect replied.";
    }
    pending.classList.remove("pending");
    if (failed) {
      pending.remove();
      if (status) status.textContent = "";
      showError(failed + " Your message is saved. Try again.");
      setBusy(false);
      if (sendButton) sendButton.disabled = true;
      return;
    }
    if (status) status.textContent = prospectName + ": " + bubble.textContent;
    setBusy(false);
    if (ended) {
      endCall(prospectName + " has ended the call.");
    } else if (input && !input.disabled) {
      input.focus();
    }
  }

  async function send(text) {
    hideError();
    setBusy(true);
    var id = text === unsent.text ? unsent.id : newId();
    var mine = addMessage("candidate", text);
    input.value = "";
    var response;
    try {
      response = await fetch(sendUrl, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRF-Token": csrf,
        },
        credentials: "same-origin",
        body: JSON.stringify({ text: text, client_message_id: id }),
      });
    } catch (err) {
      response = null;
    }
    if (!response || !response.ok) {
      var detail = "Your message could not be sent.";
      var code = "";
      if (response) {
        try {
          var body = await response.json();
          if (body && body.detail) detail = body.detail;
          if (body && body.error) code = body.error;
        } catch (e) { /* keep the generic text */ }
      }
      if (code === "round-over" || code === "wrong-step") {
        mine.remove();
        setBusy(false);
        endCall(detail);
        return;
      }
      mine.remove();
      unsent = { text: text, id: id };
      input.value = text;
      showError(detail);
      setBusy(false);
      return;
    }
    unsent = { text: null, id: null };
    turnsLeft -= 1;
    updateTurns();
    await streamReply();
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text || busy || turnsLeft <= 0) return;
      send(text);
    });
    // Enter sends; Shift+Enter makes a new line; composing (IME) text is left alone.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  if (retryButton) {
    retryButton.addEventListener("click", function () {
      if (!busy) streamReply();
    });
  }

  function tick() {
    if (!timerEl || isNaN(startedAt)) return;
    var elapsed = Math.max(0, Math.floor((Date.now() - startedAt) / 1000));
    var mm = Math.floor(elapsed / 60);
    var ss = elapsed % 60;
    timerEl.textContent = mm + ":" + (ss < 10 ? "0" : "") + ss;
    if (limitSeconds && elapsed >= limitSeconds) {
      timerEl.parentElement.classList.add("warn");
    }
  }

  updateTurns();
  tick();
  setInterval(tick, 1000);
  scrollToEnd();
  // Keys typed before this point would not be sent: tests (and assistive tools) can wait for it.
  root.setAttribute("data-ready", "true");
  if (root.getAttribute("data-awaiting-reply") === "true") {
    streamReply();
  } else if (root.getAttribute("data-call-ended") === "true") {
    endCall();
  } else if (input && !input.disabled) {
    input.focus();
  }
})();
